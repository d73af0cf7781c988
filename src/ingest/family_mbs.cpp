// MBS module builds: mbs.module.state.change (subject the NSVC, state state_name or its number).
#include <array>

#include "ingest/families.hpp"
#include "ingest/topic.hpp"

namespace switchboard::ingest {

namespace {

constexpr std::array<std::string_view, 7> kStates = {"init",   "wait",  "build",  "done",
                                                     "failed", "ready", "garbage"};

bool byTopic(std::string_view topic, std::string_view& rest) {
    return topicAfter(topic, "mbs.", rest) && rest == "module.state.change";
}

bool byBody(JsonRef body) {
    if (!field(body, "name") || !field(body, "stream") || !field(body, "version")) return false;
    return field(body, "state_name") ||
           (field(body, "state") &&
            (field(body, "scmurl") || field(body, "modulemd") || field(body, "context")));
}

void fill(const FamilyInput& in, std::string_view rest, model::Event& event) {
    (void)rest;
    event.kind = model::Kind::Module;
    event.event = "module.state.change";
    event.component = text(field(in.body, "name"));
    event.subject = joinNsvc(event.component, text(field(in.body, "stream")),
                             text(field(in.body, "version")), text(field(in.body, "context")));
    event.state = text(field(in.body, "state_name"));
    if (event.state.empty()) {
        const auto state = integer(field(in.body, "state"));
        if (state && *state >= 0 && *state < static_cast<int64_t>(kStates.size()))
            event.state = std::string(kStates[static_cast<size_t>(*state)]);
        else
            event.state = text(field(in.body, "state"));
    }
}

}  // namespace

const Family kMbsFamily{"mbs", byTopic, byBody, fill};

}  // namespace switchboard::ingest
