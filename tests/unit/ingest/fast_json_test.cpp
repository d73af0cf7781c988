// parseFast: simdjson's parse must build exactly the tree nlohmann/json's parser builds, and give
// way to it (nullopt) on everything simdjson refuses, so that parseLine's verdicts do not change.
#include <catch2/catch.hpp>

#include <fstream>
#include <string>

#include "ingest/fast_json.hpp"
#include "ingest/message.hpp"

using namespace switchboard::ingest;
using nlohmann::json;

TEST_CASE("parseFast builds the same tree as nlohmann/json for every fixture message") {
    std::ifstream in(SB_FIXTURES_DIR "/messages.jsonl");
    REQUIRE(in);
    int lines = 0;
    for (std::string line; std::getline(in, line); ++lines) {
        const auto fast = parseFast(line);
        REQUIRE(fast.has_value());
        CHECK(*fast == json::parse(line));
        // Same key order and number forms too: what is dumped is what the console shows.
        CHECK(fast->dump() == json::parse(line).dump());
    }
    CHECK(lines > 40);
}

TEST_CASE("parseFast agrees with nlohmann/json on the corners of JSON") {
    for (const char* text : {"-0",
                             "-0.0",
                             "0",
                             "1.0",
                             "1E2",
                             "0.1",
                             "1e-400",
                             "4.9e-324",
                             "1.7976931348623157e308",
                             "18446744073709551615",
                             "-9223372036854775808",
                             R"("\ud83d\ude00")",
                             R"("a\u0000b")",
                             R"("\/")",
                             R"({"a":1,"a":2})",
                             "  {} ",
                             "[]",
                             "[[[[]]]]",
                             "true",
                             "null",
                             R"({"arch":["x86_64","aarch64"],"n":{"m":null,"f":false}})"}) {
        INFO(text);
        const auto fast = parseFast(text);
        REQUIRE(fast.has_value());
        CHECK(fast->dump() == json::parse(text).dump());
    }
    CHECK(parseFast(R"({"a":1,"a":2})")->at("a") == 2);  // the last repeated key wins
    // Also out of order, where the end is not the place for the key.
    CHECK(*parseFast(R"({"b":1,"a":2,"b":3})") == nlohmann::json{{"a", 2}, {"b", 3}});
}

TEST_CASE("parseFast gives way on what simdjson refuses, and parseLine still reads it") {
    // Invalid JSON: nlohmann/json's parser, run after it, names the byte and the reason.
    for (const char* text : {R"({"a":1}{"b":2})", "[1,2,]", "tru", R"({"a":"\x"})", R"("\ud800")"})
        CHECK_FALSE(parseFast(text).has_value());
    const auto error = parseLine(R"({"a":1} x)");
    REQUIRE(std::holds_alternative<ParseError>(error));
    CHECK(std::get<ParseError>(error).reason.find("at byte 9") != std::string::npos);

    // Integers past 64 bits: nlohmann/json reads them as doubles, simdjson refuses them.
    const char* big = R"({"topic":"t","body":{"n":100000000000000000000000000000}})";
    CHECK_FALSE(parseFast(big).has_value());
    const auto message = parseLine(big);
    REQUIRE(std::holds_alternative<Message>(message));
    CHECK(std::get<Message>(message).body.at("n").get<double>() == 1e29);
}

TEST_CASE("parseFast leaves texts over its size bound to nlohmann/json") {
    const std::string large =
        R"({"topic":"t","body":{"pad":")" + std::string(kFastJsonMaxBytes, 'x') + R"("}})";
    CHECK_FALSE(parseFast(large).has_value());
    const auto message = parseLine(large);
    REQUIRE(std::holds_alternative<Message>(message));
    CHECK(std::get<Message>(message).body.at("pad").get_ref<const std::string&>().size() ==
          kFastJsonMaxBytes);
    // A text within the bound after it is parsed as before (the parser is reused per thread).
    CHECK(parseFast(R"({"k":[1,2]})")->at("k").size() == 2);
}

TEST_CASE("parseFast holds the caller's nesting limit, whatever the previous caller's was") {
    const auto nested = [](int depth) {
        return std::string(static_cast<size_t>(depth), '[') +
               std::string(static_cast<size_t>(depth), ']');
    };
    CHECK(parseFast(nested(3), 3).has_value());
    CHECK_FALSE(parseFast(nested(4), 3).has_value());
    CHECK(parseFast(nested(300)).has_value());  // the default limit again
    CHECK_FALSE(parseFast(nested(kFastJsonMaxDepth + 1)).has_value());
    CHECK(parseFast(nested(3), 3).has_value());
    CHECK_FALSE(parseFast("[]", 0).has_value());
}
