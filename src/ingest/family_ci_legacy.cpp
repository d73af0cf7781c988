// The legacy CentOS CI pipeline (ci.pipeline.<stage...>): about a dist-git commit of a package
// (ci.pipeline.package.*) or the compose built from it (ci.pipeline.compose.*).
#include "ingest/families.hpp"
#include "ingest/topic.hpp"

namespace switchboard::ingest {

namespace {

bool byTopic(std::string_view topic, std::string_view& rest) {
    return topicAfter(topic, "ci.pipeline.", rest);
}

bool byBody(JsonRef body) {
    return (field(body, "CI_NAME") || field(body, "CI_TYPE")) && field(body, "rev") &&
           field(body, "repo");
}

// What the message is about: the first of rest's segments that names an area. Pipelines name
// themselves first on some topics (ci.pipeline.allpackages-build.package.queued).
std::string_view areaOf(std::string_view rest) {
    while (!rest.empty()) {
        const size_t dot = rest.find('.');
        const std::string_view segment = rest.substr(0, dot);
        if (segment == "package" || segment == "compose" || segment == "image") return segment;
        if (dot == std::string_view::npos) break;
        rest.remove_prefix(dot + 1);
    }
    return {};
}

void fill(const FamilyInput& in, std::string_view rest, model::Event& event) {
    const std::string_view area = areaOf(rest);
    const bool compose = area == "compose" || (rest.empty() && field(in.body, "compose_rev"));
    if (area == "package" || (rest.empty() && !compose)) {
        event.kind = model::Kind::Package;
        event.subject = text(field(in.body, "rev"));
    } else if (compose) {
        event.kind = model::Kind::Compose;
        event.subject = firstText(in.body, {"compose_rev", "rev"});
    } else {
        event.kind = model::Kind::Other;
        event.subject = firstText(in.body, {"image_name", "rev"});
    }
    event.component = text(field(in.body, "repo"));
    event.state = firstText(in.body, {"status", "CI_STATUS"});
    if (!rest.empty()) event.event = "pipeline." + dotted(rest);
}

}  // namespace

const Family kCiLegacyFamily{"ci-legacy", byTopic, byBody, fill};

}  // namespace switchboard::ingest
