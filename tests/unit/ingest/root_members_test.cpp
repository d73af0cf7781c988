#include <catch2/catch.hpp>

#include <fstream>
#include <string>

#include <nlohmann/json.hpp>

#include "ingest/root_members.hpp"

using switchboard::ingest::locateRootMembers;
using switchboard::ingest::RootMembers;
using json = nlohmann::json;

TEST_CASE("root members are found between the spaces around them") {
    const RootMembers m = locateRootMembers(
        " { \"topic\" : \"t\" ,\t\"headers\" :{\"a\": [1, {\"b\": null}]} , \"body\"\n:  12.5e3  "
        "}\r");
    CHECK(m.headers == R"({"a": [1, {"b": null}]})");
    CHECK(m.body == "12.5e3");
    CHECK(m.msg.empty());
    CHECK_FALSE(m.escapedKey);

    CHECK(locateRootMembers(R"({"msg":true})").msg == "true");
    CHECK(locateRootMembers(R"({"msg":"x","body":null})").body == "null");
    CHECK(locateRootMembers("{}").body.empty());
}

TEST_CASE("quotes, backslashes and brackets inside strings do not end a member") {
    // Each string is long enough to be read 8 bytes at a time, with the quote or backslash at
    // every place in a word.
    for (int pad = 0; pad < 9; ++pad) {
        const std::string filler(static_cast<size_t>(pad), 'x');
        const std::string body = "{\"s\": \"" + filler + "\\\"}]{[" + filler +
                                 "\\\\\", \"n\": [\"" + filler + "\\u0022\"]}";
        const std::string line = "{\"body\": " + body + ", \"msg\": \"" + filler + "\\\\\"}";
        INFO(line);
        REQUIRE(json::accept(line));
        const RootMembers m = locateRootMembers(line);
        CHECK(m.body == body);
        CHECK(m.msg == "\"" + filler + "\\\\\"");
    }
}

TEST_CASE("the last of repeated keys counts, and an escaped key is flagged") {
    CHECK(locateRootMembers(R"({"body": 1, "body": [2]})").body == "[2]");
    const RootMembers escaped = locateRootMembers(R"({"b\u006fdy": 1, "body": 2})");
    CHECK(escaped.escapedKey);
    CHECK(escaped.body == "2");
    // A backslash inside a value, or inside a nested key, is not a root key's.
    CHECK_FALSE(locateRootMembers(R"({"body": {"k\"ey": "v\\"}})").escapedKey);
}

TEST_CASE("a byte order mark before the root is stepped over, as nlohmann/json does") {
    const RootMembers m = locateRootMembers("\xEF\xBB\xBF {\"body\": {\"a\" : 1} }");
    CHECK(m.body == R"({"a" : 1})");
}

TEST_CASE("a root that is not an object has no members") {
    CHECK(locateRootMembers(R"(["body", {"body": 1}])").body.empty());
    CHECK(locateRootMembers(R"("body")").body.empty());
    CHECK(locateRootMembers("").body.empty());
}

TEST_CASE("text cut short gives partial members and never reads past its end") {
    const std::string whole = R"({"headers": {"a": "b"}, "body": {"k": "v\"w"}, "msg": 1})";
    for (size_t cut = 0; cut < whole.size(); ++cut) {
        // A copy of exactly `cut` bytes, so that the sanitizers catch a read past it.
        const std::string part = whole.substr(0, cut);
        const RootMembers m = locateRootMembers(part);
        const auto inside = [&](std::string_view v) {
            return v.empty() ||
                   (v.data() >= part.data() && v.data() + v.size() <= part.data() + part.size());
        };
        CHECK(inside(m.headers));
        CHECK(inside(m.body));
        CHECK(inside(m.msg));
    }
}

TEST_CASE("every fixture line's members are the values the parser read") {
    std::ifstream messages(SB_FIXTURES_DIR "/messages.jsonl");
    REQUIRE(messages);
    std::string line;
    int checked = 0;
    while (std::getline(messages, line)) {
        const json root = json::parse(line);
        const RootMembers m = locateRootMembers(line);
        INFO(line.substr(0, 120));
        for (const auto& [key, text] :
             {std::pair{"body", m.body}, {"msg", m.msg}, {"headers", m.headers}}) {
            if (root.contains(key)) {
                REQUIRE_FALSE(text.empty());
                CHECK(json::parse(text) == root[key]);
                ++checked;
            } else {
                CHECK(text.empty());
            }
        }
    }
    CHECK(checked > 20);
}
