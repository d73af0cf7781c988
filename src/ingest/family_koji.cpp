// Koji builds: buildsys.build.state.change (state from `new`), buildsys.tag and buildsys.untag.
#include <array>

#include "ingest/families.hpp"
#include "ingest/topic.hpp"

namespace switchboard::ingest {

namespace {

constexpr std::array<std::string_view, 5> kStates = {"BUILDING", "COMPLETE", "DELETED", "FAILED",
                                                     "CANCELED"};

bool byTopic(std::string_view topic, std::string_view& rest) {
    for (std::string_view key : {"buildsys.build.state.change", "buildsys.tag", "buildsys.untag"}) {
        if (topicEndsWith(topic, key)) {
            rest = key.substr(9);  // after "buildsys."
            return true;
        }
    }
    return false;
}

bool byBody(JsonRef body) {
    if (!field(body, "name") || !field(body, "version") || !field(body, "release")) return false;
    JsonRef tag = field(body, "tag");
    return (text(field(body, "attribute")) == "state" && field(body, "new")) || (tag.isString());
}

void fill(const FamilyInput& in, std::string_view rest, model::Event& event) {
    event.kind = model::Kind::Package;
    event.component = text(field(in.body, "name"));
    event.subject =
        joinNvr(event.component, text(field(in.body, "version")), text(field(in.body, "release")));
    if (event.subject.empty()) event.subject = text(field(in.body, "nvr"));
    const bool tagEvent =
        rest == "tag" || rest == "untag" || (rest.empty() && field(in.body, "tag"));
    if (tagEvent) {
        JsonRef tag = field(in.body, "tag");
        event.tags = textList(tag.isObject() ? field(tag, "name") : tag);
        if (!rest.empty()) event.event = "build." + std::string(rest);
        return;
    }
    event.event = "build.state.change";
    JsonRef state = field(in.body, "new");
    if (const auto number = integer(state); number)
        event.state = std::string(kojiBuildState(*number));
    if (event.state.empty()) event.state = text(state);
}

}  // namespace

std::string_view kojiBuildState(int64_t state) {
    return state >= 0 && state < static_cast<int64_t>(kStates.size())
               ? kStates[static_cast<size_t>(state)]
               : std::string_view();
}

const Family kKojiFamily{"koji", byTopic, byBody, fill};

}  // namespace switchboard::ingest
