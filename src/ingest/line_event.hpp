// A message line to its normalized event in one step: the way `switchboard ingest` reads files.
// The facets are read straight from simdjson's document of the line (json_ref.hpp, which says
// why), without the nlohmann/json tree that parseLine builds and normalize() moves into the event.
// Pure: bytes in, values out; any thread.
#pragma once

#include <string_view>
#include <variant>

#include "ingest/field_pointers.hpp"
#include "ingest/message.hpp"
#include "model/event.hpp"

namespace switchboard::ingest {

struct LineEvent {
    // Every normalized field, and the user's field pointers applied. event.body and
    // event.headers are left null and {} (the texts below stand for them), except for a message
    // without an id, whose body is parsed into event.body: the store keys it by its serialized
    // body. A line simdjson refuses, or whose envelope cannot be pointed at in the text (a root
    // key written with escapes), goes parseLine's way and has both.
    model::Event event;
    // The body's and the headers' JSON text in the line (Message::bodyText, headersText).
    std::string_view bodyText;
    std::string_view headersText;
};

using LineEventResult = std::variant<LineEvent, ParseError>;

// The same event, error or quarantine reason as parseLine, normalize() and pointers->apply().
LineEventResult lineEvent(std::string_view line, const Limits& limits = {},
                          const FieldPointers* pointers = nullptr);

}  // namespace switchboard::ingest
