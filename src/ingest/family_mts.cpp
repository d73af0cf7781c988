// The message-tagging service: mts.build.tag.requested|unmatched about a module build, with the
// Koji tags it asked for.
#include "ingest/families.hpp"
#include "ingest/topic.hpp"

namespace switchboard::ingest {

namespace {

bool byTopic(std::string_view topic, std::string_view& rest) {
    return topicAfter(topic, "mts.", rest);
}

bool byBody(const Json& body) {
    const Json* build = field(body, "build");
    return field(build, "name") != nullptr && field(build, "stream") != nullptr;
}

void fill(const FamilyInput& in, std::string_view rest, model::Event& event) {
    event.kind = model::Kind::Module;
    const Json* build = field(in.body, "build");
    event.component = text(field(build, "name"));
    event.subject = joinNsvc(event.component, text(field(build, "stream")),
                             text(field(build, "version")), text(field(build, "context")));
    const Json* destinations = field(in.body, "destination_tags");
    if (destinations != nullptr && destinations->is_array()) {
        for (const Json& destination : *destinations) {
            const Json* tag = destination.is_object() ? field(destination, "tag") : &destination;
            appendUnique(event.tags, textList(tag));
        }
    } else {
        appendUnique(event.tags, textList(destinations));
    }
    if (!rest.empty())
        event.event = dotted(rest);
    else
        event.event = destinations != nullptr ? "build.tag.requested" : "build.tag.unmatched";
}

}  // namespace

const Family kMtsFamily{"mts", byTopic, byBody, fill};

}  // namespace switchboard::ingest
