#include <catch2/catch.hpp>

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <fstream>
#include <mutex>
#include <set>
#include <thread>

#include "../loopback_port.hpp"
#include "bus/amqp_source.hpp"
#include "bus/replay_source.hpp"
#include "bus/supervisor.hpp"
#include "temp_dir.hpp"

using namespace switchboard;
using namespace std::chrono_literals;

namespace {

// Waits (bounded) until pred() holds; returns whether it did.
template <typename Pred>
bool eventually(Pred pred, std::chrono::milliseconds limit = 20s) {
    auto end = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < end) {
        if (pred()) return true;
        std::this_thread::sleep_for(10ms);
    }
    return pred();
}

std::string writeLines(const test::TempDir& dir, int count) {
    std::ifstream in(SB_FIXTURES_DIR "/messages.jsonl");
    std::vector<std::string> lines;
    for (std::string line; std::getline(in, line);) {
        if (!line.empty()) lines.push_back(line);
    }
    std::string path = dir.path("lines.jsonl");
    std::ofstream out(path);
    for (int i = 0; i < count; ++i) out << lines[static_cast<size_t>(i) % lines.size()] << '\n';
    return path;
}

}  // namespace

TEST_CASE("backoff doubles from the initial delay up to the cap", "[supervisor]") {
    bus::BackoffPolicy p;
    p.initialSeconds = 1;
    p.maxSeconds = 30;
    p.jitter = 0;
    std::mt19937_64 rng(1);
    CHECK(bus::backoffDelay(1, p, rng) == Approx(1));
    CHECK(bus::backoffDelay(2, p, rng) == Approx(2));
    CHECK(bus::backoffDelay(5, p, rng) == Approx(16));
    CHECK(bus::backoffDelay(6, p, rng) == Approx(30));
    CHECK(bus::backoffDelay(60, p, rng) == Approx(30));
}

TEST_CASE("jittered backoff stays within its band and is not constant", "[supervisor]") {
    bus::BackoffPolicy p;
    p.initialSeconds = 2;
    p.jitter = 0.5;
    std::mt19937_64 rng(42);
    double lo = 1e9, hi = 0;
    for (int i = 0; i < 200; ++i) {
        double d = bus::backoffDelay(3, p, rng);  // nominal 8 s
        lo = std::min(lo, d);
        hi = std::max(hi, d);
    }
    CHECK(lo >= 4.0);
    CHECK(hi <= 8.0);
    CHECK(hi - lo > 1.0);
}

TEST_CASE("a refused port goes connecting, down with the reason, backoff, and retries slowly",
          "[supervisor]") {
    int port = sbtest::refusedPort();
    std::mutex mutex;
    std::vector<bus::ConnectionStateChanged> changes;
    bus::SupervisorOptions options;
    options.backoff.initialSeconds = 0.2;
    options.backoff.jitter = 0;
    options.onStateChanged = [&](const bus::ConnectionStateChanged& c) {
        std::lock_guard<std::mutex> lock(mutex);
        changes.push_back(c);
    };
    bus::Supervisor supervisor(options);
    supervisor.add({"refused", [port] {
                        bus::AmqpSettings s;
                        s.connection = "refused";
                        s.url = "amqp://127.0.0.1:" + std::to_string(port) + "/";
                        return std::make_unique<bus::AmqpSource>(s);
                    }});
    supervisor.start();
    // Attempts at 0, 0.2, 0.6 and 1.4 s: a busy loop would make hundreds in this time.
    std::this_thread::sleep_for(1000ms);
    auto status = supervisor.statuses().at(0);
    supervisor.stop();
    INFO("reason: " << status.reason);

    CHECK(status.attempts >= 2);
    CHECK(status.attempts <= 4);
    CHECK(status.reason.find("refused") != std::string::npos);
    std::lock_guard<std::mutex> lock(mutex);
    REQUIRE(changes.size() >= 4);
    CHECK(changes[0].state == bus::ConnState::Connecting);
    CHECK(changes[1].state == bus::ConnState::Down);
    CHECK(changes[1].reason.find("refused") != std::string::npos);
    CHECK(changes[2].state == bus::ConnState::Backoff);
    CHECK(changes[2].retryInSeconds == Approx(0.2));
    CHECK(changes[3].state == bus::ConnState::Connecting);
    CHECK(changes.back().state == bus::ConnState::Stopped);
}

