// parseLine / parseDelivery: the three line shapes, envelope times, and every class of bad input.
#include <catch2/catch.hpp>

#include <fstream>
#include <string>

#include "ingest/message.hpp"

using namespace switchboard::ingest;
using nlohmann::json;

namespace {

Message parsed(std::string_view line) {
    ParseResult result = parseLine(line);
    if (const auto* error = std::get_if<ParseError>(&result))
        FAIL("parse failed: " << error->reason);
    return std::get<Message>(std::move(result));
}

std::string failure(std::string_view line, const Limits& limits = {}) {
    ParseResult result = parseLine(line, limits);
    REQUIRE(std::holds_alternative<ParseError>(result));
    return std::get<ParseError>(result).reason;
}

std::string deliveryFailure(std::string_view body, const Limits& limits = {}) {
    ParseResult result = parseDelivery("t", json::object(), body, "", limits);
    REQUIRE(std::holds_alternative<ParseError>(result));
    return std::get<ParseError>(result).reason;
}

}  // namespace

TEST_CASE("a fedora-messaging record gives topic, headers, body, id and sent-at") {
    const Message m = parsed(
        R"({"id": "abc-1", "topic": "org.fedoraproject.prod.buildsys.tag",
            "headers": {"sent-at": "2024-01-02T03:04:05.678+00:00", "x": 1},
            "body": {"tag": "f40"}, "queue": "q"})");
    CHECK(m.topic == "org.fedoraproject.prod.buildsys.tag");
    CHECK(m.msg_id == "abc-1");
    CHECK(m.headers.at("x") == 1);
    CHECK(m.body == json{{"tag", "f40"}});
    CHECK(m.sent_at == 1704164645678);
}

TEST_CASE("a fedora-messaging record without id or headers is still a record") {
    const Message m = parsed(R"({"topic": "a.b", "body": [1, 2], "headers": "junk"})");
    CHECK(m.topic == "a.b");
    CHECK(m.msg_id.empty());
    CHECK(m.headers == json::object());
    CHECK(m.body == json::array({1, 2}));
    CHECK(m.sent_at == 0);
}

TEST_CASE("a datagrepper raw message gives msg as body and timestamp seconds as ms") {
    const Message whole = parsed(
        R"({"topic": "/topic/VirtualTopic.eng.brew.build.complete", "msg": {"new": 1},
            "msg_id": "ID:x-1", "timestamp": 1490946728, "i": 0})");
    CHECK(whole.topic == "/topic/VirtualTopic.eng.brew.build.complete");
    CHECK(whole.msg_id == "ID:x-1");
    CHECK(whole.body == json{{"new", 1}});
    CHECK(whole.sent_at == 1490946728000);
    CHECK(whole.headers == json::object());
    CHECK(parsed(R"({"topic": "t", "msg": {}, "timestamp": 1487188431.25})").sent_at ==
          1487188431250);
    CHECK(parsed(R"({"topic": "t", "msg": {}, "timestamp": "1487188431.5"})").sent_at ==
          1487188431500);
    CHECK(parsed(R"({"topic": "t", "msg": {}, "timestamp": "soon"})").sent_at == 0);
    CHECK(parsed(R"({"topic": "t", "msg": {}, "timestamp": -5})").sent_at == 0);
    const Message headers = parsed(R"({"topic": "t", "msg": 1, "headers": {"priority": "4"}})");
    CHECK(headers.headers.at("priority") == "4");
    CHECK(headers.msg_id.empty());
}

TEST_CASE("a line without a topic is a bare body, kept whole") {
    const Message m = parsed(R"({"product": "RHEL", "version": "8.4", "message": {}})");
    CHECK(m.topic.empty());
    CHECK(m.body.at("product") == "RHEL");
    // A topic that is not a string does not make an envelope either.
    const Message odd = parsed(R"({"topic": 5, "body": {"a": 1}})");
    CHECK(odd.topic.empty());
    CHECK(odd.body.at("topic") == 5);
    // Nor does a topic with neither body nor msg beside it.
    CHECK(parsed(R"({"topic": "x", "status": "ok"})").body.at("status") == "ok");
}

TEST_CASE("invalid JSON is reported with the byte where it broke") {
    const std::string reason = failure(R"({"topic": "x", "body": {"a": tru}})");
    CHECK(reason.rfind("invalid JSON at byte ", 0) == 0);
    CHECK(reason.find("syntax error") == std::string::npos);
    CHECK(failure("{'single': 'quotes'}").rfind("invalid JSON at byte 2: ", 0) == 0);
    CHECK(failure("{} trailing").rfind("invalid JSON at byte", 0) == 0);
}

