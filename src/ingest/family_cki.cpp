// CKI: DataWarehouse object messages (object_type checkout: subject object.id, state status)
// and cki.ready_for_test (subject checkout_id; state status once cki_finished).
#include "ingest/families.hpp"
#include "ingest/topic.hpp"

namespace switchboard::ingest {

namespace {

bool byTopic(std::string_view topic, std::string_view& rest) {
    if (topicEndsWith(topic, "ready_for_test")) {
        rest = "ready_for_test";
        return true;
    }
    return topicAfter(topic, "cki.datawarehouse.", rest);
}

bool byBody(JsonRef body) {
    if (field(body, "object_type") && field(body, "object")) return true;
    return field(body, "checkout_id") && (field(body, "build_info") || field(body, "cki_finished"));
}

void fillReadyForTest(const FamilyInput& in, model::Event& event) {
    event.kind = model::Kind::Checkout;
    event.event = "ready_for_test";
    event.subject = text(field(in.body, "checkout_id"));
    event.component = text(path(in.body, {"artifact", "source_package_name"}));
    JsonRef builds = field(in.body, "build_info");
    if (builds.isArray()) {
        for (JsonRef build : builds)
            appendUnique(event.arch, textList(field(build, "architecture")));
    }
    // Before CKI has finished, status says nothing about the checkout yet.
    if (truthy(field(in.body, "cki_finished"))) event.state = text(field(in.body, "status"));
}

void fillDataWarehouse(const FamilyInput& in, std::string_view rest, model::Event& event) {
    std::string type = text(field(in.body, "object_type"));
    if (type.empty()) type = std::string(rest.substr(0, rest.find('.')));
    event.kind = type == "checkout" ? model::Kind::Checkout : model::Kind::Other;
    JsonRef object = field(in.body, "object");
    event.subject = text(field(object, "id"));
    if (event.subject.empty()) event.subject = text(field(in.body, "id"));
    event.state = text(field(in.body, "status"));
    // DataWarehouse names what happened in `status` (build_setups_finished, ready_to_report).
    event.event = event.state.empty() ? type : event.state;
    if (event.kind == model::Kind::Other) {
        event.arch = textList(field(object, "architecture"));
        event.component = text(field(object, "package_name"));
    }
}

void fill(const FamilyInput& in, std::string_view rest, model::Event& event) {
    if (rest == "ready_for_test" ||
        (rest.empty() && field(in.body, "checkout_id") && !field(in.body, "object_type")))
        fillReadyForTest(in, event);
    else
        fillDataWarehouse(in, rest, event);
}

}  // namespace

const Family kCkiFamily{"cki", byTopic, byBody, fill};

}  // namespace switchboard::ingest
