// Distill composes (UMB distill.compose-<state>): subject compose-id, state compose-state.
#include "ingest/families.hpp"
#include "ingest/topic.hpp"

namespace switchboard::ingest {

namespace {

bool byTopic(std::string_view topic, std::string_view& rest) {
    return topicAfter(topic, "distill.", rest);
}

bool byBody(JsonRef body) {
    JsonRef id = field(body, "compose-id");
    return id.isString();
}

void fill(const FamilyInput& in, std::string_view rest, model::Event& event) {
    event.kind = model::Kind::Compose;
    event.subject = text(field(in.body, "compose-id"));
    if (!splitComposeId(event.subject, event.product, event.version))
        splitReleaseId(text(field(in.body, "release-id")), event.product, event.version);
    event.state = text(field(in.body, "compose-state"));
    // Every distill message carries the compose's state, so they read as status changes, like
    // pungi's; one without a state keeps its topic's name.
    if (!event.state.empty()) {
        event.event = "compose.status.change";
    } else if (!rest.empty()) {
        if (rest.substr(0, 8) == "compose-" || rest.substr(0, 8) == "compose.")
            rest.remove_prefix(8);
        event.event = "compose." + dotted(rest);
    }
}

}  // namespace

const Family kDistillFamily{"distill", byTopic, byBody, fill};

}  // namespace switchboard::ingest