TEST_CASE("a truncated line is invalid JSON at its end") {
    std::ifstream fixtures(SB_FIXTURES_DIR "/messages.jsonl");
    std::string line;
    REQUIRE(std::getline(fixtures, line));
    const std::string cut = line.substr(0, line.size() / 2);
    const std::string reason = failure(cut);
    CHECK(reason.find("invalid JSON at byte ") == 0);
    CHECK(reason.find("unexpected end of input") != std::string::npos);
}

TEST_CASE("the parser's quote of an unterminated string is cut to its two ends") {
    // 200,000 bytes of a string that never ends: the reason quotes its start and end, not all.
    const std::string reason = failure("{\"body\": \"" + std::string(100000, 'x') + "\u00e9" +
                                       std::string(99990, 'y'));
    CHECK(reason.rfind("invalid JSON at byte ", 0) == 0);
    CHECK(reason.find("missing closing quote") != std::string::npos);
    CHECK(reason.find("last read: '\"xxxxxxxxxxxxxxxxxxxxxxx...yyyyyyyyyyyyyyyyyyyyyyyy'") !=
          std::string::npos);
    CHECK(reason.size() < 200);
    // A short quote stays whole.
    CHECK(failure(R"({"a": tru})").find(R"(last read: '"a": tru}')") != std::string::npos);
}

TEST_CASE("an empty or blank line is an error of its own") {
    CHECK(failure("") == "empty line");
    CHECK(failure(" \t\r") == "empty line");
}

TEST_CASE("a delivery with an empty body is a message whose body is the empty string") {
    // Errata Tool on UMB: every fact in the headers, nothing in the body.
    for (const std::string_view body : {std::string_view(""), std::string_view(" \r\n")}) {
        ParseResult result = parseDelivery("VirtualTopic.eng.errata.activity.status",
                                           json{{"errata_id", "148030"}}, body, "ID:1");
        REQUIRE(std::holds_alternative<Message>(result));
        const Message& m = std::get<Message>(result);
        CHECK(m.body == "");
        CHECK(m.headers.at("errata_id") == "148030");
        CHECK(m.msg_id == "ID:1");
        CHECK(m.topic == "VirtualTopic.eng.errata.activity.status");
    }
}

TEST_CASE("a line that is not a JSON object says what it is instead") {
    CHECK(failure("[1, 2]") == "expected a JSON object, got an array");
    CHECK(failure("42") == "expected a JSON object, got a number");
    CHECK(failure("-1.5e3") == "expected a JSON object, got a number");
    CHECK(failure("\"text\"") == "expected a JSON object, got a string");
    CHECK(failure("null") == "expected a JSON object, got null");
    CHECK(failure("true") == "expected a JSON object, got a boolean");
}

TEST_CASE("invalid UTF-8 is reported at its byte, before any parsing") {
    CHECK(failure("{\"topic\": \"\xff\"}") == "invalid UTF-8 at byte 12");
    CHECK(failure("{\"a\": \"\xc3\"}") == "invalid UTF-8 at byte 8");          // cut short
    CHECK(failure("{\"a\": \"\xc0\xaf\"}") == "invalid UTF-8 at byte 8");      // overlong
    CHECK(failure("{\"a\": \"\xed\xa0\x80\"}") == "invalid UTF-8 at byte 8");  // surrogate
    CHECK(failure("{\"a\": \"\xf4\x90\x80\x80\"}") == "invalid UTF-8 at byte 8");
    // Valid multi-byte text passes: 2, 3 and 4 bytes.
    CHECK(parsed("{\"a\": \"\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\"}").body.at("a") ==
          "\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80");
    ParseResult topic = parseDelivery("bad\xfe", json::object(), "{}", "");
    REQUIRE(std::holds_alternative<ParseError>(topic));
    CHECK(std::get<ParseError>(topic).reason == "invalid UTF-8 in topic at byte 4");
    CHECK(deliveryFailure("{\"a\": \"\x80\"}") == "invalid UTF-8 in body at byte 8");
}

