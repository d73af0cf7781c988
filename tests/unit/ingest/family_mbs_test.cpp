#include "helpers.hpp"

using namespace switchboard;
using namespace switchboard::ingest::test;

TEST_CASE("an MBS state change maps the state number when state_name is missing") {
    const char* names[] = {"init", "wait", "build", "done", "failed", "ready", "garbage"};
    for (int state = 0; state < 7; ++state) {
        const model::Event event = normalizeBody(
            "/topic/VirtualTopic.eng.mbs.module.state.change",
            R"({"name": "ruby", "stream": "3.1", "version": "8090020220101", "context": "c1",
                "state": )" +
                std::to_string(state) + "}");
        CHECK(event.state == names[state]);
        CHECK(event.subject == "ruby:3.1:8090020220101:c1");
        CHECK(event.component == "ruby");
    }
}

TEST_CASE("an MBS version given as a number reads as its digits") {
    const model::Event event = normalizeBody(
        "org.fedoraproject.stg.mbs.module.state.change",
        R"({"name": "nodejs", "stream": 20, "version": 3920231011123456, "state_name": "build"})");
    CHECK(event.subject == "nodejs:20:3920231011123456");  // no context: three parts
    CHECK(event.state == "build");
}

TEST_CASE("an MBS state out of range is kept as given") {
    const model::Event event =
        normalizeBody("org.fedoraproject.prod.mbs.module.state.change",
                      R"({"name": "a", "stream": "b", "version": "1", "state": 42})");
    CHECK(event.state == "42");
}

TEST_CASE("other MBS topics are not module state changes") {
    const model::Event event = normalizeBody("org.fedoraproject.prod.mbs.component.state.change",
                                             R"({"nvr": "x-1-1", "state": 1})");
    CHECK(event.kind == model::Kind::Other);
    CHECK(event.event == "mbs.component.state.change");
    CHECK(event.subject == "x-1-1");
}
