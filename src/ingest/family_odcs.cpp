// ODCS (on-demand compose service): odcs.state.change / odcs.compose.state-changed.
#include <array>

#include "ingest/families.hpp"
#include "ingest/topic.hpp"

namespace switchboard::ingest {

namespace {

constexpr std::array<std::string_view, 6> kStates = {"wait",    "generating", "done",
                                                     "removed", "failed",     "expired"};

bool byTopic(std::string_view topic, std::string_view& rest) {
    return topicAfter(topic, "odcs.", rest);
}

bool byBody(JsonRef body) {
    JsonRef compose = field(body, "compose");
    return field(compose, "state_name") ||
           (field(compose, "source_type") && field(compose, "state"));
}

void fill(const FamilyInput& in, std::string_view rest, model::Event& event) {
    (void)rest;
    event.kind = model::Kind::Compose;
    JsonRef compose = field(in.body, "compose");
    event.state = text(field(compose, "state_name"));
    if (event.state.empty()) {
        const auto state = integer(field(compose, "state"));
        if (state && *state >= 0 && *state < static_cast<int64_t>(kStates.size()))
            event.state = std::string(kStates[static_cast<size_t>(*state)]);
    }
    // The pungi compose it produced when there is one, else ODCS's own "odcs-<id>".
    event.subject = text(field(compose, "pungi_compose_id"));
    if (!event.subject.empty()) {
        splitComposeId(event.subject, event.product, event.version);
    } else {
        const std::string id = text(field(compose, "id"));
        if (!id.empty()) event.subject = "odcs-" + id;
    }
    event.arch = textList(field(compose, "arches"), true);
    event.event = "compose.state.change";
}

}  // namespace

const Family kOdcsFamily{"odcs", byTopic, byBody, fill};

}  // namespace switchboard::ingest
