#include <catch2/catch.hpp>

#include "ingest/topic.hpp"

using namespace switchboard::ingest;

TEST_CASE("stripTopicPrefix removes every bus prefix Switchboard meets") {
    CHECK(stripTopicPrefix("org.fedoraproject.prod.buildsys.tag") == "buildsys.tag");
    CHECK(stripTopicPrefix("org.fedoraproject.stg.mbs.module.state.change") ==
          "mbs.module.state.change");
    CHECK(stripTopicPrefix("org.centos.prod.ci.pipeline.complete") == "ci.pipeline.complete");
    CHECK(stripTopicPrefix("/topic/VirtualTopic.eng.brew.build.tag") == "brew.build.tag");
    CHECK(stripTopicPrefix("topic://VirtualTopic.qe.errata.activity") == "errata.activity");
    CHECK(stripTopicPrefix("VirtualTopic.devops.messagebusd.reply") == "messagebusd.reply");
    CHECK(stripTopicPrefix("cki.datawarehouse.checkout") == "cki.datawarehouse.checkout");
    CHECK(stripTopicPrefix("test topic") == "test topic");
    // Too short to hold a prefix and a family: kept whole.
    CHECK(stripTopicPrefix("org.fedoraproject.prod") == "org.fedoraproject.prod");
    CHECK(stripTopicPrefix("VirtualTopic.eng") == "eng");
    CHECK(stripTopicPrefix("").empty());
}

TEST_CASE("topicAfter finds a key only at a segment boundary") {
    std::string_view rest;
    REQUIRE(topicAfter("my.bus.pungi.compose.status.change", "pungi.", rest));
    CHECK(rest == "compose.status.change");
    CHECK_FALSE(topicAfter("notpungi.compose.x", "pungi.", rest));
    REQUIRE(topicAfter("notpungi.pungi.x", "pungi.", rest));
    CHECK(rest == "x");
    REQUIRE(topicAfter("/queue/pungi.y", "pungi.", rest));
    CHECK(rest == "y");
}

TEST_CASE("topicEndsWith needs the key to start a segment") {
    CHECK(topicEndsWith("org.fedoraproject.prod.buildsys.tag", "buildsys.tag"));
    CHECK(topicEndsWith("buildsys.tag", "buildsys.tag"));
    CHECK_FALSE(topicEndsWith("xbuildsys.tag", "buildsys.tag"));
    CHECK_FALSE(topicEndsWith("tag", "buildsys.tag"));
}

TEST_CASE("segmentFromEnd counts segments from the last one") {
    CHECK(segmentFromEnd("ci.brew-build.test.complete", 0) == "complete");
    CHECK(segmentFromEnd("ci.brew-build.test.complete", 3) == "ci");
    CHECK(segmentFromEnd("ci.brew-build.test.complete", 4).empty());
    CHECK(segmentFromEnd("", 0).empty());
    CHECK(segmentFromEnd("a..b", 1).empty());
}

TEST_CASE("dotted turns dashes into dots") {
    CHECK(dotted("compose-tagged") == "compose.tagged");
}
