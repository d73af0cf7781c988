// ingest::lineEvent, the ingest's way from a line to an event: whichever way a line goes (read
// straight from simdjson's document, or through parseLine and normalize()), what it gives must be
// what parseLine, normalize() and the field pointers give.
#include <fstream>
#include <string>
#include <vector>

#include "helpers.hpp"
#include "ingest/field_pointers.hpp"
#include "ingest/line_event.hpp"

using namespace switchboard;
using namespace switchboard::ingest;
using nlohmann::json;

namespace {

model::FieldPointer pointer(std::string ptr, model::PointerField field,
                            model::PointerPart part = model::PointerPart::Body) {
    model::FieldPointer p;
    p.pointer = std::move(ptr);
    p.topic_glob = "*";
    p.field = field;
    p.part = part;
    return p;
}

// Pointers into what the fixtures' `other` messages carry, and some that lead nowhere: an index
// with a leading zero, past the end, "-", a key with an escaped '/', a scalar's member.
const FieldPointers& testPointers() {
    static const FieldPointers pointers({
        pointer("/builds/01/nvr", model::PointerField::Subject),
        pointer("/builds/-", model::PointerField::Subject),
        pointer("/a~1b", model::PointerField::Subject),
        pointer("/errata_id/x", model::PointerField::Subject),
        pointer("/builds/0/nvr", model::PointerField::Subject),
        pointer("/errata_id", model::PointerField::Subject),
        pointer("/msg/header/x-subject", model::PointerField::Subject),
        pointer("/artifact/builds/0/component", model::PointerField::Component),
        pointer("/", model::PointerField::State),
        pointer("/x~0y", model::PointerField::State),
        pointer("/product", model::PointerField::Product, model::PointerPart::Headers),
        pointer("/release", model::PointerField::Version),
    });
    return pointers;
}

// What parseLine, normalize() and the pointers make of the line: the reference.
std::variant<LineEvent, ParseError> throughMessage(std::string_view line,
                                                   const FieldPointers* pointers,
                                                   const Limits& limits) {
    ParseResult parsed = parseLine(line, limits);
    if (auto* error = std::get_if<ParseError>(&parsed)) return *error;
    auto& message = std::get<Message>(parsed);
    LineEvent out;
    out.bodyText = message.bodyText;
    out.headersText = message.headersText;
    out.event = normalize(std::move(message));
    if (pointers != nullptr) pointers->apply(out.event);
    return out;
}

// Everything the store reads of an event: its fields, the texts it keeps, and the body that keys
// a message without an id.
void requireSame(std::string_view line, const FieldPointers* pointers, const Limits& limits = {}) {
    INFO("line: " << line);
    auto want = throughMessage(line, pointers, limits);
    auto got = lineEvent(line, limits, pointers);
    REQUIRE(want.index() == got.index());
    if (auto* error = std::get_if<ParseError>(&want)) {
        CHECK(std::get<ParseError>(got).reason == error->reason);
        return;
    }
    const LineEvent& a = std::get<LineEvent>(want);
    const LineEvent& b = std::get<LineEvent>(got);
    CHECK(model::toJson(b.event) == model::toJson(a.event));
    CHECK(b.event.msg_id == a.event.msg_id);
    CHECK(b.event.sent_at == a.event.sent_at);
    CHECK(b.event.received_at == a.event.received_at);
    CHECK(b.bodyText == a.bodyText);
    CHECK(b.headersText == a.headersText);
    // The store serializes the body of a message without an id for its dedup key, and the
    // headers and body when their texts could not be pointed at.
    if (a.event.msg_id.empty() || a.bodyText.empty()) CHECK(b.event.body == a.event.body);
    if (a.headersText.empty()) CHECK(b.event.headers == a.event.headers);
}

std::vector<std::string> linesOf(const char* path) {
    std::ifstream in(path);
    REQUIRE(in.good());
    std::vector<std::string> lines;
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    return lines;
}

}  // namespace

TEST_CASE("every fixture line gives the same event through lineEvent as through parseLine") {
    const auto lines = linesOf(SB_FIXTURES_DIR "/messages.jsonl");
    CHECK(lines.size() == 139);
    for (const std::string& line : lines) {
        requireSame(line, nullptr);
        requireSame(line, &testPointers());
    }
}

TEST_CASE("every demo line gives the same event through lineEvent as through parseLine") {
    const auto lines = linesOf(SB_SOURCE_DIR "/assets/demo/events.jsonl");
    CHECK(lines.size() >= 2000);
    for (const std::string& line : lines) requireSame(line, &testPointers());
}

