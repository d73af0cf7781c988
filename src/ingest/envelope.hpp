// The three shapes a message line comes in (DESIGN section 6), read from the line's parsed root
// object in either parser's hands: what the message is, where its body and headers are, and their
// original text. Shared by parseLine (which then moves the tree's parts into a Message) and the
// line ingest (which normalizes straight from simdjson's document). Internal to src/ingest.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "ingest/json_ref.hpp"

namespace switchboard::ingest {

enum class LineShape {
    Record,       // fedora-messaging: topic, headers, body, optional id
    Datagrepper,  // raw message: topic, msg, msg_id, timestamp, optional headers
    Bare,         // a bare body: the line is the message itself
};

struct Envelope {
    LineShape shape = LineShape::Bare;
    std::string_view topic;  // "" for a bare body
    JsonRef body;            // the record's body, the datagrepper msg, or the root
    JsonRef headers;         // the headers member when it is an object; missing otherwise
    std::string msg_id;
    int64_t sent_at = 0;  // ms since the epoch; 0 when the line does not say
    // The body's and the headers' text in the line, without the spaces around them; empty when
    // there is nothing to point at (no headers object; a root key written with escapes).
    std::string_view bodyText;
    std::string_view headersText;
};

// `root` is the object `line` parsed to (and `line` the text it was parsed from).
Envelope readEnvelope(JsonRef root, std::string_view line);

// fedora-messaging's sent-at header (ISO 8601) in ms; 0 when absent or unreadable.
int64_t sentAtHeader(JsonRef headers);

}  // namespace switchboard::ingest
