// AMQP header tables to JSON: strings are kept as they came when they are UTF-8, and bad bytes
// become U+FFFD, so that what the store and the console show is always valid JSON text.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "bus/amqp_common.hpp"

using namespace switchboard::bus;

namespace {

amqp_field_value_t stringField(const std::string& text, uint8_t kind = AMQP_FIELD_KIND_UTF8) {
    amqp_field_value_t value{};
    value.kind = kind;
    value.value.bytes.len = text.size();
    value.value.bytes.bytes = const_cast<char*>(text.data());
    return value;
}

}  // namespace

TEST_CASE("header strings that are UTF-8 are kept byte for byte") {
    const std::string sentAt = "2024-01-02T03:04:05+00:00";
    const std::string name = "Fran\xC3\xA7ois \xF0\x9F\x98\x80";
    const std::string withNul("a\0b", 3);
    std::vector<amqp_table_entry_t> entries = {
        {amqp_cstring_bytes("sent-at"), stringField(sentAt)},
        {amqp_cstring_bytes("agent"), stringField(name, AMQP_FIELD_KIND_BYTES)},
        {amqp_cstring_bytes("nul"), stringField(withNul)},
    };
    amqp_table_t table{static_cast<int>(entries.size()), entries.data()};
    const nlohmann::json headers = amqp::tableToJson(table);
    CHECK(headers.at("sent-at") == sentAt);
    CHECK(headers.at("agent") == name);
    CHECK(headers.at("nul").get<std::string>() == withNul);
}

TEST_CASE("header strings with bytes that are not UTF-8 get U+FFFD in their place") {
    const std::string bad = "ok \xFF end";
    std::vector<amqp_table_entry_t> entries = {{amqp_cstring_bytes("x"), stringField(bad)}};
    amqp_table_t table{1, entries.data()};
    const nlohmann::json headers = amqp::tableToJson(table);
    CHECK(headers.at("x") == "ok \xEF\xBF\xBD end");
    CHECK_NOTHROW(headers.dump());
}
