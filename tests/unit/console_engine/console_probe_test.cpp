#include <catch2/catch.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <random>
#include <thread>

#include <httplib.h>

#include "engine/console_probe.hpp"
#include "../temp_dir.hpp"
#include "../loopback_port.hpp"

using namespace switchboard;

namespace {

// An HTTP server on 127.0.0.1 answering every GET with `status`.
struct HealthServer {
    httplib::Server server;
    std::thread thread;
    int port = 0;
    std::atomic<int> hits{0};
    explicit HealthServer(int status) {
        server.Get(".*", [this, status](const httplib::Request&, httplib::Response& res) {
            ++hits;
            res.status = status;
            res.set_content(status == 200 ? "{\"ok\": true}" : "unavailable", "text/plain");
        });
        port = server.bind_to_any_port("127.0.0.1");
        thread = std::thread([this] { server.listen_after_bind(); });
        for (int i = 0; i < 500 && !server.is_running(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    ~HealthServer() {
        server.stop();
        thread.join();
    }
    std::string url() const { return "http://127.0.0.1:" + std::to_string(port); }
};

model::Backend jobTrigger(const std::string& url) {
    model::Backend b;
    b.name = "jt";
    b.type = model::BackendType::JobTrigger;
    b.url = url;
    return b;
}

}  // namespace

TEST_CASE("a replay connection whose file exists tests up and names where it connected") {
    sbtest::TempDir tmp("sb-probe-");
    const auto file = tmp.dir / "events.jsonl";
    std::ofstream(file) << "{\"topic\": \"a.b\", \"body\": {}}\n";
    model::Connection c;
    c.name = "replay";
    c.url = "file://" + file.string();
    const auto r = engine::probeConnection(c);
    CHECK(r.ok);
    CHECK(r.message.find("connected to") == 0);
    CHECK(r.message.find("events.jsonl") != std::string::npos);
}

TEST_CASE("a replay connection whose file is missing reports the file, not up") {
    sbtest::TempDir tmp("sb-probe-");
    model::Connection c;
    c.name = "replay";
    c.url = "file://" + (tmp.dir / "missing.jsonl").string();
    const auto r = engine::probeConnection(c);
    CHECK_FALSE(r.ok);
    CHECK(r.message.find("missing.jsonl") != std::string::npos);
}

TEST_CASE("an AMQP connection to a port nobody listens on reports the error") {
    model::Connection c;
    c.name = "umb";
    c.url = "amqp://127.0.0.1:" + std::to_string(sbtest::refusedPort()) + "/";
    const auto r = engine::probeConnection(c);
    CHECK_FALSE(r.ok);
    CHECK_FALSE(r.message.empty());
}

TEST_CASE("a connection whose URL does not parse reports why before connecting") {
    model::Connection c;
    c.name = "bad";
    c.url = "gopher://example.org";
    const auto r = engine::probeConnection(c);
    CHECK_FALSE(r.ok);
    CHECK_FALSE(r.message.empty());
}

TEST_CASE("a job-trigger backend that answers 200 is healthy") {
    HealthServer server(200);
    const auto r = engine::probeBackend(jobTrigger(server.url()), std::chrono::milliseconds(3000));
    CHECK(r.ok);
    CHECK(r.message == "healthy");
    CHECK(server.hits >= 1);
}

TEST_CASE("a backend that answers 503 is reported unhealthy with the status") {
    HealthServer server(503);
    const auto r = engine::probeBackend(jobTrigger(server.url()), std::chrono::milliseconds(300));
    CHECK_FALSE(r.ok);
    CHECK(r.message.find("503") != std::string::npos);
}

TEST_CASE("the dry-run backend is always healthy") {
    model::Backend b;
    b.name = "dry-run";
    b.type = model::BackendType::DryRun;
    const auto r = engine::probeBackend(b);
    CHECK(r.ok);
}
