// The job-trigger service's build_image request: a bare body with product, version and
// message.build / message.arches, about the compose to build an image from.
#include "ingest/families.hpp"
#include "ingest/topic.hpp"

namespace switchboard::ingest {

namespace {

bool byTopic(std::string_view topic, std::string_view& rest) {
    if (!topicEndsWith(topic, "build_image")) return false;
    rest = "build_image";
    return true;
}

bool byBody(JsonRef body) {
    return field(body, "product") && field(body, "version") && path(body, {"message", "build"});
}

void fill(const FamilyInput& in, std::string_view rest, model::Event& event) {
    (void)rest;
    event.kind = model::Kind::Compose;
    event.event = "build_image";
    JsonRef message = field(in.body, "message");
    event.subject = text(field(message, "build"));
    std::string product, version;
    splitComposeId(event.subject, product, version);
    event.product = firstText(in.body, {"product"});
    if (event.product.empty()) event.product = text(field(message, "product"));
    if (event.product.empty()) event.product = std::move(product);
    event.version = text(field(in.body, "version"));
    if (event.version.empty()) event.version = text(field(message, "version"));
    if (event.version.empty()) event.version = std::move(version);
    event.arch = textList(field(message, "arches"), true);
}

}  // namespace

const Family kJobTriggerFamily{"job-trigger", byTopic, byBody, fill};

}  // namespace switchboard::ingest
