#include <catch2/catch.hpp>

#include <cstdint>
#include <fstream>
#include <limits>
#include <string>

#include <nlohmann/json.hpp>

#include "store/json_text.hpp"

using nlohmann::json;
using switchboard::store::writeCompactJson;

namespace {

std::string nlohmannText(const json& value) {
    return value.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string ours(const json& value) {
    std::string out = "left over from an earlier, longer value";
    writeCompactJson(value, out);
    return out;
}

}  // namespace

TEST_CASE("compact JSON text is byte for byte nlohmann's for every fixture message") {
    std::ifstream in(SB_FIXTURES_DIR "/messages.jsonl");
    int compared = 0;
    for (std::string line; std::getline(in, line);) {
        const json record = json::parse(line, nullptr, false);
        if (record.is_discarded()) continue;
        INFO(line.substr(0, 200));
        CHECK(ours(record) == nlohmannText(record));
        for (const char* part : {"body", "headers", "msg"})
            if (record.contains(part)) CHECK(ours(record[part]) == nlohmannText(record[part]));
        ++compared;
    }
    CHECK(compared > 50);
}

TEST_CASE("values the plain writer hands to nlohmann come out the same") {
    std::string deep = "0";
    for (int i = 0; i < 40; ++i) deep = "[" + deep + "]";
    const json values[] = {
        json::object(),
        json::array(),
        json(nullptr),
        json(true),
        json::parse(R"({"a": 1.5, "b": [1e300, -0.0, 3.0]})"),
        json(std::numeric_limits<int64_t>::min()),
        json(std::numeric_limits<uint64_t>::max()),
        json("quote \" and backslash \\"),
        json("tab\tnewline\ncontrol\x01"),
        json("delete \x7f"),
        json("caf\xc3\xa9 \xe2\x9c\x93"),
        json("invalid \xff\xfe utf-8"),
        json::parse(R"({"k\"ey": "v", "sent-at": "2024-05-01T12:00:00+00:00", "priority": 0})"),
        json::parse(
            R"({"amqp": {"delivery_mode": 2, "exchange": "amq.topic"}, "x": [true, null]})"),
        json::parse(deep),
    };
    for (const json& value : values) {
        INFO(nlohmannText(value));
        CHECK(ours(value) == nlohmannText(value));
    }
}
