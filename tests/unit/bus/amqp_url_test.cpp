#include <catch2/catch.hpp>

#include "bus/amqp_url.hpp"

using namespace switchboard::bus;

TEST_CASE("an amqp URL without a path means the default vhost and port 5672", "[amqp_url]") {
    AmqpUrl u = parseAmqpUrl("amqp://localhost");
    CHECK_FALSE(u.tls);
    CHECK(u.host == "localhost");
    CHECK(u.port == 5672);
    CHECK(u.vhost == "/");
    CHECK(parseAmqpUrl("amqp://localhost/").vhost == "/");
}

TEST_CASE("an amqps URL defaults to port 5671 and decodes a %2F vhost", "[amqp_url]") {
    AmqpUrl u = parseAmqpUrl("amqps://rabbitmq.fedoraproject.org/%2Fpublic_pubsub");
    CHECK(u.tls);
    CHECK(u.port == 5671);
    CHECK(u.host == "rabbitmq.fedoraproject.org");
    CHECK(u.vhost == "/public_pubsub");
    CHECK(parseAmqpUrl("amqp://h/%2F").vhost == "/");
}

TEST_CASE("user, password, port and options are read from an amqp URL", "[amqp_url]") {
    AmqpUrl u = parseAmqpUrl("AMQP://fedora:p%40ss@127.0.0.1:15672/cki?heartbeat=5&connection_timeout=3");
    CHECK(u.user == "fedora");
    CHECK(u.password == "p@ss");
    CHECK(u.host == "127.0.0.1");
    CHECK(u.port == 15672);
    CHECK(u.vhost == "cki");
    CHECK(u.heartbeatSeconds == 5);
    CHECK(u.connectTimeoutSeconds == 3);
}

TEST_CASE("an IPv6 host is written in brackets", "[amqp_url]") {
    AmqpUrl u = parseAmqpUrl("amqp://[::1]:5673/v");
    CHECK(u.host == "::1");
    CHECK(u.port == 5673);
}

TEST_CASE("bad amqp URLs are refused with a message naming the problem", "[amqp_url]") {
    CHECK_THROWS_WITH(parseAmqpUrl("http://h"), Catch::Contains("not an AMQP URL"));
    CHECK_THROWS_WITH(parseAmqpUrl("amqp://h:99999"), Catch::Contains("invalid port"));
    CHECK_THROWS_WITH(parseAmqpUrl("amqp://h:x"), Catch::Contains("invalid port"));
    CHECK_THROWS_WITH(parseAmqpUrl("amqp://"), Catch::Contains("no host"));
    CHECK_THROWS_WITH(parseAmqpUrl("amqp://h/a/b"), Catch::Contains("%2F"));
    CHECK_THROWS_WITH(parseAmqpUrl("amqp://h/%zz"), Catch::Contains("percent escape"));
    CHECK_THROWS_WITH(parseAmqpUrl("amqp://h/%2"), Catch::Contains("percent escape"));
    CHECK_THROWS_WITH(parseAmqpUrl("amqp://h?frobnicate=1"), Catch::Contains("frobnicate"));
    CHECK_THROWS_WITH(parseAmqpUrl("amqp://h?heartbeat=-1"), Catch::Contains("heartbeat"));
}

TEST_CASE("a replay URL gives the path, the rate and the loop flag", "[amqp_url]") {
    ReplayUrl r = parseReplayUrl("file:///tmp/demo%20events.jsonl?rate=2.5&loop=1");
    CHECK(r.path == "/tmp/demo events.jsonl");
    CHECK(r.rate == Approx(2.5));
    CHECK(r.loop);
    ReplayUrl plain = parseReplayUrl("file://relative/events.jsonl");
    CHECK(plain.path == "relative/events.jsonl");
    CHECK(plain.rate == 0);
    CHECK_FALSE(plain.loop);
    CHECK_FALSE(plain.fresh);
    CHECK(parseReplayUrl("file:///x?rate=4&loop=1&fresh=1").fresh);
    CHECK_THROWS_WITH(parseReplayUrl("file:///x?rate=fast"), Catch::Contains("invalid rate"));
    CHECK_THROWS_WITH(parseReplayUrl("file://"), Catch::Contains("no path"));
    CHECK_THROWS_WITH(parseReplayUrl("amqp://h"), Catch::Contains("not a file URL"));
}

TEST_CASE("the scheme of a URL is lower-cased and failover lists are recognised", "[amqp_url]") {
    CHECK(urlScheme("AMQPS://h") == "amqps");
    CHECK(urlScheme("stomp+ssl://h:61612") == "stomp+ssl");
    CHECK(urlScheme("failover:(stomp+ssl://a:61612,stomp+ssl://b:61612)") == "failover");
    CHECK(urlScheme("no scheme here").empty());
}

TEST_CASE("a refused URL's message never shows its password", "[amqp_url]") {
    const auto message = [](const std::string& url) {
        try {
            parseAmqpUrl(url);
        } catch (const std::exception& e) {
            return std::string(e.what());
        }
        return std::string("accepted");
    };
    for (const std::string url :
         {"amqp://bob:hunter2@h/a/b", "amqp://bob:hunter2@[::1", "amqp://bob:hunter2@",
          "amqp://bob:hunt%zz@h/", "amqp://bob:hunter%2@h/"}) {
        const std::string text = message(url);
        INFO(url << " -> " << text);
        CHECK(text != "accepted");
        CHECK(text.find("hunt") == std::string::npos);
    }
}
