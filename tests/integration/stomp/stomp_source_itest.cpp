#include "stomp_test_support.hpp"

#include <netinet/in.h>
#include <sys/socket.h>

#include <set>
#include <thread>

#include "bus/supervisor.hpp"

using namespace stomptest;

namespace {

StompSourceOptions activemqSource(const std::string& destination) {
    StompSourceOptions o;
    o.connection = "amq";
    o.url = "stomp://127.0.0.1:" + std::to_string(activemqPort());
    o.subscriptions = {destination};
    o.prefetch = 10;
    o.connectTimeout = o.ioTimeout = milliseconds(5000);
    return o;
}

int refusedPort() {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
    socklen_t len = sizeof a;
    getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
    close(fd);  // nothing listens there now
    return ntohs(a.sin_port);
}

}  // namespace

TEST_CASE("messages sent to a RabbitMQ queue over STOMP arrive once and stay gone once acked",
          "[stomp][rabbitmq]") {
    std::string queue = "/queue/" + uniqueName("sb-stomp");
    std::vector<std::string> bodies;
    for (int i = 0; i < 20; ++i) bodies.push_back("{\"n\":" + std::to_string(i) + "}");
    publish(rabbitClient(), queue, bodies, {{"x-family", "test"}});

    StompSource source(rabbitSource(queue));
    source.open();
    CHECK(source.version() == "1.2");
    auto got = pollFor(source, 20);
    REQUIRE(got.size() == 20);
    std::set<std::string> ids;
    for (size_t i = 0; i < got.size(); ++i) {
        CHECK(got[i].body == bodies[i]);
        CHECK(got[i].connection == "rabbit");
        CHECK(got[i].topic == queue);
        CHECK(got[i].headers.value("x-family", "") == "test");
        CHECK_FALSE(got[i].headers.contains("ack"));
        // RabbitMQ's message-id changes on redelivery: the dedup id is the publisher's, none here.
        CHECK(got[i].msgId.empty());
        ids.insert(got[i].headers.value("message-id", ""));
    }
    CHECK(ids.size() == 20);
    CHECK(source.outstanding() == 20);
    source.ack(got);
    CHECK(source.outstanding() == 0);
    source.close();

    CHECK(redeliveredOnReconnect(source) == 0);
}

TEST_CASE("a RabbitMQ message not acked is redelivered after reconnect and an acked one is not",
          "[stomp][rabbitmq]") {
    std::string queue = "/queue/" + uniqueName("sb-stomp-redeliver");
    publish(rabbitClient(), queue, {"acked", "not-acked"});
    StompSource source(rabbitSource(queue));
    source.open();
    auto got = pollFor(source, 2);
    REQUIRE(got.size() == 2);
    source.ack({got[0]});
    source.close();

    source.open();
    auto again = pollFor(source, 2, milliseconds(2000));
    REQUIRE(again.size() == 1);
    CHECK(again[0].body == "not-acked");
    CHECK(again[0].headers.value("redelivered", "") == "true");
    // An ack tag from the old connection is ignored, not sent on the new one.
    source.ack(got);
    CHECK(source.outstanding() == 1);
    source.ack(again);
    source.close();
}

TEST_CASE("a wrong password on RabbitMQ is a SourceError that says access was refused",
          "[stomp][rabbitmq]") {
    auto o = rabbitSource("/queue/" + uniqueName("sb-stomp-auth"));
    setenv("SB_ITEST_WRONG_PASSWORD", "not-the-password", 1);
    o.passwordEnv = "SB_ITEST_WRONG_PASSWORD";
    StompSource source(o);
    std::string error = openError(source);
    CHECK_THAT(error, Catch::Contains("broker error") && Catch::Contains("refused"));
    CHECK_THAT(error, !Catch::Contains("not-the-password"));
}

TEST_CASE("heart-beats keep an idle RabbitMQ connection alive", "[stomp][rabbitmq]") {
    auto o = rabbitClient();
    o.heartBeatMs = 300;
    StompClient client(o);
    client.connect();
    CHECK(client.sendEveryMs() > 0);
    CHECK(client.deadAfterMs() > 0);
    // Several heart-beat periods with nothing to say; the broker would drop a silent client.
    CHECK_FALSE(client.receive(milliseconds(2000)).has_value());
    CHECK(client.connected());
    CHECK_NOTHROW(client.sendWithReceipt(makeSend("/queue/" + uniqueName("sb-hb"), "x")));
    client.disconnect();
}

TEST_CASE("a refused port is a SourceError naming the broker and the refusal", "[stomp]") {
    int port = refusedPort();
    auto o = activemqSource("/queue/x");
    o.url = "stomp://127.0.0.1:" + std::to_string(port);
    StompSource source(o);
    std::string error = openError(source);
    CHECK_THAT(error, Catch::Contains("stomp://127.0.0.1:" + std::to_string(port)) &&
                          Catch::Contains("connection refused"));
}

