#include "helpers.hpp"

using namespace switchboard;
using namespace switchboard::ingest::test;

TEST_CASE("a job-trigger build_image body is a compose with the body's product and version") {
    const model::Event event = normalizeLine(
        R"({"product": "RHEL", "version": 9.4, "message": {"build": "RHEL-9.4.0-20240101.n.3",
            "arches": "x86_64,aarch64"}})");
    CHECK(event.kind == model::Kind::Compose);
    CHECK(event.event == "build_image");
    CHECK(event.subject == "RHEL-9.4.0-20240101.n.3");
    CHECK(event.product == "RHEL");
    CHECK(event.version == "9.4");
    CHECK(event.arch == list({"aarch64", "x86_64"}));
}

TEST_CASE("a build_image body with empty product and version takes them from the compose id") {
    const model::Event event = normalizeBody(
        "/topic/VirtualTopic.eng.jobs.build_image",
        R"({"product": "", "version": "", "message": {"build": "Fedora-40-20240401.0"}})");
    CHECK(event.kind == model::Kind::Compose);
    CHECK(event.product == "Fedora");
    CHECK(event.version == "40");
    CHECK(event.arch.empty());
}
