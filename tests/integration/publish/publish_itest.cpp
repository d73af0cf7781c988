// The bus-publish job backend, driven by the real dispatcher, against the throwaway brokers of
// scripts/brokers.sh: a run publishes over STOMP (RabbitMQ's STOMP plugin, ActiveMQ) and over AMQP,
// and a subscriber on the same broker receives the message with that bus's standard headers.
#include <amqp.h>
#include <amqp_tcp_socket.h>
#include <catch2/catch.hpp>

#include <chrono>
#include <cstdlib>
#include <optional>

#include "../../unit/jobs/fakes.hpp"
#include "bus/failover_url.hpp"
#include "bus/publisher.hpp"
#include "bus/stomp_client.hpp"
#include "jobs/dispatcher.hpp"
#include "jobs/run_control.hpp"
#include "store/run_store.hpp"

using namespace switchboard;
using namespace std::chrono_literals;

namespace {

std::string envOrFail(const char* name) {
    const char* v = std::getenv(name);
    if (v == nullptr || *v == '\0')
        FAIL(name << " is not set: the test brokers are not running (start them with "
                     "`eval \"$(scripts/brokers.sh start DIR)\"`)");
    return v;
}

std::string unique(const std::string& stem) {
    return stem + "-" + std::to_string(::getpid()) + "-" +
           std::to_string(std::chrono::steady_clock::now().time_since_epoch().count() % 1000000007);
}

// Adds a publish backend whose password comes from an environment variable, queues one run of
// `job` with `params` on it, fires it through a dispatcher and returns the final run.
model::JobRun publishRun(testing::TempDb& t, const std::string& url, const std::string& user,
                         const std::string& password, nlohmann::json options,
                         const std::string& job, nlohmann::json params) {
    setenv("SB_TEST_PUBLISH_PASSWORD", password.c_str(), 1);
    options["timeout_ms"] = 5000;
    t.addBackend("bus", model::BackendType::Publish, url, std::move(options), user,
                 "SB_TEST_PUBLISH_PASSWORD");
    model::JobRun run;
    run.job = job;
    run.backend = "bus";
    run.params = std::move(params);
    run.who = "tester";
    const int64_t id = store::RunStore(t.db()).insert(run);
    jobs::DispatcherOptions options2;
    options2.backoff = 5ms;
    options2.follow = false;
    jobs::Dispatcher dispatcher(t.path(), options2);
    dispatcher.start();
    dispatcher.fire(id);
    auto done = dispatcher.waitFinished(id, 60s);
    REQUIRE(done);
    return *done;
}

bus::StompClientOptions stompOptions(int port, const std::string& login,
                                     const std::string& passcode) {
    bus::StompClientOptions o;
    o.endpoints = bus::parseStompUrl("stomp://127.0.0.1:" + std::to_string(port));
    o.login = login;
    o.passcode = passcode;
    o.connectTimeout = 5000ms;
    o.ioTimeout = 5000ms;
    return o;
}

// Subscribes (waiting for the broker's receipt, so the subscription exists before the publish).
void subscribe(bus::StompClient& client, const std::string& destination) {
    client.connect();
    bus::StompFrame sub;
    sub.command = "SUBSCRIBE";
    sub.add("id", "sub-1");
    sub.add("destination", destination);
    sub.add("ack", "auto");
    sub.add("activemq.prefetchSize", "1");
    client.sendWithReceipt(sub);
}

std::optional<bus::StompFrame> nextMessage(bus::StompClient& client) {
    const auto deadline = std::chrono::steady_clock::now() + 15s;
    while (std::chrono::steady_clock::now() < deadline)
        if (auto frame = client.receive(500ms); frame && frame->command == "MESSAGE") return frame;
    return std::nullopt;
}

std::string headerOf(const bus::StompFrame& frame, const char* name) {
    const std::string* v = frame.header(name);
    return v ? *v : std::string("<absent>");
}

}  // namespace

