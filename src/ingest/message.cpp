#include "ingest/message.hpp"

#include <exception>
#include <limits>
#include <optional>

#include "ingest/envelope.hpp"
#include "ingest/fast_json.hpp"
#include "model/text_search.hpp"
#include "model/utf8.hpp"

namespace switchboard::ingest {

namespace {

using Json = nlohmann::json;

std::string overLimit(const char* what, size_t size, size_t limit) {
    return std::string(what) + " is " + std::to_string(size) + " bytes, over the " +
           std::to_string(limit) + "-byte limit";
}

// Before nlohmann/json parses a text simdjson refused: rejects invalid UTF-8, NUL bytes and
// nesting deeper than maxDepth, so the parser never sees any (a 100,000-deep array costs one
// linear scan, no recursion, no DOM), and names the byte. NUL has no place in JSON text, and
// nlohmann/json takes it for the end of its input: `{"a":1}\0{"b":2}` would parse as the first
// object with the rest silently dropped.
std::optional<std::string> prescan(std::string_view s, int maxDepth, const char* what) {
    int depth = 0;
    bool inString = false;
    bool escaped = false;
    for (size_t i = 0; i < s.size();) {
        const unsigned char c = static_cast<unsigned char>(s[i]);
        if (c == 0)
            return std::string("invalid JSON ") + what + "at byte " + std::to_string(i + 1) +
                   ": a NUL byte (binary data?)";
        if (c < 0x80) {
            if (inString) {
                if (escaped)
                    escaped = false;
                else if (c == '\\')
                    escaped = true;
                else if (c == '"')
                    inString = false;
            } else if (c == '"') {
                inString = true;
            } else if (c == '[' || c == '{') {
                if (++depth > maxDepth)
                    return "nesting deeper than " + std::to_string(maxDepth) + " at byte " +
                           std::to_string(i + 1);
            } else if ((c == ']' || c == '}') && depth > 0) {
                --depth;
            }
            ++i;
            continue;
        }
        const size_t n = model::utf8SequenceLength(s, i);
        if (n == 0)
            return std::string("invalid UTF-8 ") + what + "at byte " + std::to_string(i + 1);
        escaped = false;
        i += n;
    }
    return std::nullopt;
}

// nlohmann/json quotes the token it was reading ("last read: '...'"): for an unterminated string
// that is the rest of the line, which could put megabytes into a reason that every listing and log
// line shows. Its start and end say enough.
std::string shortenLastRead(std::string reason) {
    constexpr std::string_view kLastRead = "last read: '";
    constexpr size_t kKeep = 24;  // bytes kept at each end
    const size_t open = reason.find(kLastRead);
    if (open == std::string::npos || reason.back() != '\'') return reason;
    const size_t from = open + kLastRead.size();
    const size_t to = reason.size() - 1;
    if (to - from <= 3 * kKeep) return reason;
    // Cut on character boundaries: the pre-scan let only valid UTF-8 through.
    const auto boundary = [&](size_t i) {
        while (i > from && (static_cast<unsigned char>(reason[i]) & 0xC0) == 0x80) --i;
        return i;
    };
    const size_t headEnd = boundary(from + kKeep);
    const size_t tailStart = boundary(to - kKeep);
    return reason.substr(0, headEnd) + "..." + reason.substr(tailStart);
}

// "[json.exception.parse_error.101] parse error at line 1, column 5: syntax error while parsing
// value - unexpected end of input; expected ..." -> "unexpected end of input; expected ...".
std::string parserReason(const char* what) {
    std::string_view s(what);
    size_t cut = s.find(" - ");
    if (cut != std::string_view::npos) return shortenLastRead(std::string(s.substr(cut + 3)));
    cut = s.find(": ");
    if (cut != std::string_view::npos) return shortenLastRead(std::string(s.substr(cut + 2)));
    return shortenLastRead(std::string(s));
}

std::variant<Json, ParseError> parseJson(std::string_view text, const Limits& limits,
                                         const char* what) {
    if (auto fast = parseFast(text, limits.maxDepth)) return std::move(*fast);
    // What simdjson refused: the pre-scan names what is wrong, or nlohmann/json parses it (it
    // also takes integers past 64 bits).
    if (auto problem = prescan(text, limits.maxDepth, what)) return ParseError{std::move(*problem)};
    try {
        return Json::parse(text.begin(), text.end());
    } catch (const Json::parse_error& e) {
        return ParseError{"invalid JSON " + std::string(what) + "at byte " +
                          std::to_string(e.byte) + ": " + parserReason(e.what())};
    } catch (const std::exception& e) {
        return ParseError{std::string("invalid JSON ") + what + ": " + e.what()};
    }
}

const char* typeName(const Json& value) {
    switch (value.type()) {
        case Json::value_t::array:
            return "an array";
        case Json::value_t::string:
            return "a string";
        case Json::value_t::boolean:
            return "a boolean";
        case Json::value_t::null:
            return "null";
        case Json::value_t::object:
            return "an object";
        default:
            return "a number";
    }
}

bool blank(std::string_view s) {
    return model::trimmed(s).empty();
}

Json* mutableField(Json& object, const char* key) {
    const auto it = object.find(key);
    return it == object.end() ? nullptr : &*it;
}

}  // namespace

ParseResult parseLine(std::string_view line, const Limits& limits) {
    try {
        if (line.size() > limits.maxBytes)
            return ParseError{overLimit("line", line.size(), limits.maxBytes)};
        if (blank(line)) return ParseError{"empty line"};
        auto parsed = parseJson(line, limits, "");
        if (auto* error = std::get_if<ParseError>(&parsed)) return std::move(*error);
        Json& root = std::get<Json>(parsed);
        if (!root.is_object())
            return ParseError{std::string("expected a JSON object, got ") + typeName(root)};
        // Everything is read before the parts are moved out of the tree.
        Envelope envelope = readEnvelope(root, line);
        Message message;
        message.topic = std::string(envelope.topic);
        message.msg_id = std::move(envelope.msg_id);
        message.sent_at = envelope.sent_at;
        message.bodyText = envelope.bodyText;
        message.headersText = envelope.headersText;
        if (envelope.headers) message.headers = std::move(*mutableField(root, "headers"));
        switch (envelope.shape) {
            case LineShape::Record:
                message.body = std::move(*mutableField(root, "body"));
                break;
            case LineShape::Datagrepper:
                message.body = std::move(*mutableField(root, "msg"));
                break;
            case LineShape::Bare:
                message.body = std::move(root);
                break;
        }
        return message;
    } catch (const std::exception& e) {  // only allocation failure can get here
        return ParseError{std::string("cannot read line: ") + e.what()};
    }
}

ParseResult parseDelivery(std::string topic, nlohmann::json&& headers, std::string_view body,
                          std::string msgId, const Limits& limits) {
    try {
        if (body.size() > limits.maxBytes)
            return ParseError{overLimit("body", body.size(), limits.maxBytes)};
        if (auto problem = prescan(topic, std::numeric_limits<int>::max(), "in topic "))
            return ParseError{std::move(*problem)};
        Message message;
        if (blank(body)) {
            // A message whose facts are all in its headers (Errata Tool's on UMB) is a message, not
            // a parse error: its body is the empty string, as datagrepper keeps it ("msg": "").
            message.body = "";
        } else {
            auto parsed = parseJson(body, limits, "in body ");
            if (auto* error = std::get_if<ParseError>(&parsed)) return std::move(*error);
            message.body = std::move(std::get<Json>(parsed));
            message.bodyText = model::trimmed(body);
        }
        message.topic = std::move(topic);
        message.headers = headers.is_object() ? std::move(headers) : Json::object();
        message.msg_id = std::move(msgId);
        message.sent_at = sentAtHeader(message.headers);
        return message;
    } catch (const std::exception& e) {
        return ParseError{std::string("cannot read body: ") + e.what()};
    }
}

}  // namespace switchboard::ingest
