#include "helpers.hpp"

using namespace switchboard;
using namespace switchboard::ingest::test;

TEST_CASE("a Brew build state change reads the build in info") {
    const model::Event event =
        normalizeBody("/topic/VirtualTopic.eng.brew.build.failed",
                      R"({"info": {"name": "kernel", "version": "5.14.0", "release": "427.el9"},
            "attribute": "state", "old": 0, "new": 3})");
    CHECK(event.kind == model::Kind::Package);
    CHECK(event.event == "build.state.change");
    CHECK(event.subject == "kernel-5.14.0-427.el9");
    CHECK(event.component == "kernel");
    CHECK(event.state == "FAILED");
}

TEST_CASE("a Brew build without `new` takes its state from the topic") {
    const model::Event event =
        normalizeBody("VirtualTopic.qe.brew.build.canceled",
                      R"({"info": {"nvr": "foo-1.0-1.el8", "package_name": "foo"}})");
    CHECK(event.state == "CANCELED");
    CHECK(event.subject == "foo-1.0-1.el8");
    CHECK(event.component == "foo");
}

TEST_CASE("a Brew untag reads the build and the tag's name") {
    const model::Event event = normalizeBody(
        "/topic/VirtualTopic.eng.brew.build.untag",
        R"({"tag": {"name": "rhel-9.4.0-candidate"}, "build": {"nvr": "glibc-2.34-100.el9"}})");
    CHECK(event.event == "build.untag");
    CHECK(event.subject == "glibc-2.34-100.el9");
    CHECK(event.component == "glibc");  // from the N-V-R
    CHECK(event.tags == list({"rhel-9.4.0-candidate"}));
}

TEST_CASE("a bare Brew build body is recognised by its info and attribute") {
    const model::Event event = normalizeLine(
        R"({"info": {"name": "a", "version": "1", "release": "1"}, "attribute": "state", "new": 1})");
    CHECK(event.kind == model::Kind::Package);
    CHECK(event.state == "COMPLETE");
}

TEST_CASE("Brew topics other than builds are other") {
    const model::Event event = normalizeBody("/topic/VirtualTopic.eng.brew.task.closed",
                                             R"({"info": {"method": "build"}, "new": "CLOSED"})");
    CHECK(event.kind == model::Kind::Other);
    CHECK(event.event == "brew.task.closed");
}
