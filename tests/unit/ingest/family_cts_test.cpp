#include "helpers.hpp"

using namespace switchboard;
using namespace switchboard::ingest::test;

TEST_CASE("a CTS message reads the compose and release from its productmd compose info") {
    const model::Event event = normalizeBody(
        "/topic/VirtualTopic.eng.cts.compose-created",
        R"({"event": "compose-created", "compose": {"tags": ["a", "b", "a"], "compose_info":
            {"payload": {"compose": {"id": "RHEL-9.4.0-20240101.1"},
                         "release": {"short": "RHEL", "version": "9.4.0"}}}}})");
    CHECK(event.kind == model::Kind::Compose);
    CHECK(event.event == "compose.created");
    CHECK(event.subject == "RHEL-9.4.0-20240101.1");
    CHECK(event.product == "RHEL");
    CHECK(event.version == "9.4.0");
    CHECK(event.tags == list({"a", "b"}));
}

TEST_CASE("a CTS message without a release falls back to the compose id rule") {
    const model::Event event =
        normalizeBody("org.example.prod.cts.compose-tagged",
                      R"({"tag": "nightly", "compose": {"compose_info": {"payload":
            {"compose": {"id": "OracleJava-7.4-RHEL-7-20170602.n.0"}}}}})");
    CHECK(event.product == "OracleJava");
    CHECK(event.version == "7.4");
    CHECK(event.tags == list({"nightly"}));
    CHECK(event.event == "compose.tagged");
}

TEST_CASE("a CTS compose_info of the wrong type leaves the facets empty") {
    const model::Event event = normalizeBody("/topic/VirtualTopic.eng.cts.compose-changed",
                                             R"({"compose": {"compose_info": "oops"}})");
    CHECK(event.kind == model::Kind::Compose);
    CHECK(event.subject.empty());
    CHECK(event.product.empty());
}
