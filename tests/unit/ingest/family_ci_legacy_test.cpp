#include "helpers.hpp"

using namespace switchboard;
using namespace switchboard::ingest::test;

TEST_CASE("a legacy pipeline package message is about the package's commit") {
    const model::Event event = normalizeBody(
        "org.centos.stg.ci.pipeline.package.running",
        R"({"CI_TYPE": "custom", "repo": "bash", "rev": "0123abc", "status": "RUNNING"})");
    CHECK(event.kind == model::Kind::Package);
    CHECK(event.event == "pipeline.package.running");
    CHECK(event.subject == "0123abc");
    CHECK(event.component == "bash");
    CHECK(event.state == "RUNNING");
}

TEST_CASE("a legacy pipeline compose message is about the compose revision") {
    const model::Event event = normalizeBody(
        "org.centos.prod.ci.pipeline.compose.running",
        R"({"repo": "kernel", "rev": "aaa", "compose_rev": "bbb", "CI_STATUS": "running"})");
    CHECK(event.kind == model::Kind::Compose);
    CHECK(event.subject == "bbb");
    CHECK(event.state == "running");
}

TEST_CASE("a bare legacy pipeline body is dispatched on the topic it carries") {
    const model::Event event = normalizeLine(
        R"({"CI_NAME": "ci-pipeline", "repo": "vim", "rev": "abc", "status": "SUCCESS",
            "topic": "org.centos.prod.ci.pipeline.package.complete"})");
    CHECK(event.kind == model::Kind::Package);
    CHECK(event.event == "pipeline.package.complete");
    CHECK(event.topic.empty());
}

// Some pipelines put their own name first: upstream-fedora-pipeline's allpackages jobs publish
// org.centos.prod.ci.pipeline.allpackages[-build].package.<stage>.
TEST_CASE("a legacy pipeline topic that names its pipeline first is still about the package") {
    const model::Event event = normalizeBody(
        "org.centos.prod.ci.pipeline.allpackages-build.package.queued",
        R"({"CI_TYPE": "custom", "repo": "bash", "rev": "0123abc", "status": "QUEUED"})");
    CHECK(event.kind == model::Kind::Package);
    CHECK(event.event == "pipeline.allpackages.build.package.queued");
    CHECK(event.subject == "0123abc");
    CHECK(event.component == "bash");
    const model::Event test = normalizeBody(
        "org.centos.prod.ci.pipeline.allpackages.package.test.functional.complete",
        R"({"repo": "vim", "rev": "abc", "status": "SUCCESS"})");
    CHECK(test.kind == model::Kind::Package);
    const model::Event compose = normalizeBody(
        "org.centos.prod.ci.pipeline.allpackages.compose.running",
        R"({"repo": "vim", "rev": "abc", "compose_rev": "def"})");
    CHECK(compose.kind == model::Kind::Compose);
    CHECK(compose.subject == "def");
}
