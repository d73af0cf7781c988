// The CI messages spec: ci.<artifact>.test.<queued|running|complete|error> (spec 0.x and 1.x).
#include "ingest/families.hpp"
#include "ingest/topic.hpp"

namespace switchboard::ingest {

namespace {

bool byTopic(std::string_view topic, std::string_view& rest) {
    if (segmentFromEnd(topic, 1) != "test" || segmentFromEnd(topic, 3) != "ci") return false;
    const std::string_view stage = segmentFromEnd(topic, 0);
    const std::string_view artifact = segmentFromEnd(topic, 2);
    if (stage.empty() || artifact.empty()) return false;
    // rest = "<artifact>.test.<stage>"
    rest = topic.substr(topic.size() - stage.size() - artifact.size() - 6);
    return true;
}

bool byBody(JsonRef body) {
    JsonRef type = path(body, {"artifact", "type"});
    return type.isString() && (field(body, "test") || field(body, "ci") || field(body, "contact") ||
                               field(body, "pipeline") || field(body, "run"));
}

model::Kind kindOf(std::string_view artifact) {
    if (artifact == "brew-build" || artifact == "koji-build" || artifact == "brew-build-group" ||
        artifact == "koji-build-group" || artifact == "rpm-build")
        return model::Kind::Package;
    if (artifact == "redhat-module" || artifact == "fedora-module" || artifact == "module")
        return model::Kind::Module;
    if (artifact == "productmd-compose" || artifact == "compose") return model::Kind::Compose;
    return model::Kind::Other;
}

void fillSubject(JsonRef artifact, model::Event& event) {
    switch (event.kind) {
        case model::Kind::Package:
            event.subject = firstText(artifact, {"nvr", "id"});
            event.component = text(field(artifact, "component"));
            if (event.component.empty()) event.component = nvrName(text(field(artifact, "nvr")));
            break;
        case model::Kind::Module:
            event.component = text(field(artifact, "name"));
            event.subject = text(field(artifact, "nsvc"));
            if (event.subject.empty())
                event.subject =
                    joinNsvc(event.component, text(field(artifact, "stream")),
                             text(field(artifact, "version")), text(field(artifact, "context")));
            if (event.component.empty())
                event.component = event.subject.substr(0, event.subject.find(':'));
            break;
        case model::Kind::Compose:
            event.subject = text(field(artifact, "id"));
            splitComposeId(event.subject, event.product, event.version);
            break;
        default:
            event.subject = firstText(artifact, {"nvr", "nsvc", "id"});
            event.component = text(field(artifact, "component"));
            break;
    }
}

void fill(const FamilyInput& in, std::string_view rest, model::Event& event) {
    JsonRef artifact = field(in.body, "artifact");
    std::string_view type;
    std::string_view stage;
    if (!rest.empty()) {
        type = rest.substr(0, rest.find('.'));
        stage = segmentFromEnd(rest, 0);
    }
    const std::string bodyType = text(field(artifact, "type"));
    if (type.empty()) type = bodyType;
    event.kind = kindOf(type);
    fillSubject(artifact, event);

    // The result of a complete test: test.result in spec 1.x, status in 0.x.
    std::string result = text(path(in.body, {"test", "result"}));
    if (result.empty()) result = text(field(in.body, "status"));
    if (stage.empty()) {  // a bare body: tell the stage from what it carries
        if (!result.empty())
            stage = "complete";
        else if (field(in.body, "error"))
            stage = "error";
    }
    if (!stage.empty()) event.event = "test." + std::string(stage);
    event.state = stage == "complete" ? result : std::string(stage);

    JsonRef system = field(in.body, "system");
    if (system.isArray()) {
        for (JsonRef one : system) appendUnique(event.arch, textList(field(one, "architecture")));
    } else {
        event.arch = textList(field(system, "architecture"));
    }
}

}  // namespace

const Family kCiMessagesFamily{"ci-messages", byTopic, byBody, fill};

}  // namespace switchboard::ingest