TEST_CASE("a publish run sends its JSON message to a RabbitMQ STOMP queue with standard headers",
          "[publish][stomp][rabbitmq]") {
    const int port = std::stoi(envOrFail("SB_RABBITMQ_STOMP_PORT"));
    const std::string queue = "/queue/" + unique("sb-publish");
    bus::StompClient consumer(stompOptions(port, "guest", "guest"));
    subscribe(consumer, queue);
    testing::TempDb t;
    const auto run =
        publishRun(t, "stomp://127.0.0.1:" + std::to_string(port), "guest", "guest",
                   {{"topic", queue}}, "ready-for-test", {{"nvr", "kernel-5.14.0-1.el9"}});
    INFO("last error: " << run.last_error);
    CHECK(run.status == model::RunStatus::Success);
    CHECK(run.attempts == 1);
    CHECK_FALSE(run.external_id.empty());
    const auto message = nextMessage(consumer);
    REQUIRE(message);
    CHECK(nlohmann::json::parse(message->body) ==
          nlohmann::json{{"job", "ready-for-test"}, {"params", {{"nvr", "kernel-5.14.0-1.el9"}}}});
    CHECK(headerOf(*message, "destination") == queue);
    CHECK(headerOf(*message, "content-type") == "application/json");
    CHECK(headerOf(*message, "persistent") == "true");
    CHECK(headerOf(*message, "subscription") == "sub-1");
    CHECK(headerOf(*message, "message-id") != "<absent>");  // the broker's own
    CHECK(headerOf(*message, bus::kStompIdHeader) == run.external_id);
    consumer.disconnect();
}

TEST_CASE("a publish run reaches an ActiveMQ virtual-topic consumer with the topic it was sent to",
          "[publish][stomp][activemq]") {
    const int port = std::stoi(envOrFail("SB_ACTIVEMQ_STOMP_PORT"));
    const std::string topic = "VirtualTopic.eng.ci." + unique("sb-publish");
    bus::StompClient consumer(stompOptions(port, "admin", "admin"));
    subscribe(consumer, "/queue/Consumer.switchboard.itest." + topic);
    testing::TempDb t;
    // A template body, as a "ready for test" announcement would carry; the topic names the job.
    const nlohmann::json tmpl = {{"artifact", {{"type", "brew-build"}, {"nvr", "${param:nvr}"}}},
                                 {"ci", {{"name", "switchboard"}}},
                                 {"job", "${job}"}};
    const auto run = publishRun(t, "stomp://127.0.0.1:" + std::to_string(port), "admin", "admin",
                                {{"topic", "/topic/" + topic}, {"template", tmpl}}, "tier1",
                                {{"nvr", "bash-5.1-1.el9"}});
    CHECK(run.status == model::RunStatus::Success);
    const auto message = nextMessage(consumer);
    REQUIRE(message);
    CHECK(nlohmann::json::parse(message->body) ==
          nlohmann::json{{"artifact", {{"type", "brew-build"}, {"nvr", "bash-5.1-1.el9"}}},
                         {"ci", {{"name", "switchboard"}}},
                         {"job", "tier1"}});
    CHECK(headerOf(*message, "original-destination") == "/topic/" + topic);
    CHECK(headerOf(*message, "persistent") == "true");
    CHECK(headerOf(*message, "content-type") == "application/json");
    CHECK(headerOf(*message, "message-id").rfind("ID:", 0) == 0);  // the broker's JMS id
    CHECK(headerOf(*message, bus::kStompIdHeader) == run.external_id);
    consumer.disconnect();
}

