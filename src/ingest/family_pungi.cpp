// Pungi composes: Fedora's pungi.compose.<what> and UMB's pungi.<what-with-dashes>.
#include "ingest/families.hpp"
#include "ingest/topic.hpp"

namespace switchboard::ingest {

namespace {

bool byTopic(std::string_view topic, std::string_view& rest) {
    if (!topicAfter(topic, "pungi.", rest)) return false;
    if (rest.substr(0, 8) == "compose.") rest.remove_prefix(8);
    return true;
}

bool byBody(JsonRef body) {
    JsonRef id = field(body, "compose_id");
    return id.isString() && (field(body, "status") || field(body, "location") ||
                             field(body, "phase_name") || field(body, "deliverables"));
}

void fill(const FamilyInput& in, std::string_view rest, model::Event& event) {
    event.kind = model::Kind::Compose;
    event.subject = text(field(in.body, "compose_id"));
    splitComposeId(event.subject, event.product, event.version);
    event.state = text(field(in.body, "status"));
    event.arch = textList(field(in.body, "arch"));
    if (!rest.empty())
        event.event = "compose." + dotted(rest);
    else if (!event.state.empty())
        event.event = "compose.status.change";
}

}  // namespace

const Family kPungiFamily{"pungi", byTopic, byBody, fill};

}  // namespace switchboard::ingest