TEST_CASE("a failover list skips a dead broker and subscribes on the next one",
          "[stomp][activemq]") {
    std::string queue = "/queue/" + uniqueName("sb-failover");
    auto o = activemqSource(queue);
    o.url = "failover:(stomp://127.0.0.1:" + std::to_string(refusedPort()) +
            ",stomp://127.0.0.1:" + std::to_string(activemqPort()) + ")";
    StompSource source(o);
    source.open();
    publish(activemqClient(), queue, {"via failover"});
    auto got = pollFor(source, 1);
    REQUIRE(got.size() == 1);
    CHECK(got[0].body == "via failover");
    source.ack(got);
    source.close();
}

TEST_CASE("a virtual-topic consumer queue on ActiveMQ yields the topic from original-destination",
          "[stomp][activemq]") {
    std::string sub = "/queue/Consumer.sb.test.VirtualTopic.eng.ci.>";
    StompSource source(activemqSource(sub));
    source.open();
    CHECK(source.version() == "1.2");
    // Drain what an earlier run may have left in the consumer queues.
    for (std::vector<Delivery> old;
         (old.clear(), source.poll(old, 100, milliseconds(300)), !old.empty());)
        source.ack(old);

    std::string run = uniqueName("run");
    for (auto& r : run)
        if (r == '-') r = '_';
    std::vector<std::string> topics = {"VirtualTopic.eng.ci." + run + ".brew-build.test.complete",
                                       "VirtualTopic.eng.ci." + run + ".koji-build.test.queued"};
    publish(activemqClient(), "/topic/" + topics[0], {"{\"a\":1}", "{\"a\":2}"});
    publish(activemqClient(), "/topic/" + topics[1], {"{\"b\":1}"});

    auto got = pollFor(source, 3);
    REQUIRE(got.size() == 3);
    std::multiset<std::string> seen;
    for (const auto& d : got) {
        seen.insert(d.topic);
        // ActiveMQ names the consumer queue here (the wildcard one we subscribed to).
        CHECK_THAT(d.headers.value("destination", ""),
                   Catch::StartsWith("/queue/Consumer.sb.test.VirtualTopic.eng.ci."));
        CHECK(d.headers.value("original-destination", "") == "/topic/" + d.topic);
        CHECK_THAT(d.msgId, Catch::StartsWith("ID:"));
    }
    CHECK(seen.count(topics[0]) == 2);
    CHECK(seen.count(topics[1]) == 1);
    source.ack(got);
    source.close();
}

TEST_CASE("on a STOMP 1.1 connection ActiveMQ takes acks by message-id and subscription",
          "[stomp][activemq]") {
    std::string queue = "/queue/" + uniqueName("sb-stomp11");
    publish(activemqClient(), queue, {"first", "second"});
    auto o = activemqSource(queue);
    o.acceptVersion = "1.1";
    StompSource source(o);
    source.open();
    CHECK(source.version() == "1.1");
    auto got = pollFor(source, 2);
    REQUIRE(got.size() == 2);
    source.ack({got[0]});
    source.close();

    source.open();
    auto again = pollFor(source, 2, milliseconds(2000));
    REQUIRE(again.size() == 1);
    CHECK(again[0].body == "second");
    source.ack(again);
    source.close();
    source.open();
    std::vector<Delivery> none;
    source.poll(none, 10, milliseconds(800));
    CHECK(none.empty());
    source.close();
}

TEST_CASE("a STOMP connection waiting on a full hand-off keeps its heart-beats and stays up",
          "[stomp][rabbitmq][supervisor]") {
    std::string queue = "/queue/" + uniqueName("sb-stomp-stall");
    std::vector<std::string> bodies;
    for (int i = 0; i < 5; ++i) bodies.push_back("{\"n\":" + std::to_string(i) + "}");
    publish(rabbitClient(), queue, bodies);

    auto o = rabbitSource(queue);
    o.heartBeatMs = 300;
    SupervisorOptions options;
    options.handOffCapacity = 1;  // one delivery fills it
    Supervisor supervisor(options);
    supervisor.add({"rabbit", [o] { return std::make_unique<StompSource>(o); }});
    supervisor.start();
    auto deadline = std::chrono::steady_clock::now() + milliseconds(10000);
    while (supervisor.handOffSize() < 1 && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(milliseconds(20));
    REQUIRE(supervisor.handOffSize() == 1);
    // A database stall of ten heart-beat periods each way: both the broker and the client
    // count a peer silent for two of them as dead.
    std::this_thread::sleep_for(milliseconds(3000));

    std::set<std::string> seen;
    deadline = std::chrono::steady_clock::now() + milliseconds(10000);
    while (seen.size() < bodies.size() && std::chrono::steady_clock::now() < deadline) {
        std::vector<Inbound> got;
        supervisor.take(10, milliseconds(50), got);
        for (const Inbound& in : got) seen.insert(in.delivery.body);
        supervisor.acknowledge(got);
    }
    CHECK(seen.size() == bodies.size());
    ConnectionStatus status = supervisor.statuses().at(0);
    INFO("last reason: " << status.reason);
    CHECK(status.failures == 0);
    CHECK(status.attempts == 1);
    supervisor.stop();
}
