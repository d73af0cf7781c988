// Normalization: a Message becomes an Event (DESIGN section 3). Dispatches on the topic's family
// (its suffix, whatever the prefix), falling back to the body's shape when the topic is unknown.
// Pure and total: never throws; anything unrecognised is kind `other` with what can be read.
#pragma once

#include <cstdint>
#include <string_view>

#include "ingest/json_ref.hpp"
#include "ingest/message.hpp"
#include "model/event.hpp"

namespace switchboard::ingest {

// A message's parts by reference, wherever they were parsed (json_ref.hpp). Views: valid while
// what they point into is.
struct MessageRef {
    std::string_view topic;
    JsonRef body;
    JsonRef headers;  // missing or not an object: no headers
    std::string_view msg_id;
    int64_t sent_at = 0;
};

// Every normalized field, topic, msg_id, sent_at and received_at (as below), but not the body
// and headers themselves: event.body is left null and event.headers {}, for a caller that keeps
// the message's text instead (the line ingest, line_event.hpp).
model::Event normalizeFacets(const MessageRef& message);

// Fills every normalized field and copies topic, headers, body, msg_id. received_at is the
// message's sent_at when it has one, else 0 (the caller stamps arrival time); source is left to
// the caller.
model::Event normalize(const Message& message);
// The same, moving the message's topic, headers and body into the event instead of copying them
// (the ingest path: a body is parsed once and never copied).
model::Event normalize(Message&& message);

}  // namespace switchboard::ingest
