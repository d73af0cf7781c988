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

void classify(model::Event& event) {
    // A bare body of the legacy CI pipeline names its own topic.
    std::string_view topic = event.topic;
    if (topic.empty()) {
        const Json* own = field(event.body, "topic");
        if (own != nullptr && own->is_string()) topic = own->get_ref<const std::string&>();
    }
    const std::string_view family = stripTopicPrefix(topic);
    const FamilyInput in{family, event.body, event.headers};

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
    if (match == nullptr && event.body.is_object()) {
        rest = {};
        for (const Family* candidate : kByBody) {
            if (candidate->byBody(event.body)) {
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

model::Event normalize(Message&& message) {
    model::Event event;
    event.topic = std::move(message.topic);
    event.headers = std::move(message.headers);
    if (!event.headers.is_object()) event.headers = Json::object();
    event.body = std::move(message.body);
    event.msg_id = std::move(message.msg_id);
    event.received_at = message.sent_at;
    event.sent_at = message.sent_at;
    try {
        classify(event);
    } catch (const std::exception&) {
        // Only allocation failure can get here (every reader checks types); keep what was read.
        event.kind = model::Kind::Other;
    }
    return event;
}

model::Event normalize(const Message& message) {
    return normalize(Message(message));
}

}  // namespace switchboard::ingest
