#include "helpers.hpp"

using namespace switchboard;
using namespace switchboard::ingest::test;

TEST_CASE("a Bodhi build group trigger is about the group's artifact id") {
    const model::Event event = normalizeBody(
        "org.fedoraproject.stg.bodhi.update.status.testing.koji-build-group.build.complete",
        R"({"artifact": {"id": "FEDORA-2024-abc-123", "type": "koji-build-group",
            "builds": [{"nvr": "gcc-14.1.1-1.fc40"}, {"nvr": "gcc-14.1.1-1.fc40"}]}})");
    CHECK(event.kind == model::Kind::Package);
    CHECK(event.event == "build.complete");
    CHECK(event.state == "complete");
    CHECK(event.subject == "FEDORA-2024-abc-123");
    CHECK(event.component == "gcc");  // one package in the group
}

TEST_CASE("a Bodhi group of several packages has no single component") {
    const model::Event event = normalizeBody(
        "org.fedoraproject.prod.bodhi.update.status.testing.koji-build-group.build.complete",
        R"({"artifact": {"builds": [{"component": "a"}, {"component": "b"}]},
            "update": {"alias": "FEDORA-2024-1"}})");
    CHECK(event.component.empty());
    CHECK(event.subject == "FEDORA-2024-1");  // no artifact id: the update's alias
}

TEST_CASE("a CI test of a koji-build-group is the CI spec, not the Bodhi trigger") {
    const model::Event event = normalizeBody(
        "org.centos.prod.ci.koji-build-group.test.complete",
        R"({"artifact": {"id": "FEDORA-2024-1-aa", "builds": []}, "test": {"result": "passed"}})");
    CHECK(event.event == "test.complete");
    CHECK(event.state == "passed");
    CHECK(event.subject == "FEDORA-2024-1-aa");
}
