// The fixture corpus (real messages, line for line against expected.jsonl) and the dispatcher:
// prefixes, body-shape fallback, kind `other`, and input that is the wrong shape everywhere.
#include <fstream>

#include "helpers.hpp"

using namespace switchboard;
using namespace switchboard::ingest;
using namespace switchboard::ingest::test;
using nlohmann::json;

TEST_CASE("every fixture message yields every field expected.jsonl gives for it") {
    std::ifstream messages(SB_FIXTURES_DIR "/messages.jsonl");
    std::ifstream expected(SB_FIXTURES_DIR "/expected.jsonl");
    REQUIRE(messages.good());
    REQUIRE(expected.good());
    std::string line, want;
    int lines = 0, fields = 0;
    while (std::getline(messages, line)) {
        REQUIRE(std::getline(expected, want));
        ++lines;
        const json expect = json::parse(want);
        ParseResult parsed = parseLine(line);
        INFO("line " << lines << ": " << expect.value("_note", ""));
        REQUIRE(std::holds_alternative<Message>(parsed));
        const json got = model::toJson(normalize(std::move(std::get<Message>(parsed))));
        for (const auto& [key, value] : expect.items()) {
            if (key == "_note") continue;
            ++fields;
            INFO("field " << key);
            CHECK(got.at(key) == value);
        }
    }
    CHECK_FALSE(std::getline(expected, want));
    CHECK(lines == 139);
    CHECK(fields == 318);
}

TEST_CASE("a family is recognised by its topic suffix whatever the bus prefix") {
    const char* body = R"({"compose_id": "Fedora-39-20231001.n.0", "status": "FINISHED"})";
    for (const char* topic :
         {"org.fedoraproject.prod.pungi.compose.status.change",
          "org.fedoraproject.stg.pungi.compose.status.change",
          "org.centos.prod.pungi.compose.status.change",
          "/topic/VirtualTopic.eng.pungi.compose.status.change",
          "VirtualTopic.eng.pungi.compose.status.change",
          "topic://VirtualTopic.qe.pungi.compose.status.change",
          "some.private.bus.pungi.compose.status.change", "pungi.compose.status.change"}) {
        INFO(topic);
        const model::Event event = normalizeBody(topic, body);
        CHECK(event.kind == model::Kind::Compose);
        CHECK(event.event == "compose.status.change");
        CHECK(event.subject == "Fedora-39-20231001.n.0");
        CHECK(event.state == "FINISHED");
        CHECK(event.topic == topic);
    }
}

TEST_CASE("an unknown or missing topic falls back to the body's shape") {
    const char* mbs = R"({"name": "nodejs", "stream": "20", "version": 9000020231011,
                          "context": "abcd1234", "state": 5})";
    for (const char* topic : {"", "org.example.prod.something.else"}) {
        const model::Event event = normalizeBody(topic, mbs);
        CHECK(event.kind == model::Kind::Module);
        CHECK(event.subject == "nodejs:20:9000020231011:abcd1234");
        CHECK(event.state == "ready");
    }
    // A bare body: the whole line is the message.
    const model::Event bare = normalizeLine(
        R"({"build": {"name": "perl", "stream": "5.30", "version": "1", "context": "c"},
            "destination_tags": [{"tag": "f33-modular"}]})");
    CHECK(bare.kind == model::Kind::Module);
    CHECK(bare.topic.empty());
    CHECK(bare.subject == "perl:5.30:1:c");
    CHECK(bare.tags == list({"f33-modular"}));
    CHECK(bare.event == "build.tag.requested");
}

TEST_CASE("a message no family claims is other, with its event from the topic suffix") {
    const model::Event event =
        normalizeBody("/topic/VirtualTopic.eng.errata.activity.status",
                      R"({"errata_id": 12345, "to": "QE", "from": "NEW_FILES", "product": "RHEL",
            "component": "bash", "status": "QE"})");
    CHECK(event.kind == model::Kind::Other);
    CHECK(event.event == "errata.activity.status");
    CHECK(event.component == "bash");
    CHECK(event.state == "QE");
    CHECK(event.product.empty());  // no version beside it

    const model::Event fedora = normalizeBody("org.fedoraproject.prod.copr.build.end",
                                              R"({"status": 1, "chroot": "fedora-39-x86_64"})");
    CHECK(fedora.kind == model::Kind::Other);
    CHECK(fedora.event == "copr.build.end");
    CHECK(fedora.state == "1");
}

