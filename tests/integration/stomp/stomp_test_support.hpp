// Shared helpers for the STOMP integration tests: broker ports from the environment (a missing
// broker FAILS the test), unique names, a publisher and a polling loop. Test thread only.
#pragma once

#include <catch2/catch.hpp>

#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <string>
#include <vector>

#include "bus/stomp_client.hpp"
#include "bus/stomp_source.hpp"

namespace stomptest {

using namespace switchboard::bus;
using std::chrono::milliseconds;

inline std::string envOrFail(const char* var, const char* what) {
    const char* v = std::getenv(var);
    if (!v || !*v)
        FAIL(var << " is not set: " << what
                 << " is not running (start it with scripts/brokers.sh start DIR, or "
                    "scripts/activemq.sh start DIR, and eval the printed exports)");
    return v;
}

inline int rabbitPort() {
    return std::stoi(envOrFail("SB_RABBITMQ_STOMP_PORT", "RabbitMQ with its STOMP plugin"));
}
inline int activemqPort() {
    return std::stoi(envOrFail("SB_ACTIVEMQ_STOMP_PORT", "ActiveMQ (STOMP connector)"));
}

// Unique per test run, so a rerun against the same broker never sees an old run's messages.
inline std::string uniqueName(const std::string& base) {
    static const std::string run =
        std::to_string(getpid()) + "-" +
        std::to_string(std::chrono::steady_clock::now().time_since_epoch().count() % 1000000007);
    return base + "-" + run;
}

inline StompClientOptions clientOptions(const std::string& url) {
    StompClientOptions o;
    o.endpoints = parseStompUrl(url);
    o.connectTimeout = milliseconds(5000);
    o.ioTimeout = milliseconds(5000);
    return o;
}

inline StompClientOptions rabbitClient() {
    auto o = clientOptions("stomp://127.0.0.1:" + std::to_string(rabbitPort()));
    o.login = "guest";
    o.passcode = "guest";
    return o;
}

// A StompSource subscribed to `queue` on the test RabbitMQ's STOMP port, as guest (the password
// read from an environment variable, as a user's would be).
inline StompSourceOptions rabbitSource(const std::string& queue) {
    setenv("SB_ITEST_RABBIT_PASSWORD", "guest", 1);
    StompSourceOptions o;
    o.connection = "rabbit";
    o.url = "stomp://127.0.0.1:" + std::to_string(rabbitPort());
    o.user = "guest";
    o.passwordEnv = "SB_ITEST_RABBIT_PASSWORD";
    o.subscriptions = {queue};
    o.prefetch = 50;
    o.connectTimeout = o.ioTimeout = milliseconds(5000);
    return o;
}

inline StompClientOptions activemqClient() {
    auto o = clientOptions("stomp://127.0.0.1:" + std::to_string(activemqPort()));
    o.login = "admin";
    o.passcode = "admin";
    return o;
}

// Sends each body to `destination` and waits for the broker's receipt of the last one.
inline void publish(StompClientOptions options, const std::string& destination,
                    const std::vector<std::string>& bodies,
                    std::vector<std::pair<std::string, std::string>> headers = {}) {
    StompClient client(std::move(options));
    client.connect();
    for (size_t i = 0; i < bodies.size(); ++i) {
        auto h = headers;
        h.emplace_back("persistent", "true");
        h.emplace_back("sb-index", std::to_string(i));
        StompFrame f = makeSend(destination, bodies[i], h, i % 2 == 0);
        if (i + 1 == bodies.size())
            client.sendWithReceipt(f);
        else
            client.send(f);
    }
    client.disconnect();
}

// Polls until `want` deliveries arrived or `limit` passed.
inline std::vector<Delivery> pollFor(Source& source, size_t want,
                                     milliseconds limit = milliseconds(8000)) {
    std::vector<Delivery> got;
    auto deadline = std::chrono::steady_clock::now() + limit;
    while (got.size() < want && std::chrono::steady_clock::now() < deadline)
        source.poll(got, want - got.size(), milliseconds(200));
    return got;
}

// Opens a new connection and polls for `wait`: how many messages the broker still had for it
// (0 once every earlier one was acked), then closes it.
inline size_t redeliveredOnReconnect(Source& source, milliseconds wait = milliseconds(1000)) {
    source.open();
    std::vector<Delivery> got;
    source.poll(got, 10, wait);
    source.close();
    return got.size();
}

inline std::string openError(Source& source) {
    try {
        source.open();
    } catch (const SourceError& e) {
        return e.what();
    }
    return "open() succeeded";
}

}  // namespace stomptest
