#include "helpers.hpp"

using namespace switchboard;
using namespace switchboard::ingest::test;

TEST_CASE("an MTS request on the UMB prefix lists its destination tags in order") {
    const model::Event event = normalizeBody(
        "/topic/VirtualTopic.eng.mts.build.tag.requested",
        R"({"build": {"name": "perl", "stream": "5.30", "version": 3020200101, "context": "x"},
            "destination_tags": [{"tag": "z-tag"}, {"tag": "a-tag"}, {"tag": "z-tag"}]})");
    CHECK(event.kind == model::Kind::Module);
    CHECK(event.event == "build.tag.requested");
    CHECK(event.subject == "perl:5.30:3020200101:x");
    CHECK(event.tags == list({"z-tag", "a-tag"}));
}

TEST_CASE("MTS destination tags given as plain strings or one string are read too") {
    const model::Event strings = normalizeBody(
        "org.fedoraproject.prod.mts.build.tag.requested",
        R"({"build": {"name": "a", "stream": "1"}, "destination_tags": ["t1", "t2"]})");
    CHECK(strings.tags == list({"t1", "t2"}));
    CHECK(strings.subject == "a:1");
    const model::Event single =
        normalizeBody("org.fedoraproject.prod.mts.build.tag.requested",
                      R"({"build": {"name": "a", "stream": "1"}, "destination_tags": "t1"})");
    CHECK(single.tags == list({"t1"}));
}

TEST_CASE("an MTS unmatched message without a build has no subject but keeps its event") {
    const model::Event event =
        normalizeBody("org.fedoraproject.prod.mts.build.tag.unmatched", R"({"build": "oops"})");
    CHECK(event.kind == model::Kind::Module);
    CHECK(event.event == "build.tag.unmatched");
    CHECK(event.subject.empty());
}
