#include "helpers.hpp"

using namespace switchboard;
using namespace switchboard::ingest::test;

TEST_CASE("a pungi status change on the staging bus gives the compose, its state and facets") {
    const model::Event event = normalizeBody(
        "org.fedoraproject.stg.pungi.compose.status.change",
        R"({"compose_id": "Fedora-Cloud-40-20240401.0", "status": "FINISHED_INCOMPLETE",
            "location": "https://kojipkgs.fedoraproject.org/compose/cloud/x/compose"})");
    CHECK(event.kind == model::Kind::Compose);
    CHECK(event.event == "compose.status.change");
    CHECK(event.subject == "Fedora-Cloud-40-20240401.0");
    CHECK(event.state == "FINISHED_INCOMPLETE");
    CHECK(event.product == "Fedora-Cloud");
    CHECK(event.version == "40");
}

TEST_CASE("UMB pungi topics with dashes become dotted compose events") {
    const model::Event event =
        normalizeBody("topic://VirtualTopic.eng.pungi.phase-stop",
                      R"({"phase_name": "gather", "compose_id": "RHEL-9.4.0-20240101.n.1"})");
    CHECK(event.kind == model::Kind::Compose);
    CHECK(event.event == "compose.phase.stop");
    CHECK(event.product == "RHEL");
    CHECK(event.version == "9.4.0");
    CHECK(event.state.empty());
}

TEST_CASE("a pungi arch given as a list or a number is read without complaint") {
    const model::Event listed =
        normalizeBody("org.fedoraproject.prod.pungi.compose.createiso.imagefail",
                      R"({"compose_id": "Fedora-24-20151208.n.7", "arch": ["x86_64", "aarch64"]})");
    CHECK(listed.arch == list({"aarch64", "x86_64"}));
    const model::Event number = normalizeBody("org.fedoraproject.prod.pungi.compose.ostree",
                                              R"({"compose_id": 12345, "arch": 64})");
    CHECK(number.subject == "12345");
    CHECK(number.arch == list({"64"}));
    CHECK(number.product.empty());  // no date part: no productmd split
}

TEST_CASE("a bare pungi body with a status is a compose status change") {
    const model::Event event = normalizeLine(
        R"({"compose_id": "Fedora-Rawhide-20240502.n.0", "status": "STARTED", "location": "x"})");
    CHECK(event.kind == model::Kind::Compose);
    CHECK(event.event == "compose.status.change");
    CHECK(event.version == "Rawhide");
}

TEST_CASE("a pungi message without a compose id is still about a compose") {
    const model::Event event =
        normalizeBody("org.fedoraproject.prod.pungi.compose.fail.to.start", R"({"detail": "x"})");
    CHECK(event.kind == model::Kind::Compose);
    CHECK(event.event == "compose.fail.to.start");
    CHECK(event.subject.empty());
}