TEST_CASE("lines of every odd shape give the same event or error both ways") {
    const char* const lines[] = {
        // Repeated keys: the last one counts, at the root and inside the body.
        R"({"topic": "a.b", "body": {"x": 1}, "body": {"compose_id": "F-39-20231001.n.0",
            "status": "FINISHED", "status": "STARTED"}, "id": "1"})",
        R"({"topic": "x", "topic": "org.fedoraproject.prod.pungi.compose.status.change",
            "body": {"compose_id": "Fedora-39-20231001.n.0", "status": "DOOMED"}})",
        // A root key written with escapes: its text cannot be trusted, the values are kept.
        R"({"topic": "t", "b\u006fdy": {"nvr": "a-1-1"}, "body": {"nvr": "b-1-1"}})",
        // Headers that are not an object, null, or missing; an id only in the headers.
        R"({"topic": "t", "headers": 5, "body": {"nvr": "a-1-1"}})",
        R"({"topic": "t", "headers": null, "body": {"nvr": "a-1-1"}})",
        R"({"topic": "t", "headers": {"message-id": "m-1", "sent-at": "2024-01-01T00:00:00Z",
            "product": "RHEL"}, "body": {"nvr": "a-1-1", "release": 9}})",
        // Bodies that are not objects.
        R"({"topic": "t", "body": null, "id": "2"})",
        R"({"topic": "t", "body": [1, 2], "id": "3"})",
        R"({"topic": "t", "body": "text"})",
        // Datagrepper shapes: timestamps as text, float, nonsense; msg null.
        R"({"topic": "t", "msg": {"status": "ok"}, "msg_id": "4", "timestamp": "1700000000.5"})",
        R"({"topic": "t", "msg": {"status": "ok"}, "timestamp": 1700000000.25})",
        R"({"topic": "t", "msg": {"status": "ok"}, "timestamp": "soon"})",
        R"({"topic": "t", "msg": null, "msg_id": "5"})",
        // A bare body, naming its own topic (the legacy CI pipeline) or not.
        R"({"topic": 5, "body": {"nvr": "x-1-1"}})",
        R"({"topic": "org.centos.prod.ci.pipeline.complete", "rev": "abc", "status": "SUCCESS"})",
        R"({"nvr": "a-1-1", "status": "done", "arch": "x86_64 aarch64", "tag": {"name": "f40"}})",
        // Numbers of every kind where facets are read.
        R"({"topic": "org.fedoraproject.prod.buildsys.build.state.change", "body": {"name": "n",
            "version": 1.5, "release": 18446744073709551615, "new": 1.0, "attribute": "state"}})",
        R"({"topic": "org.fedoraproject.prod.buildsys.build.state.change", "body": {"name": "n",
            "version": "1", "release": "2", "new": 99999999999999999999999}})",
        R"({"topic": "org.fedoraproject.prod.mbs.module.state.change", "body": {"name": "m",
            "stream": "s", "version": "1", "context": "c", "state": -1}})",
        // What the test pointers read: array indexes, escaped keys, the root, a header.
        R"({"topic": "t", "body": {"builds": [{"nvr": "a-1-1"}, {"nvr": "b-1-1"}]}, "id": "8"})",
        R"({"topic": "t", "body": {"a/b": "slash", "x~y": "tilde", "": "empty"}, "id": "9"})",
        R"({"topic": "t", "headers": {"product": 7}, "body": {"release": [1]}, "id": "10"})",
        // Nothing simdjson takes: errors must read the same.
        "",
        "   ",
        "[1, 2]",
        "42",
        R"({"topic": "t", "body": {"a": 1})",
        "{\"topic\": \"t\", \"body\": \"\xff\"}",
        "{\"topic\": \"t\", \"body\": {\"a\": \"x\0y\"}}",
        "\xEF\xBB\xBF{\"topic\": \"t\", \"body\": {\"nvr\": \"bom-1-1\"}, \"id\": \"6\"}",
    };
    for (const char* line : lines) {
        requireSame(line, nullptr);
        requireSame(line, &testPointers());
    }
    // Deeper than the parser's limit.
    const std::string deep = std::string(300, '[') + std::string(300, ']');
    requireSame(R"({"topic": "t", "body": )" + deep + "}", nullptr);
}

TEST_CASE("the limits hold both ways: a line over the byte limit or too deep is refused alike") {
    Limits limits;
    limits.maxBytes = 40;
    const std::string line = R"({"topic": "t", "body": {"nvr": "a-1-1"}, "id": "1"})";
    REQUIRE(line.size() > limits.maxBytes);
    requireSame(line, nullptr, limits);
    auto got = lineEvent(line, limits);
    REQUIRE(std::holds_alternative<ParseError>(got));
    CHECK(std::get<ParseError>(got).reason.find("over the 40-byte limit") != std::string::npos);
    limits.maxBytes = 4096;
    limits.maxDepth = 2;
    requireSame(R"({"topic": "t", "body": {"a": {"b": 1}}})", nullptr, limits);
    requireSame(R"({"topic": "t", "body": {"a": 1}})", nullptr, limits);
}

TEST_CASE("a line read straight from simdjson leaves the trees the store does not need") {
    auto withId =
        lineEvent(R"({"topic": "t", "headers": {"a": 1}, "body": {"nvr": "a-1-1"}, "id": "7"})");
    REQUIRE(std::holds_alternative<LineEvent>(withId));
    const LineEvent& kept = std::get<LineEvent>(withId);
    CHECK(kept.event.body.is_null());
    CHECK(kept.event.headers == json::object());
    CHECK(kept.bodyText == R"({"nvr": "a-1-1"})");
    CHECK(kept.headersText == R"({"a": 1})");

    // Without an id the store keys the message by its body, so that one is parsed.
    auto withoutId = lineEvent(R"({"topic": "t", "body": {"nvr": "a-1-1"}})");
    REQUIRE(std::holds_alternative<LineEvent>(withoutId));
    CHECK(std::get<LineEvent>(withoutId).event.body == json{{"nvr", "a-1-1"}});
}