TEST_CASE("other reads facets from the headers when the body has none") {
    Message message;
    message.topic = "/topic/VirtualTopic.eng.rhchi.sanity.finished";
    message.headers = {{"status", "passed"}, {"nvr", "foo-1.0-1.el9"}, {"component", "foo"}};
    message.body = json::object();
    const model::Event event = normalize(message);
    CHECK(event.kind == model::Kind::Other);
    CHECK(event.state == "passed");
    CHECK(event.subject == "foo-1.0-1.el9");
    CHECK(event.component == "foo");
    CHECK(event.headers == message.headers);
}

TEST_CASE("normalize copies the envelope and keeps sent_at as received_at") {
    Message message;
    message.topic = "org.fedoraproject.prod.buildsys.tag";
    message.body = {{"name", "bash"}, {"version", "5.2"}, {"release", "1.fc39"}, {"tag", "f39"}};
    message.msg_id = "abc";
    message.sent_at = 1700000000123;
    const model::Event copied = normalize(message);
    CHECK(copied.msg_id == "abc");
    CHECK(copied.received_at == 1700000000123);
    CHECK(copied.body == message.body);
    CHECK(copied.source.empty());
    const model::Event moved = normalize(std::move(message));
    CHECK(moved.subject == "bash-5.2-1.fc39");
    CHECK(moved.body == copied.body);
}

TEST_CASE("a body that is not an object still normalizes, by topic or as other") {
    for (const char* body : {"[1, 2, 3]", "42", "\"text\"", "null", "true"}) {
        INFO(body);
        const model::Event byTopic =
            normalizeBody("org.fedoraproject.prod.buildsys.build.state.change", body);
        CHECK(byTopic.kind == model::Kind::Package);
        CHECK(byTopic.subject.empty());
        CHECK(byTopic.state.empty());
        const model::Event bare = normalizeBody("", body);
        CHECK(bare.kind == model::Kind::Other);
        CHECK(bare.event.empty());
    }
}

TEST_CASE("null in every field of every family gives empty facets, never a crash") {
    const char* topics[] = {
        "org.fedoraproject.prod.pungi.compose.status.change",
        "/topic/VirtualTopic.eng.distill.compose-finished",
        "/topic/VirtualTopic.eng.cts.compose-tagged",
        "/topic/VirtualTopic.eng.odcs.state.change",
        "org.fedoraproject.prod.mbs.module.state.change",
        "org.fedoraproject.prod.mts.build.tag.requested",
        "org.fedoraproject.prod.buildsys.build.state.change",
        "org.fedoraproject.prod.buildsys.tag",
        "/topic/VirtualTopic.eng.brew.build.complete",
        "/topic/VirtualTopic.eng.brew.build.tag",
        "org.centos.prod.ci.koji-build.test.complete",
        "org.centos.prod.ci.pipeline.package.complete",
        "org.fedoraproject.prod.bodhi.update.status.testing.koji-build-group.build.complete",
        "cki.datawarehouse.checkout",
        "/topic/VirtualTopic.eng.cki.ready_for_test",
        "/topic/VirtualTopic.eng.errata.activity.status",
    };
    const json nulls = json::parse(R"({
        "compose_id": null, "status": null, "arch": null, "compose-id": null,
        "compose-state": null, "compose": null, "tag": null, "event": null, "name": null,
        "stream": null, "version": null, "context": null, "state": null, "state_name": null,
        "build": null, "destination_tags": null, "release": null, "new": null, "info": null,
        "artifact": null, "test": null, "system": null, "repo": null, "rev": null,
        "object_type": null, "object": null, "checkout_id": null, "build_info": null,
        "cki_finished": null, "product": null, "message": null, "nvr": null})");
    for (const char* topic : topics) {
        INFO(topic);
        Message message;
        message.topic = topic;
        message.body = nulls;
        const model::Event event = normalize(message);
        CHECK(event.subject.empty());
        CHECK(event.product.empty());
        CHECK(event.version.empty());
        CHECK(event.component.empty());
        CHECK(event.arch.empty());
        CHECK(event.tags.empty());
        CHECK_FALSE(event.event.empty());
        CHECK_NOTHROW(model::toJson(event, true).dump());
    }
    // As a bare body nothing is recognisable: every shape check needs a value, not null.
    CHECK(normalizeBody("", nulls.dump()).kind == model::Kind::Other);
}

TEST_CASE("arch lists come out sorted and without repeats") {
    const model::Event event = normalizeBody("org.centos.prod.ci.brew-build.test.complete",
                                             R"({"artifact": {"type": "brew-build", "nvr": "a-1-1"},
            "system": [{"architecture": "x86_64"}, {"architecture": "aarch64"},
                       {"architecture": "x86_64"}], "test": {"result": "passed"}})");
    CHECK(event.arch == list({"aarch64", "x86_64"}));
}