TEST_CASE("a full hand-off stops polling and nothing is dropped once ingest catches up",
          "[supervisor]") {
    test::TempDir dir;
    std::string path = writeLines(dir, 300);
    bus::SupervisorOptions options;
    options.handOffCapacity = 25;
    options.pollBatch = 10;
    bus::Supervisor supervisor(options);
    supervisor.add({"replay", [path] {
                        return std::make_unique<bus::ReplaySource>("replay", "file://" + path);
                    }});
    supervisor.start();
    REQUIRE(eventually([&] { return supervisor.handOffSize() == 25; }));
    std::this_thread::sleep_for(100ms);  // a worker ignoring backpressure would overfill by now
    CHECK(supervisor.handOffSize() == 25);
    CHECK(supervisor.statuses().at(0).received == 25);
    // What the source has not handed over is its backlog, told while polling is held back.
    CHECK(eventually([&] { return supervisor.statuses().at(0).backlog == 275; }));

    size_t taken = 0;
    std::set<uint64_t> tags;
    eventually([&] {
        std::vector<bus::Inbound> batch;
        supervisor.take(7, 50ms, batch);
        for (const auto& in : batch) tags.insert(in.delivery.ackTag);
        taken += batch.size();
        supervisor.acknowledge(batch);
        return taken >= 300;
    });
    CHECK(taken == 300);
    CHECK(tags.size() == 300);
    REQUIRE(eventually([&] { return supervisor.statuses().at(0).acked == 300; }));
    auto status = supervisor.statuses().at(0);
    CHECK(status.state == bus::ConnState::Up);
    CHECK(status.lastMessageAt > 0);
    CHECK(status.backlog == 0);
    supervisor.stop();
    CHECK(supervisor.statuses().at(0).state == bus::ConnState::Stopped);
    CHECK(supervisor.statuses().at(0).backlog == -1);
}

TEST_CASE("acks from an older connection generation are not sent on the new one", "[supervisor]") {
    test::TempDir dir;
    std::string path = writeLines(dir, 5);
    bus::Supervisor supervisor;
    supervisor.add({"replay", [path] {
                        return std::make_unique<bus::ReplaySource>("replay", "file://" + path);
                    }});
    supervisor.start();
    std::vector<bus::Inbound> all;
    REQUIRE(eventually([&] {
        supervisor.take(10, 50ms, all);
        return all.size() == 5;
    }));
    for (auto& in : all) in.generation += 1;  // as if the connection had dropped since
    supervisor.acknowledge(all);
    std::this_thread::sleep_for(100ms);
    CHECK(supervisor.statuses().at(0).acked == 0);
    for (auto& in : all) in.generation -= 1;
    supervisor.acknowledge(all);
    CHECK(eventually([&] { return supervisor.statuses().at(0).acked == 5; }));
    supervisor.stop();
}

TEST_CASE("take appends what is waiting, at most the number asked for", "[supervisor]") {
    test::TempDir dir;
    std::string path = writeLines(dir, 300);
    bus::SupervisorOptions options;
    options.pollBatch = 10;  // the worker hands over 30 pieces
    bus::Supervisor supervisor(options);
    supervisor.add({"replay", [path] {
                        return std::make_unique<bus::ReplaySource>("replay", "file://" + path);
                    }});
    supervisor.start();
    REQUIRE(eventually([&] { return supervisor.handOffSize() == 300; }));
    std::vector<bus::Inbound> batch;
    CHECK(supervisor.take(120, 0ms, batch) == 120);
    CHECK(supervisor.take(1000, 0ms, batch) == 180);
    REQUIRE(batch.size() == 300);
    CHECK(supervisor.take(1000, 10ms, batch) == 0);
    // In the order the worker read them.
    CHECK(batch.front().delivery.ackTag < batch.back().delivery.ackTag);
    supervisor.acknowledge(batch);
    CHECK(eventually([&] { return supervisor.statuses().at(0).acked == 300; }));
    supervisor.stop();
}
