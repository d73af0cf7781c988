#include "helpers.hpp"

using namespace switchboard;
using namespace switchboard::ingest::test;

TEST_CASE("an ODCS state change names the pungi compose it produced when there is one") {
    const model::Event event = normalizeBody(
        "/topic/VirtualTopic.eng.odcs.compose.state-changed",
        R"({"compose": {"id": 7, "state": 2, "pungi_compose_id": "RHEL-9.4.0-20240101.t.0",
                        "arches": "x86_64 ppc64le"}})");
    CHECK(event.kind == model::Kind::Compose);
    CHECK(event.event == "compose.state.change");
    CHECK(event.state == "done");  // the number, mapped
    CHECK(event.subject == "RHEL-9.4.0-20240101.t.0");
    CHECK(event.version == "9.4.0");
    CHECK(event.arch == list({"ppc64le", "x86_64"}));
}

TEST_CASE("an ODCS compose without a pungi id is odcs-<id>") {
    const model::Event event =
        normalizeBody("org.fedoraproject.stg.odcs.state.change",
                      R"({"compose": {"id": "185", "state_name": "failed", "state": 4}})");
    CHECK(event.subject == "odcs-185");
    CHECK(event.state == "failed");
}

TEST_CASE("a bare ODCS body is recognised by its compose state") {
    const model::Event event =
        normalizeLine(R"({"event": "state-changed", "compose": {"id": 1, "state_name": "wait"}})");
    CHECK(event.kind == model::Kind::Compose);
    CHECK(event.state == "wait");
}
