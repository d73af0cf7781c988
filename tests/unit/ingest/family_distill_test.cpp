#include "helpers.hpp"

using namespace switchboard;
using namespace switchboard::ingest::test;

TEST_CASE("a distill message gives the compose id, its state and the productmd facets") {
    const model::Event event =
        normalizeBody("/topic/VirtualTopic.eng.distill.compose-started",
                      R"({"compose-id": "RHEL-8.10.0-20240101.n.2", "compose-state": "STARTED"})");
    CHECK(event.kind == model::Kind::Compose);
    CHECK(event.event == "compose.status.change");
    CHECK(event.subject == "RHEL-8.10.0-20240101.n.2");
    CHECK(event.state == "STARTED");
    CHECK(event.product == "RHEL");
    CHECK(event.version == "8.10.0");
}

TEST_CASE("a distill compose id without a date takes its facets from release-id") {
    const model::Event event =
        normalizeBody("topic://VirtualTopic.eng.distill.compose-finished",
                      R"({"compose-id": "custom", "release-id": "Supp-6.10-RHEL-6"})");
    CHECK(event.product == "Supp");
    CHECK(event.version == "6.10");
    CHECK(event.event == "compose.finished");  // no state: named after the topic
}

TEST_CASE("a bare distill body is recognised by its compose-id key") {
    const model::Event event =
        normalizeLine(R"({"compose-id": "Fedora-39-20231001.0", "compose-state": 5})");
    CHECK(event.kind == model::Kind::Compose);
    CHECK(event.state == "5");
}