TEST_CASE("binary bytes are rejected with a reason, never a crash") {
    const std::string nul("{\"a\": \"x\0y\"}", 12);
    CHECK(failure(nul) == "invalid JSON at byte 9: a NUL byte (binary data?)");
    CHECK(failure(std::string("{\"a\": \0\x01}", 9)) == "invalid JSON at byte 7: a NUL byte (binary data?)");
    // nlohmann/json takes NUL for the end of its input: without the pre-scan's check this line
    // parsed as its first object, the rest dropped (found by fuzz_normalize).
    CHECK(failure(std::string("{\"a\": 1}\0\0{\"body\": 2}", 20)) ==
          "invalid JSON at byte 9: a NUL byte (binary data?)");
    CHECK(deliveryFailure(std::string("{}\0", 3)) == "invalid JSON in body at byte 3: a NUL byte (binary data?)");
    std::string binary;
    for (int i = 0; i < 256; ++i) binary.push_back(static_cast<char>((i * 37) & 0x7f));
    CHECK_FALSE(failure(binary).empty());
    CHECK_FALSE(failure(std::string("\x01\x02\x03", 3)).empty());
}

TEST_CASE("a body over the size limit is rejected before it is parsed") {
    const std::string big(10 * 1024 * 1024, ' ');
    CHECK(deliveryFailure(big) == "body is 10485760 bytes, over the 4194304-byte limit");
    const std::string line = "{\"body\": \"" + std::string(10 * 1024 * 1024, 'x') + "\"}";
    CHECK(failure(line) ==
          "line is " + std::to_string(line.size()) + " bytes, over the 4194304-byte limit");
    Limits small;
    small.maxBytes = 10;
    CHECK(failure(R"({"a": "12345"})", small) == "line is 14 bytes, over the 10-byte limit");
    CHECK(std::holds_alternative<Message>(parseLine(R"({"a": "1"})", small)));
}

TEST_CASE("JSON nested 100,000 deep is rejected by the pre-scan, not the parser") {
    const std::string arrays = std::string(100000, '[') + std::string(100000, ']');
    CHECK(failure(arrays) == "nesting deeper than 256 at byte 257");
    std::string objects;
    for (int i = 0; i < 100000; ++i) objects += "{\"a\":";
    objects += "1" + std::string(100000, '}');
    CHECK(failure(objects).rfind("nesting deeper than 256", 0) == 0);
    CHECK(deliveryFailure(arrays).rfind("nesting deeper than 256", 0) == 0);
    // Unclosed nesting is refused the same way, and brackets inside strings do not count.
    CHECK(failure(std::string(300, '[')).rfind("nesting deeper than 256", 0) == 0);
    const std::string inString = "{\"s\": \"" + std::string(1000, '[') + "\\\"[\"}";
    CHECK(parsed(inString).body.at("s").get<std::string>().size() == 1002);
}

TEST_CASE("nesting up to the limit is accepted") {
    const std::string line = "{\"a\":" + std::string(255, '[') + std::string(255, ']') + "}";
    CHECK(std::holds_alternative<Message>(parseLine(line)));
    Limits shallow;
    shallow.maxDepth = 2;
    CHECK(failure(R"({"a": {"b": {}}})", shallow) == "nesting deeper than 2 at byte 13");
    // A delivery's body is checked by simdjson alone when it parses: the same limit holds.
    CHECK(std::holds_alternative<Message>(
        parseDelivery("t", json::object(), R"({"a": {}})", "", shallow)));
    CHECK(deliveryFailure(R"({"a": {"b": {}}})", shallow) == "nesting deeper than 2 at byte 13");
    CHECK(std::holds_alternative<Message>(parseDelivery(
        "t", json::object(), std::string(256, '[') + std::string(256, ']'), "")));
    CHECK(deliveryFailure(std::string(257, '[') + std::string(257, ']')) ==
          "nesting deeper than 256 at byte 257");
}

TEST_CASE("a delivery body with a NUL byte or bytes that are not UTF-8 gets the pre-scan's reason") {
    CHECK(deliveryFailure(std::string("{\"a\": \"x\0y\"}", 12)) ==
          "invalid JSON in body at byte 9: a NUL byte (binary data?)");
    CHECK(deliveryFailure("[\"\xC0\xAF\"]") == "invalid UTF-8 in body at byte 3");
    CHECK(deliveryFailure("[1]\xFF") == "invalid UTF-8 in body at byte 4");
}

