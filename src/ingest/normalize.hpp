// Normalization: a Message becomes an Event (DESIGN section 3). Dispatches on the topic's family
// (its suffix, whatever the prefix), falling back to the body's shape when the topic is unknown.
// Pure and total: never throws; anything unrecognised is kind `other` with what can be read.
#pragma once

#include "ingest/message.hpp"
#include "model/event.hpp"

namespace switchboard::ingest {

// Fills every normalized field and copies topic, headers, body, msg_id. received_at is the
// message's sent_at when it has one, else 0 (the caller stamps arrival time); source is left to
// the caller.
model::Event normalize(const Message& message);
// The same, moving the message's topic, headers and body into the event instead of copying them
// (the ingest path: a body is parsed once and never copied).
model::Event normalize(Message&& message);

}  // namespace switchboard::ingest
