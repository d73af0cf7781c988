#include "helpers.hpp"

using namespace switchboard;
using namespace switchboard::ingest::test;

TEST_CASE("a CI test message's stage is its event and, unless complete, its state") {
    for (const char* stage : {"queued", "running", "error"}) {
        const model::Event event = normalizeBody(
            std::string("/topic/VirtualTopic.eng.ci.brew-build.test.") + stage,
            R"({"artifact": {"type": "brew-build", "nvr": "bash-5.1-1.el9", "component": "bash"},
                "test": {"category": "functional"}})");
        CHECK(event.kind == model::Kind::Package);
        CHECK(event.event == std::string("test.") + stage);
        CHECK(event.state == stage);
        CHECK(event.subject == "bash-5.1-1.el9");
    }
}

TEST_CASE("a complete CI test message's state is the result (1.x) or status (0.x)") {
    CHECK(normalizeBody("org.centos.prod.ci.koji-build.test.complete",
                        R"({"artifact": {"nvr": "a-1-1"}, "test": {"result": "needs_inspection"}})")
              .state == "needs_inspection");
    CHECK(normalizeBody("org.centos.prod.ci.koji-build.test.complete",
                        R"({"artifact": {"nvr": "a-1-1"}, "status": "passed"})")
              .state == "passed");
}

TEST_CASE("a redhat-module CI message is about the module's NSVC") {
    const model::Event nsvc = normalizeBody(
        "topic://VirtualTopic.eng.ci.redhat-module.test.complete",
        R"({"artifact": {"type": "redhat-module", "nsvc": "nodejs:18:8090020230101:abc"},
            "test": {"result": "failed"}, "system": {"architecture": "s390x"}})");
    CHECK(nsvc.kind == model::Kind::Module);
    CHECK(nsvc.subject == "nodejs:18:8090020230101:abc");
    CHECK(nsvc.component == "nodejs");
    CHECK(nsvc.arch == list({"s390x"}));
    const model::Event parts = normalizeBody(
        "/topic/VirtualTopic.eng.ci.redhat-module.test.queued",
        R"({"artifact": {"name": "perl", "stream": "5.32", "version": 1, "context": "c"}})");
    CHECK(parts.subject == "perl:5.32:1:c");
}

TEST_CASE("a productmd-compose CI message gets the compose's product and version") {
    const model::Event event = normalizeBody(
        "/topic/VirtualTopic.eng.ci.productmd-compose.test.running",
        R"({"artifact": {"id": "RHEL-9.4.0-20240101.n.1"}, "system": [{"architecture": ["ppc64le"]}]})");
    CHECK(event.kind == model::Kind::Compose);
    CHECK(event.product == "RHEL");
    CHECK(event.version == "9.4.0");
    CHECK(event.arch == list({"ppc64le"}));
}

TEST_CASE("a CI message about another artifact is other but keeps its subject") {
    const model::Event event = normalizeBody(
        "/topic/VirtualTopic.eng.ci.container-image.test.complete",
        R"({"artifact": {"type": "container-image", "nvr": "ubi9-9.4-1"}, "test": {"result": "passed"}})");
    CHECK(event.kind == model::Kind::Other);
    CHECK(event.event == "test.complete");
    CHECK(event.subject == "ubi9-9.4-1");
}

TEST_CASE("a bare CI body with a result is a complete test") {
    const model::Event event = normalizeLine(
        R"({"artifact": {"type": "koji-build", "nvr": "vim-9.0-1.fc39"}, "test": {"result": "passed"},
            "contact": {"name": "x"}})");
    CHECK(event.kind == model::Kind::Package);
    CHECK(event.event == "test.complete");
    CHECK(event.component == "vim");
}

TEST_CASE("a CI system of the wrong type gives no arch") {
    const model::Event event =
        normalizeBody("org.centos.prod.ci.koji-build.test.complete",
                      R"({"artifact": "x", "system": "x86_64", "test": [1, 2]})");
    CHECK(event.kind == model::Kind::Package);
    CHECK(event.arch.empty());
    CHECK(event.subject.empty());
}
