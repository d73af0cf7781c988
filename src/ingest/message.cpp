#include "ingest/message.hpp"

#include <cmath>
#include <exception>
#include <limits>
#include <optional>

#include "ingest/json_fields.hpp"
#include "model/event.hpp"

namespace switchboard::ingest {

namespace {

std::string overLimit(const char* what, size_t size, size_t limit) {
    return std::string(what) + " is " + std::to_string(size) + " bytes, over the " +
           std::to_string(limit) + "-byte limit";
}

// Length of the UTF-8 sequence starting at s[i] (RFC 3629: no overlong forms, no surrogates,
// nothing past U+10FFFF), or 0 when it is not one.
size_t utf8Sequence(std::string_view s, size_t i) {
    const auto at = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
    const unsigned char c = at(i);
    const size_t left = s.size() - i;
    const auto cont = [&](size_t k) { return k < s.size() && (at(k) & 0xC0) == 0x80; };
    if (c >= 0xC2 && c <= 0xDF) return left >= 2 && cont(i + 1) ? 2 : 0;
    if (c >= 0xE0 && c <= 0xEF) {
        if (left < 3 || !cont(i + 1) || !cont(i + 2)) return 0;
        if (c == 0xE0 && at(i + 1) < 0xA0) return 0;   // overlong
        if (c == 0xED && at(i + 1) >= 0xA0) return 0;  // surrogate
        return 3;
    }
    if (c >= 0xF0 && c <= 0xF4) {
        if (left < 4 || !cont(i + 1) || !cont(i + 2) || !cont(i + 3)) return 0;
        if (c == 0xF0 && at(i + 1) < 0x90) return 0;   // overlong
        if (c == 0xF4 && at(i + 1) >= 0x90) return 0;  // past U+10FFFF
        return 4;
    }
    return 0;
}

// One pass before the real parse: rejects invalid UTF-8 and nesting deeper than maxDepth, so the
// parser never sees either (a 100,000-deep array costs one linear scan, no recursion, no DOM).
std::optional<std::string> prescan(std::string_view s, int maxDepth, const char* what) {
    int depth = 0;
    bool inString = false;
    bool escaped = false;
    for (size_t i = 0; i < s.size();) {
        const unsigned char c = static_cast<unsigned char>(s[i]);
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
        const size_t n = utf8Sequence(s, i);
        if (n == 0)
            return std::string("invalid UTF-8 ") + what + "at byte " + std::to_string(i + 1);
        escaped = false;
        i += n;
    }
    return std::nullopt;
}

// "[json.exception.parse_error.101] parse error at line 1, column 5: syntax error while parsing
// value - unexpected end of input; expected ..." -> "unexpected end of input; expected ...".
std::string parserReason(const char* what) {
    std::string_view s(what);
    size_t cut = s.find(" - ");
    if (cut != std::string_view::npos) return std::string(s.substr(cut + 3));
    cut = s.find(": ");
    if (cut != std::string_view::npos) return std::string(s.substr(cut + 2));
    return std::string(s);
}

std::variant<Json, ParseError> parseJson(std::string_view text, const Limits& limits,
                                         const char* what) {
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
    for (char c : s)
        if (c != ' ' && c != '\t' && c != '\r' && c != '\n') return false;
    return true;
}

// fedora-messaging's sent-at header (ISO 8601) in ms; 0 when absent or unreadable.
int64_t sentAtHeader(const Json& headers) {
    const Json* sent = field(headers, "sent-at");
    if (sent == nullptr || !sent->is_string()) return 0;
    return model::parseIso8601(sent->get_ref<const std::string&>()).value_or(0);
}

// datagrepper's timestamp: seconds since the epoch, integer or float (or their text).
int64_t secondsToMs(const Json* value) {
    if (value == nullptr) return 0;
    double seconds = 0;
    if (value->is_number()) {
        seconds = value->get<double>();
    } else if (value->is_string()) {
        const std::string& s = value->get_ref<const std::string&>();
        char* end = nullptr;
        seconds = std::strtod(s.c_str(), &end);
        if (end == s.c_str() || *end != '\0') return 0;
    } else {
        return 0;
    }
    if (!std::isfinite(seconds) || seconds <= 0 || seconds > 1e12) return 0;
    return static_cast<int64_t>(std::llround(seconds * 1000.0));
}

Json takeObject(Json* value) {
    if (value == nullptr || !value->is_object()) return Json::object();
    return std::move(*value);
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

        Message message;
        Json* topic = mutableField(root, "topic");
        Json* body = mutableField(root, "body");
        Json* msg = mutableField(root, "msg");
        if (topic != nullptr && topic->is_string() && body != nullptr) {
            // fedora-messaging record: topic, headers, body, optional id.
            message.topic = std::move(topic->get_ref<std::string&>());
            message.headers = takeObject(mutableField(root, "headers"));
            message.msg_id = text(field(root, "id"));
            if (message.msg_id.empty()) message.msg_id = text(field(message.headers, "message-id"));
            message.sent_at = sentAtHeader(message.headers);
            message.body = std::move(*body);
        } else if (topic != nullptr && topic->is_string() && msg != nullptr) {
            // datagrepper raw message: topic, msg, msg_id, timestamp, optional headers.
            message.topic = std::move(topic->get_ref<std::string&>());
            message.headers = takeObject(mutableField(root, "headers"));
            message.msg_id = text(field(root, "msg_id"));
            message.sent_at = secondsToMs(field(root, "timestamp"));
            if (message.sent_at == 0) message.sent_at = sentAtHeader(message.headers);
            message.body = std::move(*msg);
        } else {
            // A bare body: the line is the message itself.
            message.body = std::move(root);
        }
        return message;
    } catch (const std::exception& e) {  // only allocation failure can get here
        return ParseError{std::string("cannot read line: ") + e.what()};
    }
}

ParseResult parseDelivery(std::string topic, nlohmann::json headers, std::string_view body,
                          std::string msgId, const Limits& limits) {
    try {
        if (body.size() > limits.maxBytes)
            return ParseError{overLimit("body", body.size(), limits.maxBytes)};
        if (auto problem = prescan(topic, std::numeric_limits<int>::max(), "in topic "))
            return ParseError{std::move(*problem)};
        if (blank(body)) return ParseError{"empty body"};
        auto parsed = parseJson(body, limits, "in body ");
        if (auto* error = std::get_if<ParseError>(&parsed)) return std::move(*error);
        Message message;
        message.topic = std::move(topic);
        message.headers = headers.is_object() ? std::move(headers) : Json::object();
        message.body = std::move(std::get<Json>(parsed));
        message.msg_id = std::move(msgId);
        message.sent_at = sentAtHeader(message.headers);
        return message;
    } catch (const std::exception& e) {
        return ParseError{std::string("cannot read body: ") + e.what()};
    }
}

}  // namespace switchboard::ingest
