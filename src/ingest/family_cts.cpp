// CTS (compose tracking service): compose-created|tagged|untagged|changed|renamed; the compose's
// productmd compose_info gives its id and release.
#include "ingest/families.hpp"
#include "ingest/topic.hpp"

namespace switchboard::ingest {

namespace {

bool byTopic(std::string_view topic, std::string_view& rest) {
    return topicAfter(topic, "cts.", rest);
}

bool byBody(JsonRef body) {
    return bool(path(body, {"compose", "compose_info"}));
}

void fill(const FamilyInput& in, std::string_view rest, model::Event& event) {
    event.kind = model::Kind::Compose;
    JsonRef compose = field(in.body, "compose");
    JsonRef payload = path(compose, {"compose_info", "payload"});
    event.subject = text(path(payload, {"compose", "id"}));
    if (event.subject.empty()) event.subject = text(field(compose, "compose_id"));
    JsonRef release = field(payload, "release");
    event.product = text(field(release, "short"));
    event.version = text(field(release, "version"));
    if (event.product.empty() || event.version.empty()) {
        std::string product, version;
        splitComposeId(event.subject, product, version);
        if (event.product.empty()) event.product = std::move(product);
        if (event.version.empty()) event.version = std::move(version);
    }
    // A tag event names the tag it added or removed (as Koji's build.tag does); otherwise the
    // compose's current tags.
    event.tags = textList(field(in.body, "tag"));
    if (event.tags.empty()) appendUnique(event.tags, textList(field(compose, "tags")));
    std::string what = text(field(in.body, "event"));
    if (what.empty()) what = std::string(rest);
    if (what.substr(0, 8) == "compose-" || what.substr(0, 8) == "compose.") what.erase(0, 8);
    if (!what.empty()) event.event = "compose." + dotted(what);
}

}  // namespace

const Family kCtsFamily{"cts", byTopic, byBody, fill};

}  // namespace switchboard::ingest
