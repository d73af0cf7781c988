// The message-tagging service: mts.build.tag.requested|unmatched about a module build, with the
// Koji tags it asked for.
#include "ingest/families.hpp"
#include "ingest/topic.hpp"

namespace switchboard::ingest {

namespace {

bool byTopic(std::string_view topic, std::string_view& rest) {
    return topicAfter(topic, "mts.", rest);
}

bool byBody(JsonRef body) {
    JsonRef build = field(body, "build");
    return field(build, "name") && field(build, "stream");
}

void fill(const FamilyInput& in, std::string_view rest, model::Event& event) {
    event.kind = model::Kind::Module;
    JsonRef build = field(in.body, "build");
    event.component = text(field(build, "name"));
    event.subject = joinNsvc(event.component, text(field(build, "stream")),
                             text(field(build, "version")), text(field(build, "context")));
    JsonRef destinations = field(in.body, "destination_tags");
    if (destinations.isArray()) {
        for (JsonRef destination : destinations) {
            JsonRef tag = destination.isObject() ? field(destination, "tag") : destination;
            appendUnique(event.tags, textList(tag));
        }
    } else {
        appendUnique(event.tags, textList(destinations));
    }
    if (!rest.empty())
        event.event = dotted(rest);
    else
        event.event = destinations ? "build.tag.requested" : "build.tag.unmatched";
}

}  // namespace

const Family kMtsFamily{"mts", byTopic, byBody, fill};

}  // namespace switchboard::ingest
