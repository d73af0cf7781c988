// What the bus integration tests share: the ports scripts/brokers.sh exported (a missing one
// fails the test saying the broker is not running), realistic bodies from the fixtures, a
// publisher, the AMQP queue depth by passive declare, and bounded waits.
#pragma once

#include <unistd.h>

#include <amqp.h>
#include <amqp_tcp_socket.h>
#include <catch2/catch.hpp>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include <unistd.h>

#include <nlohmann/json.hpp>

#include "bus/publisher.hpp"

namespace switchboard::itest {

using namespace std::chrono_literals;

inline std::string requireEnv(const char* name) {
    const char* value = std::getenv(name);
    if (value == nullptr || *value == '\0') {
        FAIL(name << " is not set: the test broker is not running (start it with "
                     "`eval \"$(scripts/brokers.sh start DIR)\"`, as scripts/test.sh does)");
    }
    return value;
}

inline int amqpPort() { return std::stoi(requireEnv("SB_RABBITMQ_AMQP_PORT")); }
inline std::string amqpUrl() { return "amqp://127.0.0.1:" + std::to_string(amqpPort()) + "/"; }

// A name no other test run uses, for queues and routing-key prefixes.
inline std::string uniqueName(const std::string& stem) {
    std::random_device rd;
    return stem + "-" + std::to_string(::getpid()) + "-" + std::to_string(rd() % 1000000);
}

struct FixtureMessage {
    std::string topic;
    nlohmann::json headers;
    std::string body;
};

// The fedora-messaging records of tests/fixtures/messages.jsonl: real bodies of every family.
inline const std::vector<FixtureMessage>& fixtureMessages() {
    static const std::vector<FixtureMessage> kMessages = [] {
        std::vector<FixtureMessage> out;
        std::ifstream in(SB_FIXTURES_DIR "/messages.jsonl");
        for (std::string line; std::getline(in, line);) {
            auto j = nlohmann::json::parse(line, nullptr, false);
            if (!j.is_object() || !j.contains("topic") || !j.contains("body")) continue;
            nlohmann::json headers = j.value("headers", nlohmann::json::object());
            out.push_back({j["topic"].get<std::string>(),
                           headers.is_object() ? headers : nlohmann::json::object(),
                           j["body"].dump()});
        }
        return out;
    }();
    return kMessages;
}

// Publishes `count` distinct messages (unique message ids) with fixture bodies under `prefix.`.
inline void publishMessages(bus::Publisher& publisher, const std::string& prefix, int first,
                            int count) {
    const auto& fixtures = fixtureMessages();
    for (int i = first; i < first + count; ++i) {
        const FixtureMessage& f = fixtures[static_cast<size_t>(i) % fixtures.size()];
        bus::OutgoingMessage m;
        m.topic = prefix + "." + f.topic;
        m.body = f.body;
        m.headers = f.headers;
        m.headers["fedora_messaging_schema"] = "base.message";
        m.headers["sent-at"] = "2024-05-01T12:00:00+00:00";
        m.msgId = prefix + "-" + std::to_string(i);
        publisher.publish(m);
    }
    publisher.flush();
}

inline bus::PublishTarget amqpTarget() {
    bus::PublishTarget t;
    t.url = amqpUrl();
    return t;
}

// Messages ready in a queue (passive declare), or -1 when the queue does not exist.
inline int64_t queueDepth(const std::string& queue, uint32_t* consumers = nullptr) {
    amqp_connection_state_t conn = amqp_new_connection();
    amqp_socket_t* socket = amqp_tcp_socket_new(conn);
    int64_t depth = -1;
    if (amqp_socket_open(socket, "127.0.0.1", amqpPort()) == AMQP_STATUS_OK &&
        amqp_login(conn, "/", 0, 131072, 0, AMQP_SASL_METHOD_PLAIN, "guest", "guest")
                .reply_type == AMQP_RESPONSE_NORMAL) {
        amqp_channel_open(conn, 1);
        amqp_get_rpc_reply(conn);
        amqp_queue_declare_ok_t* ok = amqp_queue_declare(
            conn, 1, amqp_cstring_bytes(queue.c_str()), 1, 0, 0, 0, amqp_empty_table);
        if (amqp_get_rpc_reply(conn).reply_type == AMQP_RESPONSE_NORMAL && ok != nullptr) {
            depth = ok->message_count;
            if (consumers != nullptr) *consumers = ok->consumer_count;
        }
        amqp_channel_close(conn, 1, AMQP_REPLY_SUCCESS);
        amqp_connection_close(conn, AMQP_REPLY_SUCCESS);
    }
    amqp_destroy_connection(conn);
    return depth;
}

inline void deleteQueue(const std::string& queue) {
    amqp_connection_state_t conn = amqp_new_connection();
    amqp_socket_t* socket = amqp_tcp_socket_new(conn);
    if (amqp_socket_open(socket, "127.0.0.1", amqpPort()) == AMQP_STATUS_OK &&
        amqp_login(conn, "/", 0, 131072, 0, AMQP_SASL_METHOD_PLAIN, "guest", "guest")
                .reply_type == AMQP_RESPONSE_NORMAL) {
        amqp_channel_open(conn, 1);
        amqp_get_rpc_reply(conn);
        amqp_queue_delete(conn, 1, amqp_cstring_bytes(queue.c_str()), 0, 0);
        amqp_get_rpc_reply(conn);
        amqp_channel_close(conn, 1, AMQP_REPLY_SUCCESS);
        amqp_connection_close(conn, AMQP_REPLY_SUCCESS);
    }
    amqp_destroy_connection(conn);
}

template <typename Pred>
bool eventually(Pred pred, std::chrono::milliseconds limit = 120s) {
    auto end = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < end) {
        if (pred()) return true;
        std::this_thread::sleep_for(20ms);
    }
    return pred();
}

class TempDir {
public:
    TempDir() {
        std::string pattern = (std::filesystem::temp_directory_path() / "sb-itest-XXXXXX").string();
        if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
        m_path = pattern;
    }
    ~TempDir() {
        std::error_code ec;
        std::filesystem::remove_all(m_path, ec);
    }
    std::string path(const std::string& name) const { return m_path + "/" + name; }

private:
    std::string m_path;
};

}  // namespace switchboard::itest
