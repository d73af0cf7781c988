#include <catch2/catch.hpp>

#include "bus/stomp_source.hpp"

using namespace switchboard::bus;

TEST_CASE("the topic comes from original-destination before destination, without /topic/",
          "[stomp]") {
    StompFrame virtualTopic{"MESSAGE",
                            {{"destination", "/queue/Consumer.sb.test.VirtualTopic.eng.ci.x"},
                             {"original-destination", "/topic/VirtualTopic.eng.ci.x"}},
                            ""};
    CHECK(stompTopic(virtualTopic) == "VirtualTopic.eng.ci.x");
    StompFrame plainTopic{"MESSAGE", {{"destination", "/topic/eng.brew.build"}}, ""};
    CHECK(stompTopic(plainTopic) == "eng.brew.build");
    StompFrame queue{"MESSAGE", {{"destination", "/queue/work"}}, ""};
    CHECK(stompTopic(queue) == "/queue/work");
    CHECK(stompTopic(StompFrame{"MESSAGE", {}, ""}).empty());
}

TEST_CASE("options are read from a stored connection's settings", "[stomp]") {
    nlohmann::json settings = {{"subscriptions", {"/queue/a", "/queue/b"}},
                               {"prefetch", 7},
                               {"ca", "/etc/ca.pem"},
                               {"cert", "/etc/me.pem"},
                               {"key", "/etc/me.key"}};
    auto o = stompOptionsFromSettings("umb", "stomp+ssl://umb:61612", "", "", "", settings);
    CHECK(o.subscriptions == std::vector<std::string>{"/queue/a", "/queue/b"});
    CHECK(o.prefetch == 7);
    CHECK(o.tls.caFile == "/etc/ca.pem");
    CHECK(o.tls.keyFile == "/etc/me.key");
    CHECK(o.tls.verifyPeer);
    // The broker holds back after `prefetch` unacknowledged messages on EACH subscription.
    CHECK(StompSource(o).window() == std::optional<uint64_t>(14));
    CHECK_THROWS_WITH(stompOptionsFromSettings("x", "stomp://h", "", "", "", {{"prefetch", 0}}),
                      Catch::Contains("prefetch must be at least 1"));
    CHECK_THROWS_WITH(stompOptionsFromSettings("x", "stomp:/h", "", "", "", {}),
                      Catch::Contains("connection 'x'"));
}

TEST_CASE("describe names every failover broker and no credentials", "[stomp]") {
    StompSourceOptions o;
    o.url = "failover:(stomp+ssl://me@a:61612,stomp+ssl://b)";
    StompSource s(o);
    CHECK(s.describe() == "failover:(stomp+ssl://a:61612,stomp+ssl://b:61612)");
}

TEST_CASE("a missing password variable is a clear error before any connection", "[stomp]") {
    StompSourceOptions o;
    o.connection = "rabbit";
    o.url = "stomp://127.0.0.1:1";
    o.subscriptions = {"/queue/q"};
    o.user = "guest";
    o.passwordEnv = "SB_TEST_SURELY_UNSET_PASSWORD_VAR";
    StompSource s(o);
    CHECK_THROWS_WITH(s.open(), Catch::Contains("SB_TEST_SURELY_UNSET_PASSWORD_VAR") &&
                                    Catch::Contains("is not set"));
}
