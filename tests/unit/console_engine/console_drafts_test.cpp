// The console editors' pure helpers (src/engine/console_drafts.*): proposed names and the
// connection form's text.
#include <catch2/catch.hpp>

#include "engine/console_drafts.hpp"

using namespace switchboard;

TEST_CASE("a new rule's proposed name is never one already in the draft") {
    CHECK(engine::unusedName("rule-", {}) == "rule-1");
    CHECK(engine::unusedName("rule-", {"rule-1", "rule-2"}) == "rule-3");
    // rule-1 of rule-1 and rule-2 deleted: counting alone would propose rule-2 again.
    CHECK(engine::unusedName("rule-", {"rule-2"}) == "rule-3");
    CHECK(engine::unusedName("rule-", {"rule-3", "rule-2", "nightly"}) == "rule-4");
}

TEST_CASE("STOMP destinations are read one per line, trimmed, blank lines left out") {
    CHECK(engine::destinationLines("") == std::vector<std::string>{});
    CHECK(engine::destinationLines("  /queue/a \r\n\n\t/topic/b\n") ==
          std::vector<std::string>{"/queue/a", "/topic/b"});
    // An ActiveMQ composite destination is one destination, commas and all.
    CHECK(engine::destinationLines("/queue/a,/topic/b") ==
          std::vector<std::string>{"/queue/a,/topic/b"});
}

TEST_CASE("the form shows a STOMP connection's destinations and an AMQP connection's queue") {
    model::Connection stomp;
    stomp.url = "stomp://localhost";
    stomp.subscriptions = {"/queue/a", "/queue/b"};
    CHECK(engine::consumeText(stomp) == "/queue/a\n/queue/b");
    model::Connection amqp;
    amqp.url = "amqp://localhost/";
    amqp.queue = "sb.ci";
    CHECK(engine::consumeText(amqp) == "sb.ci");
}

TEST_CASE("the form turns its text into a connection and keeps what it does not show") {
    model::Connection stored;
    stored.name = "umb";
    stored.url = "amqps://broker/ci";
    stored.user = "me";
    stored.passwordEnv = "UMB_PASSWORD";
    stored.queue = "sb.umb";
    stored.exchange = "amq.topic";
    stored.bindings = {"#"};
    stored.prefetch = 50;

    SECTION("a STOMP URL takes every line as a destination and drops the AMQP settings") {
        const auto c = engine::connectionFromForm(stored, "umb", "failover:(stomp+ssl://a:61612)",
                                                  "/queue/a\n/queue/b\n");
        CHECK(c.subscriptions == std::vector<std::string>{"/queue/a", "/queue/b"});
        CHECK(c.queue.empty());
        CHECK(c.exchange.empty());
        CHECK(c.bindings.empty());
        CHECK(c.user == "me");
        CHECK(c.passwordEnv == "UMB_PASSWORD");
        CHECK(c.prefetch == 50);
    }
    SECTION("a URL pasted with blanks around it is stored without them") {
        // It was judged STOMP trimmed but stored as typed, then validated and run as AMQP.
        const auto c = engine::connectionFromForm(stored, "umb", " stomp+ssl://a:61612 \n",
                                                  "/queue/a");
        CHECK(c.url == "stomp+ssl://a:61612");
        CHECK(c.subscriptions == std::vector<std::string>{"/queue/a"});
    }
    SECTION("an AMQP URL takes the text as its queue and has no destinations") {
        stored.subscriptions = {"/queue/a"};
        const auto c = engine::connectionFromForm(stored, "umb", "amqps://broker/ci", " sb.other ");
        CHECK(c.queue == "sb.other");
        CHECK(c.subscriptions.empty());
        CHECK(c.bindings == std::vector<std::string>{"#"});
    }
    SECTION("what Edit shows, saved unchanged, is the stored connection") {
        stored.url = "stomp://broker";
        stored.queue.clear(), stored.exchange.clear(), stored.bindings.clear();
        stored.subscriptions = {"/queue/a", "/queue/b", "/topic/c"};
        const auto c = engine::connectionFromForm(stored, stored.name, stored.url,
                                                  engine::consumeText(stored));
        CHECK(model::toJson(c) == model::toJson(stored));
    }
}