TEST_CASE("a publish run sends a persistent JSON message to an AMQP exchange with its message id",
          "[publish][amqp][rabbitmq]") {
    const int port = std::stoi(envOrFail("SB_RABBITMQ_AMQP_PORT"));
    const std::string key = "org.switchboard.itest." + unique("publish");
    // A server-named queue bound to amq.topic with the routing key the run publishes to.
    amqp_connection_state_t conn = amqp_new_connection();
    amqp_socket_t* socket = amqp_tcp_socket_new(conn);
    REQUIRE(amqp_socket_open(socket, "127.0.0.1", port) == AMQP_STATUS_OK);
    REQUIRE(
        amqp_login(conn, "/", 0, 131072, 0, AMQP_SASL_METHOD_PLAIN, "guest", "guest").reply_type ==
        AMQP_RESPONSE_NORMAL);
    amqp_channel_open(conn, 1);
    REQUIRE(amqp_get_rpc_reply(conn).reply_type == AMQP_RESPONSE_NORMAL);
    auto* declared = amqp_queue_declare(conn, 1, amqp_empty_bytes, 0, 0, 1, 1, amqp_empty_table);
    REQUIRE(declared != nullptr);
    const std::string queue(static_cast<const char*>(declared->queue.bytes), declared->queue.len);
    amqp_queue_bind(conn, 1, amqp_cstring_bytes(queue.c_str()), amqp_cstring_bytes("amq.topic"),
                    amqp_cstring_bytes(key.c_str()), amqp_empty_table);
    REQUIRE(amqp_get_rpc_reply(conn).reply_type == AMQP_RESPONSE_NORMAL);

    testing::TempDb t;
    const auto run = publishRun(t, "amqp://127.0.0.1:" + std::to_string(port) + "/", "guest",
                                "guest", {{"topic", key}}, "re-announce", {{"event", "42"}});
    CHECK(run.status == model::RunStatus::Success);
    CHECK(run.attempts == 1);

    std::optional<amqp_message_t> got;
    amqp_message_t message{};
    for (int i = 0; i < 100 && !got; ++i) {
        amqp_rpc_reply_t reply = amqp_basic_get(conn, 1, amqp_cstring_bytes(queue.c_str()), 1);
        REQUIRE(reply.reply_type == AMQP_RESPONSE_NORMAL);
        if (reply.reply.id == AMQP_BASIC_GET_OK_METHOD) {
            REQUIRE(amqp_read_message(conn, 1, &message, 0).reply_type == AMQP_RESPONSE_NORMAL);
            got = message;
        } else {
            std::this_thread::sleep_for(50ms);
        }
    }
    REQUIRE(got);
    const std::string body(static_cast<const char*>(message.body.bytes), message.body.len);
    CHECK(nlohmann::json::parse(body) ==
          nlohmann::json{{"job", "re-announce"}, {"params", {{"event", "42"}}}});
    const auto& props = message.properties;
    REQUIRE((props._flags & AMQP_BASIC_CONTENT_TYPE_FLAG) != 0);
    CHECK(std::string(static_cast<const char*>(props.content_type.bytes), props.content_type.len) ==
          "application/json");
    REQUIRE((props._flags & AMQP_BASIC_DELIVERY_MODE_FLAG) != 0);
    CHECK(props.delivery_mode == 2);
    REQUIRE((props._flags & AMQP_BASIC_MESSAGE_ID_FLAG) != 0);
    CHECK(std::string(static_cast<const char*>(props.message_id.bytes), props.message_id.len) ==
          run.external_id);
    amqp_destroy_message(&message);
    amqp_channel_close(conn, 1, AMQP_REPLY_SUCCESS);
    amqp_connection_close(conn, AMQP_REPLY_SUCCESS);
    amqp_destroy_connection(conn);
}

TEST_CASE("a publish run to a refused broker port is retried, then fails naming the publish",
          "[publish][stomp]") {
    testing::TempDb t;
    const std::string url = testing::refusedUrl();  // http://127.0.0.1:PORT
    const auto run = publishRun(t, "stomp://" + url.substr(url.find("//") + 2), "guest", "guest",
                                {{"topic", "/queue/nowhere"}}, "ready-for-test", {});
    CHECK(run.status == model::RunStatus::Error);
    CHECK(run.attempts == 3);
    CHECK(run.last_error.rfind("publish failed: ", 0) == 0);
    const auto attempts = store::RunStore(t.db()).attempts(run.id);
    REQUIRE(attempts.size() == 3);
    CHECK(attempts[0].outcome == "retry");
}

TEST_CASE("a wrong broker password fails the publish run without showing the password",
          "[publish][stomp][rabbitmq]") {
    const int port = std::stoi(envOrFail("SB_RABBITMQ_STOMP_PORT"));
    testing::TempDb t;
    const std::string password = "not-guest-Kq81";
    const auto run = publishRun(t, "stomp://127.0.0.1:" + std::to_string(port), "guest", password,
                                {{"topic", "/queue/nowhere"}}, "ready-for-test", {});
    CHECK(run.status == model::RunStatus::Error);
    CHECK(run.last_error.rfind("publish failed: ", 0) == 0);
    CHECK(run.last_error.find(password) == std::string::npos);
    CHECK(t.allBytes().find(password) == std::string::npos);
}

TEST_CASE("a publish backend's health check connects to the broker with its password",
          "[publish][stomp][amqp][rabbitmq]") {
    const int amqp = std::stoi(envOrFail("SB_RABBITMQ_AMQP_PORT"));
    const int stomp = std::stoi(envOrFail("SB_RABBITMQ_STOMP_PORT"));
    model::Backend b;
    b.name = "bus";
    b.type = model::BackendType::Publish;
    b.user = "guest";
    b.token_env = "SB_TEST_PUBLISH_HEALTH";
    setenv("SB_TEST_PUBLISH_HEALTH", "guest", 1);
    jobs::HealthOptions health;
    health.timeout = 5s;
    health.interval = 10ms;
    b.url = "amqp://127.0.0.1:" + std::to_string(amqp) + "/";
    CHECK(jobs::checkHealth(b, health).empty());
    b.url = "stomp://127.0.0.1:" + std::to_string(stomp);
    CHECK(jobs::checkHealth(b, health).empty());
    setenv("SB_TEST_PUBLISH_HEALTH", "not-guest", 1);
    health.timeout = 200ms;
    CHECK_FALSE(jobs::checkHealth(b, health).empty());
}
