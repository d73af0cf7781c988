#include "helpers.hpp"

using namespace switchboard;
using namespace switchboard::ingest::test;

TEST_CASE("a CKI DataWarehouse checkout message is a checkout whose status names the event") {
    const model::Event event = normalizeBody(
        "/topic/VirtualTopic.eng.cki.datawarehouse.checkout",
        R"({"status": "new", "object_type": "checkout", "object": {"id": "redhat:999"}})");
    CHECK(event.kind == model::Kind::Checkout);
    CHECK(event.subject == "redhat:999");
    CHECK(event.state == "new");
    CHECK(event.event == "new");
}

TEST_CASE("a CKI DataWarehouse message about a build is other with its facets") {
    const model::Event event = normalizeLine(
        R"({"status": "updated", "object_type": "build",
            "object": {"id": "redhat:999_x86_64", "architecture": "x86_64", "package_name": "kernel"}})");
    CHECK(event.kind == model::Kind::Other);
    CHECK(event.subject == "redhat:999_x86_64");
    CHECK(event.arch == list({"x86_64"}));
    CHECK(event.component == "kernel");
}

TEST_CASE("CKI ready_for_test reports the status only once CKI has finished") {
    const char* finished =
        R"({"checkout_id": "redhat:1", "cki_finished": true, "status": "fail",
            "artifact": {"source_package_name": "kernel-rt"},
            "build_info": [{"architecture": "s390x"}, {"architecture": "ppc64le"}]})";
    const model::Event event = normalizeBody("org.example.cki.ready_for_test", finished);
    CHECK(event.kind == model::Kind::Checkout);
    CHECK(event.event == "ready_for_test");
    CHECK(event.subject == "redhat:1");
    CHECK(event.state == "fail");
    CHECK(event.component == "kernel-rt");
    CHECK(event.arch == list({"ppc64le", "s390x"}));
    const model::Event bare = normalizeLine(
        R"({"checkout_id": "redhat:2", "cki_finished": "false", "status": "fail", "build_info": 7})");
    CHECK(bare.kind == model::Kind::Checkout);
    CHECK(bare.state.empty());
    CHECK(bare.arch.empty());
}