TEST_CASE("a delivery keeps its topic, id and headers and reads sent-at") {
    ParseResult result =
        parseDelivery("org.fedoraproject.prod.x", {{"sent-at", "2024-01-01T00:00:00Z"}},
                      R"({"k": "v"})", "mid-1");
    REQUIRE(std::holds_alternative<Message>(result));
    const Message& m = std::get<Message>(result);
    CHECK(m.topic == "org.fedoraproject.prod.x");
    CHECK(m.msg_id == "mid-1");
    CHECK(m.sent_at == 1704067200000);
    CHECK(m.body == json{{"k", "v"}});
    // Any JSON value is a body; headers that are not an object become empty.
    ParseResult array = parseDelivery("t", json::array(), "[1]", "");
    REQUIRE(std::holds_alternative<Message>(array));
    CHECK(std::get<Message>(array).headers == json::object());
    CHECK(deliveryFailure("not json").rfind("invalid JSON in body at byte 2: ", 0) == 0);
}

// The pipeline quarantines a refused delivery with its headers: they must still be there.
TEST_CASE("a delivery that does not parse leaves the caller its headers") {
    json headers = {{"message-id", "ID:1"}, {"priority", "4"}};
    const json copy = headers;
    ParseResult refused = parseDelivery("t", std::move(headers), "{\"a\": ", "ID:1");
    REQUIRE(std::holds_alternative<ParseError>(refused));
    CHECK(headers == copy);
    ParseResult taken = parseDelivery("t", std::move(headers), "{}", "ID:1");
    REQUIRE(std::holds_alternative<Message>(taken));
    CHECK(std::get<Message>(taken).headers == copy);
}

TEST_CASE("a message points at its body's and headers' original text in the line") {
    const std::string record =
        R"({"id": "1", "topic": "a.b", "headers": {"x" : [1, 2]} , "body": { "k": "v,}" } })";
    const Message m = parsed(record);
    CHECK(m.bodyText == R"({ "k": "v,}" })");
    CHECK(m.headersText == R"({"x" : [1, 2]})");
    CHECK(json::parse(m.bodyText) == m.body);

    const std::string raw = R"({"topic": "t", "msg": [1, {"a": "}"}], "msg_id": "m"})";
    const Message d = parsed(raw);
    CHECK(d.bodyText == R"([1, {"a": "}"}])");
    CHECK(d.headersText.empty());  // no headers member: the store writes {}

    const std::string bare = " {\"product\": \"RHEL\"}\r";
    CHECK(parsed(bare).bodyText == "{\"product\": \"RHEL\"}");

    ParseResult delivery = parseDelivery("t", json::object(), " [1] ", "");
    REQUIRE(std::holds_alternative<Message>(delivery));
    CHECK(std::get<Message>(delivery).bodyText == "[1]");
}

TEST_CASE("a line that starts with a byte order mark keeps its body's text") {
    // simdjson refuses the mark; nlohmann/json steps over it and parses the line.
    const Message m = parsed("\xEF\xBB\xBF{\"topic\": \"t\", \"body\": {\"a\" : 1} }");
    CHECK(m.body == json{{"a", 1}});
    CHECK(m.bodyText == R"({"a" : 1})");
}

TEST_CASE("the original text follows the parser on repeated, escaped and odd members") {
    // The parser keeps the last of repeated keys; so does the text.
    const Message twice = parsed(R"({"topic": "t", "body": {"a": 1}, "body": {"b": 2}})");
    CHECK(twice.body == json{{"b", 2}});
    CHECK(twice.bodyText == R"({"b": 2})");
    // A key written with escapes may name a member differently: no text, the value is stored.
    const Message escaped = parsed(R"({"topic": "t", "body": {"a": 1}, "b\u006fdy": {"b": 2}})");
    CHECK(escaped.body == json{{"b", 2}});
    CHECK(escaped.bodyText.empty());
    CHECK(escaped.headersText.empty());
    // Headers that are not an object are read as none, so there is no text for them either.
    const Message junk = parsed(R"({"topic": "t", "body": 1, "headers": "junk"})");
    CHECK(junk.headersText.empty());
    CHECK(junk.bodyText == "1");
    // Strings in values and nested objects do not confuse the member boundaries.
    const Message nested =
        parsed(R"({"topic": "t", "headers": {"body": "x"}, "body": {"headers": {"q": "\"{"}}})");
    CHECK(nested.headersText == R"({"body": "x"})");
    CHECK(json::parse(nested.bodyText) == nested.body);
}
