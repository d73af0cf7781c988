// Brew (Red Hat's Koji) on UMB: brew.build.<state> with the build in `info`, and
// brew.build.tag|untag with `build` and `tag`.
#include <cctype>

#include "ingest/families.hpp"
#include "ingest/topic.hpp"

namespace switchboard::ingest {

namespace {

bool byTopic(std::string_view topic, std::string_view& rest) {
    if (!topicAfter(topic, "brew.build.", rest)) return false;
    return !rest.empty() && rest.find('.') == std::string_view::npos;
}

bool byBody(JsonRef body) {
    JsonRef info = field(body, "info");
    if (field(info, "name") && field(info, "version") && field(info, "release") &&
        text(field(body, "attribute")) == "state")
        return true;
    JsonRef build = field(body, "build");
    return field(build, "nvr") && field(field(body, "tag"), "name");
}

// Subject and component of a Brew build object.
void readBuild(JsonRef build, model::Event& event) {
    event.component = firstText(build, {"name", "package_name"});
    event.subject = text(field(build, "nvr"));
    if (event.subject.empty())
        event.subject =
            joinNvr(event.component, text(field(build, "version")), text(field(build, "release")));
    if (event.component.empty()) event.component = nvrName(event.subject);
}

void fill(const FamilyInput& in, std::string_view rest, model::Event& event) {
    event.kind = model::Kind::Package;
    const bool tagEvent =
        rest == "tag" || rest == "untag" || (rest.empty() && !field(in.body, "info"));
    if (tagEvent) {
        readBuild(field(in.body, "build"), event);
        JsonRef tag = field(in.body, "tag");
        event.tags = textList(tag.isObject() ? field(tag, "name") : tag);
        if (!rest.empty()) event.event = "build." + std::string(rest);
        return;
    }
    readBuild(field(in.body, "info"), event);
    event.event = "build.state.change";
    JsonRef state = field(in.body, "new");
    if (const auto number = integer(state); number)
        event.state = std::string(kojiBuildState(*number));
    if (event.state.empty()) event.state = text(state);
    if (event.state.empty()) {  // the topic names the state: brew.build.complete -> COMPLETE
        event.state = std::string(rest);
        for (char& c : event.state)
            c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
}

}  // namespace

const Family kBrewFamily{"brew", byTopic, byBody, fill};

}  // namespace switchboard::ingest
