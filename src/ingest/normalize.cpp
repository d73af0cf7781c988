#include "ingest/normalize.hpp"

#include <exception>
#include <iterator>

#include "ingest/families.hpp"
#include "ingest/topic.hpp"

namespace switchboard::ingest {

namespace {

// Topic order: the CI spec's ci.<artifact>.test.<stage> first, so that a koji-build-group or
// brew-build artifact is not taken for the Bodhi or Brew family.
const Family* const kByTopic[] = {
    &kCiMessagesFamily, &kCiLegacyFamily, &kBodhiFamily,      &kKojiFamily,    &kBrewFamily,
    &kMbsFamily,        &kMtsFamily,      &kPungiFamily,      &kDistillFamily, &kCtsFamily,
    &kOdcsFamily,       &kCkiFamily,      &kJobTriggerFamily,
};

// Body order: the most specific shapes first (a CTS body also has compose.*, a Bodhi body also
// has artifact.type, a Brew build also has name/version/release inside).
const Family* const kByBody[] = {
    &kJobTriggerFamily, &kCkiFamily,        &kCtsFamily,      &kOdcsFamily,    &kMtsFamily,
    &kBodhiFamily,      &kCiMessagesFamily, &kPungiFamily,    &kDistillFamily, &kBrewFamily,
    &kMbsFamily,        &kKojiFamily,       &kCiLegacyFamily,
};

void classify(const MessageRef& message, model::Event& event) {
    // A bare body of the legacy CI pipeline names its own topic.
    std::string_view topic = message.topic;
    if (topic.empty()) topic = field(message.body, "topic").string();
    const std::string_view family = stripTopicPrefix(topic);
    const JsonRef headers = message.headers.isObject() ? message.headers : JsonRef();
    const FamilyInput in{family, message.body, headers};

    const Family* match = nullptr;
    std::string_view rest;
    if (!family.empty()) {
        for (const Family* candidate : kByTopic) {
            if (candidate->byTopic(family, rest)) {
                match = candidate;
                break;
            }
        }
    }
    if (match == nullptr && message.body.isObject()) {
        rest = {};
        for (const Family* candidate : kByBody) {
            if (candidate->byBody(message.body)) {
                match = candidate;
                break;
            }
        }
    }
    if (match != nullptr)
        match->fill(in, rest, event);
    else
        fillOther(in, event);
    if (event.event.empty()) event.event = std::string(family);
    sortUnique(event.arch);
}

}  // namespace

model::Event normalizeFacets(const MessageRef& message) {
    model::Event event;
    event.topic = std::string(message.topic);
    event.msg_id = std::string(message.msg_id);
    event.received_at = message.sent_at;
    event.sent_at = message.sent_at;
    try {
        classify(message, event);
    } catch (const std::exception&) {
        // Only allocation failure can get here (every reader checks types); keep what was read.
        event.kind = model::Kind::Other;
    }
    return event;
}

model::Event normalize(Message&& message) {
    model::Event event = normalizeFacets(
        MessageRef{message.topic, message.body, message.headers, message.msg_id, message.sent_at});
    if (message.headers.is_object()) event.headers = std::move(message.headers);
    event.body = std::move(message.body);
    return event;
}

model::Event normalize(const Message& message) {
    return normalize(Message(message));
}

}  // namespace switchboard::ingest
