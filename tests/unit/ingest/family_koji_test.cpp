#include "helpers.hpp"

using namespace switchboard;
using namespace switchboard::ingest::test;

TEST_CASE("a Koji build state change maps every state number") {
    const char* names[] = {"BUILDING", "COMPLETE", "DELETED", "FAILED", "CANCELED"};
    for (int state = 0; state < 5; ++state) {
        const model::Event event = normalizeBody(
            "org.fedoraproject.stg.buildsys.build.state.change",
            R"({"name": "bash", "version": "5.2.26", "release": "1.fc40", "attribute": "state",
                "old": 0, "new": )" +
                std::to_string(state) + "}");
        CHECK(event.kind == model::Kind::Package);
        CHECK(event.event == "build.state.change");
        CHECK(event.state == names[state]);
        CHECK(event.subject == "bash-5.2.26-1.fc40");
        CHECK(event.component == "bash");
    }
}

TEST_CASE("a Koji state given as text or out of range is kept as the message says it") {
    CHECK(normalizeBody("org.fedoraproject.prod.buildsys.build.state.change",
                        R"({"name": "a", "version": "1", "release": "1", "new": "COMPLETE"})")
              .state == "COMPLETE");
    CHECK(normalizeBody("org.fedoraproject.prod.buildsys.build.state.change",
                        R"({"name": "a", "version": "1", "release": "1", "new": "1"})")
              .state == "COMPLETE");
    CHECK(normalizeBody("org.fedoraproject.prod.buildsys.build.state.change",
                        R"({"name": "a", "version": "1", "release": "1", "new": 9})")
              .state == "9");
}

TEST_CASE("a Koji version given as a number still makes the N-V-R") {
    const model::Event event =
        normalizeBody("org.fedoraproject.prod.buildsys.tag",
                      R"({"name": "python3", "version": 3.12, "release": "1.fc39", "tag": "f39"})");
    CHECK(event.subject == "python3-3.12-1.fc39");
    CHECK(event.event == "build.tag");
    CHECK(event.tags == list({"f39"}));
}

TEST_CASE("a Koji untag with the tag as an object reads its name") {
    const model::Event event = normalizeBody(
        "org.fedoraproject.prod.buildsys.untag",
        R"({"name": "a", "version": "1", "release": "2", "tag": {"name": "f40-pending"}})");
    CHECK(event.event == "build.untag");
    CHECK(event.tags == list({"f40-pending"}));
}

TEST_CASE("a Koji build without its release falls back to an nvr key, else no subject") {
    CHECK(normalizeBody("org.fedoraproject.prod.buildsys.build.state.change",
                        R"({"name": "a", "version": "1", "nvr": "a-1-3", "new": 1})")
              .subject == "a-1-3");
    CHECK(normalizeBody("org.fedoraproject.prod.buildsys.build.state.change",
                        R"({"name": "a", "version": "1", "new": 1})")
              .subject.empty());
}

TEST_CASE("other buildsys topics are other, with what can be read") {
    const model::Event event = normalizeBody("org.fedoraproject.prod.buildsys.repo.done",
                                             R"({"tag": "f40-build", "repo_id": 1})");
    CHECK(event.kind == model::Kind::Other);
    CHECK(event.event == "buildsys.repo.done");
    CHECK(event.tags == list({"f40-build"}));
}
