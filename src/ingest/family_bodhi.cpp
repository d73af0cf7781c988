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

bool byBody(JsonRef body) {
    JsonRef builds = path(body, {"artifact", "builds"});
    return builds.isArray() && !field(body, "test");
}

void fill(const FamilyInput& in, std::string_view rest, model::Event& event) {
    event.kind = model::Kind::Package;
    JsonRef artifact = field(in.body, "artifact");
    event.subject = text(field(artifact, "id"));
    if (event.subject.empty()) event.subject = text(path(in.body, {"update", "alias"}));
    // A component only when the group holds builds of one package.
    JsonRef builds = field(artifact, "builds");
    if (builds.isArray()) {
        std::vector<std::string> components;
        for (JsonRef build : builds) {
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
