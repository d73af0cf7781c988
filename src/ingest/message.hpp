// A bus message before normalization, and the parsers that produce one from the three input-line
// shapes (DESIGN section 6) or from a live delivery's parts. Pure functions: bytes in, values out.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

#include <nlohmann/json.hpp>

namespace switchboard::ingest {

struct Message {
    std::string topic;
    nlohmann::json headers = nlohmann::json::object();
    nlohmann::json body;  // parsed JSON (an object for every known family)
    std::string msg_id;   // envelope or broker id; empty when none
    int64_t sent_at = 0;  // ms since the epoch from the envelope (datagrepper timestamp, sent-at); 0 if none
    // The body's and the headers' JSON text exactly as they appear in the input, so that a store
    // keeps the original bytes instead of re-serializing the parsed values. They point into the
    // line or delivery body given to the parser and are valid only while it is. Empty when there
    // is nothing to point at (no headers object; a key written with escapes): store the values.
    std::string_view bodyText;
    std::string_view headersText;
};

// Why a line or delivery could not become a Message: shown to the user and kept in quarantine.
struct ParseError {
    std::string reason;
};

using ParseResult = std::variant<Message, ParseError>;

// Limits that keep a hostile or broken input from costing unbounded memory or time.
struct Limits {
    size_t maxBytes = 4 * 1024 * 1024;  // a larger line or body is quarantined, not parsed
    int maxDepth = 256;                 // deeper JSON nesting is quarantined, not parsed
};

// One message line: a fedora-messaging record (topic, headers, body, optional id), a datagrepper
// raw message (topic, msg, msg_id, timestamp, optional headers) or a bare body (no topic).
ParseResult parseLine(std::string_view line, const Limits& limits = {});

// A live delivery: body bytes as the broker gave them, with the topic and headers the source read.
// An empty or blank body is the empty string (the facts are in the headers), not an error.
// The headers are moved into the Message only when the delivery parses: one that does not leaves
// them to the caller, who quarantines them beside the bytes (copying them first for that rare
// case cost ~2 us a delivery).
ParseResult parseDelivery(std::string topic, nlohmann::json&& headers, std::string_view body,
                          std::string msgId, const Limits& limits = {});

}  // namespace switchboard::ingest
