// Bodhi's CI trigger: <...>.koji-build-group.build.complete, one message per update with the
// builds it holds; the subject is the group's artifact id.
#include "ingest/families.hpp"
#include "ingest/topic.hpp"

namespace switchboard::ingest {

namespace {

bool byTopic(std::string_view topic, std::string_view& rest) {
    if (!topicAfter(topic, "koji-build-group.", rest)) return false;
    // ci.koji-build-group.test.* is the CI messages spec, not this trigger.
    return rest.substr(0, 5) != "test.";
}

bool byBody(const Json& body) {
    const Json* builds = path(body, {"artifact", "builds"});
    return builds != nullptr && builds->is_array() && field(body, "test") == nullptr;
}

void fill(const FamilyInput& in, std::string_view rest, model::Event& event) {
    event.kind = model::Kind::Package;
    const Json* artifact = field(in.body, "artifact");
    event.subject = text(field(artifact, "id"));
    if (event.subject.empty()) event.subject = text(path(in.body, {"update", "alias"}));
    // A component only when the group holds builds of one package.
    const Json* builds = field(artifact, "builds");
    if (builds != nullptr && builds->is_array()) {
        std::vector<std::string> components;
        for (const Json& build : *builds) {
            std::string component = text(field(build, "component"));
            if (component.empty()) component = nvrName(text(field(build, "nvr")));
            appendUnique(components, {std::move(component)});
        }
        if (components.size() == 1) event.component = std::move(components.front());
    }
    event.event = rest.empty() ? "build.complete" : dotted(rest);
    const std::string_view stage = segmentFromEnd(event.event, 0);
    event.state = std::string(stage);
}

}  // namespace

const Family kBodhiFamily{"bodhi", byTopic, byBody, fill};

}  // namespace switchboard::ingest
