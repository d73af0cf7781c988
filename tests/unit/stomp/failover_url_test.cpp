#include <catch2/catch.hpp>

#include "bus/failover_url.hpp"

using namespace switchboard::bus;

TEST_CASE("a stomp URL gives one endpoint with the default STOMP port", "[stomp][url]") {
    auto eps = parseStompUrl("stomp://broker.example.com");
    REQUIRE(eps.size() == 1);
    CHECK_FALSE(eps[0].tls);
    CHECK(eps[0].host == "broker.example.com");
    CHECK(eps[0].port == 61613);
    CHECK(eps[0].vhost.empty());
}

TEST_CASE("a stomp+ssl URL defaults to UMB's port 61612 and keeps user and vhost", "[stomp][url]") {
    auto eps = parseStompUrl("stomp+ssl://svc-user@umb.api.redhat.com/my%2Fvhost");
    REQUIRE(eps.size() == 1);
    CHECK(eps[0].tls);
    CHECK(eps[0].port == 61612);
    CHECK(eps[0].user == "svc-user");
    CHECK(eps[0].vhost == "my/vhost");
    CHECK(eps[0].describe() == "stomp+ssl://umb.api.redhat.com:61612/my/vhost");
}

TEST_CASE("a failover list is parsed in order and its options are ignored", "[stomp][url]") {
    auto eps = parseStompUrl(
        "failover:(stomp+ssl://umb-broker03.api.redhat.com:61612, "
        "stomp+ssl://umb-broker04.api.redhat.com:61612,stomp://[::1]:61613)?randomize=false");
    REQUIRE(eps.size() == 3);
    CHECK(eps[0].host == "umb-broker03.api.redhat.com");
    CHECK(eps[1].host == "umb-broker04.api.redhat.com");
    CHECK(eps[1].tls);
    CHECK(eps[2].host == "::1");
    CHECK(eps[2].port == 61613);
    CHECK(eps[2].describe() == "stomp://[::1]:61613");
    CHECK(parseStompUrl("failover://(stomp://a:1)").at(0).port == 1);
}

TEST_CASE("bad STOMP URLs are refused with a reason", "[stomp][url]") {
    CHECK_THROWS_WITH(parseStompUrl("amqp://x"), Catch::Contains("not a STOMP URL"));
    CHECK_THROWS_WITH(parseStompUrl("stomp://u:secret@x"), Catch::Contains("password"));
    CHECK_THROWS_WITH(parseStompUrl("stomp://x:70000"), Catch::Contains("out of range"));
    CHECK_THROWS_WITH(parseStompUrl("stomp://x:12ab"), Catch::Contains("bad port"));
    CHECK_THROWS_WITH(parseStompUrl("stomp://:61613"), Catch::Contains("no host"));
    CHECK_THROWS_WITH(parseStompUrl("failover:stomp://a"), Catch::Contains("parentheses"));
    CHECK_THROWS_WITH(parseStompUrl("failover:(stomp://a"), Catch::Contains("missing ')'"));
    CHECK_THROWS_WITH(parseStompUrl("failover:()"), Catch::Contains("empty broker list"));
    CHECK(isStompUrl("failover:(stomp://a)"));
    CHECK_FALSE(isStompUrl("amqps://a"));
}

TEST_CASE("a refused STOMP URL's message never shows a password", "[stomp][url]") {
    for (const std::string url : {"failover:(tcp://u:hunter2@h:61616)", "ftp://u:hunter2@h",
                                  "failover:(stomp://u@h,amqp://u:hunter2@h"}) {
        std::string text = "accepted";
        try {
            parseStompUrl(url);
        } catch (const std::exception& e) {
            text = e.what();
        }
        INFO(url << " -> " << text);
        CHECK(text != "accepted");
        CHECK(text.find("hunter2") == std::string::npos);
    }
}
