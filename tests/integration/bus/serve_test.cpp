#include <catch2/catch.hpp>

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <thread>

#include <httplib.h>

#include <SQLiteCpp/Statement.h>

#include "broker_env.hpp"
#include "store/connection_store.hpp"
#include "store/database.hpp"
#include "store/event_store.hpp"

using namespace switchboard;
using namespace switchboard::itest;

namespace {

std::string switchboardBinary() {
    for (const char* candidate :
         {SB_BINARY_DIR "/src/cli/headless/switchboard", SB_BINARY_DIR "/ui/switchboard"}) {
        if (std::filesystem::exists(candidate)) return candidate;
    }
    FAIL("the switchboard binary is not built under " SB_BINARY_DIR);
    return {};
}

pid_t spawnServe(const std::string& dbPath, const std::string& logPath,
                 const std::string& metrics = "", const std::vector<std::string>& extra = {}) {
    std::string binary = switchboardBinary();
    pid_t pid = ::fork();
    if (pid == 0) {
        int fd = ::open(logPath.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
        if (fd >= 0) ::dup2(fd, 2);
        std::vector<std::string> args = {binary, "serve", "--db", dbPath};
        if (!metrics.empty()) {
            args.push_back("--metrics");
            args.push_back(metrics);
        }
        args.insert(args.end(), extra.begin(), extra.end());
        std::vector<char*> argv;
        for (auto& a : args) argv.push_back(a.data());
        argv.push_back(nullptr);
        ::execv(binary.c_str(), argv.data());
        ::_exit(127);
    }
    return pid;
}

int waitExit(pid_t pid) {
    int status = 0;
    ::waitpid(pid, &status, 0);
    return status;
}

struct Counts {
    int64_t rows = 0;
    int64_t distinctIds = 0;
};

Counts eventCounts(const std::string& dbPath) {
    store::Database db(dbPath);
    SQLite::Statement q(db.sql(), "SELECT COUNT(*), COUNT(DISTINCT msg_id) FROM events");
    q.executeStep();
    return {q.getColumn(0).getInt64(), q.getColumn(1).getInt64()};
}

std::string readFile(const std::string& path) {
    std::ifstream in(path);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

// The port serve chose for "--metrics 127.0.0.1:0", from its log line "metrics on
// http://127.0.0.1:PORT/metrics"; 0 while it has not said. Letting serve pick avoids handing it a
// port probed here: a probe socket left listening with SO_REUSEPORT (as httplib binds) would
// share the port and take half of the connections.
int metricsPortFromLog(const std::string& logPath) {
    const std::string marker = "metrics on http://127.0.0.1:";
    std::string log = readFile(logPath);
    size_t at = log.rfind(marker);
    if (at == std::string::npos) return 0;
    return std::atoi(log.c_str() + at + marker.size());
}

// The connection "rabbit" to the test broker: `queue`, bound to everything under `prefix`.
void addRabbitConnection(const std::string& dbPath, const std::string& queue,
                         const std::string& prefix) {
    store::Database db(dbPath);
    model::Connection c;
    c.name = "rabbit";
    c.url = amqpUrl();
    c.queue = queue;
    c.bindings = {prefix + ".#"};
    store::ConnectionStore(db).add(c);
}

// serve on dbPath while `total` messages are published under `prefix`, sent `signal` once at
// least 3,000 are stored; returns when serve has exited and the publisher is done.
struct Interrupted {
    bool midStream = false;  // the signal came after 3,000 were stored
    bool published = false;  // every message reached the broker
    int status = 0;          // serve's wait status
};

Interrupted interruptMidStream(const std::string& dbPath, const std::string& logPath,
                               const std::string& queue, const std::string& prefix, int total,
                               int signal) {
    Interrupted out;
    pid_t serve = spawnServe(dbPath, logPath);
    uint32_t consumers = 0;
    const bool consuming =
        eventually([&] { return queueDepth(queue, &consumers) >= 0 && consumers >= 1; });
    std::atomic<bool> published{false};
    std::thread publisherThread([&] {
        bus::Publisher publisher(amqpTarget());
        publishMessages(publisher, prefix, 0, total);
        published = true;
    });
    out.midStream = consuming && eventually([&] { return eventCounts(dbPath).rows >= 3000; });
    ::kill(serve, signal);
    out.status = waitExit(serve);
    publisherThread.join();
    out.published = published;
    return out;
}

// A database with one RabbitMQ connection on a fresh queue, serve's log beside it, and serve
// interrupted on them mid-stream.
struct InterruptibleServe {
    TempDir dir;
    std::string dbPath = dir.path("sb.db");
    std::string logPath = dir.path("serve.log");
    std::string queue, prefix;
    explicit InterruptibleServe(const std::string& name)
        : queue(uniqueName("sb.it." + name)), prefix(uniqueName("it" + name)) {
        addRabbitConnection(dbPath, queue, prefix);
    }
    Interrupted interrupt(int total, int signal) {
        return interruptMidStream(dbPath, logPath, queue, prefix, total, signal);
    }
    // Every one of `total` messages stored and none left on the queue.
    bool drained(int total) {
        return eventCounts(dbPath).rows >= total && queueDepth(queue) == 0;
    }
};

}  // namespace

TEST_CASE("serve killed with SIGKILL mid-stream and started again stores every message once",
          "[serve]") {
    InterruptibleServe run("kill");
    constexpr int kTotal = 20000;

    const Interrupted first = run.interrupt(kTotal, SIGKILL);
    REQUIRE(first.midStream);
    REQUIRE(first.published);
    CHECK(WIFSIGNALED(first.status));
    int64_t beforeRestart = eventCounts(run.dbPath).rows;
    INFO("events stored before the kill: " << beforeRestart);
    CHECK(beforeRestart < kTotal);

    pid_t second = spawnServe(run.dbPath, run.logPath, "127.0.0.1:0");
    int metricsPort = 0;
    REQUIRE(eventually([&] { return (metricsPort = metricsPortFromLog(run.logPath)) > 0; }, 60s));
    bool drained = eventually([&] { return run.drained(kTotal); }, 240s);

    // The endpoint is asked a few times: under the sanitizers a busy serve can take a moment to
    // accept, and a refused first try says nothing about the metrics themselves.
    httplib::Client client("127.0.0.1", metricsPort);
    client.set_connection_timeout(2);
    httplib::Result response{nullptr, httplib::Error::Unknown};
    eventually(
        [&] {
            response = client.Get("/metrics");
            return static_cast<bool>(response);
        },
        15s);
    ::kill(second, SIGTERM);
    int secondStatus = waitExit(second);
    INFO("serve log:\n" << readFile(run.logPath));
    REQUIRE(drained);
    Counts counts = eventCounts(run.dbPath);
    CHECK(counts.rows == kTotal);
    CHECK(counts.distinctIds == kTotal);
    CHECK(queueDepth(run.queue) == 0);
    CHECK(WIFEXITED(secondStatus));
    CHECK(WEXITSTATUS(secondStatus) == 0);
    REQUIRE(response);
    CHECK(response->status == 200);
    CHECK_THAT(response->body,
               Catch::Contains("switchboard_messages_stored_total{connection=\"rabbit\"}"));
    CHECK_THAT(
        response->body,
        Catch::Contains("switchboard_connection_state{connection=\"rabbit\",state=\"up\"} 1"));
    // Asked of RabbitMQ every few seconds, so the value may trail the drain; it must be there.
    CHECK_THAT(response->body,
               Catch::Contains("switchboard_broker_backlog_messages{connection=\"rabbit\"} "));
    std::string log = readFile(run.logPath);
    CHECK_THAT(log, Catch::Contains("connection rabbit: up"));
    CHECK_THAT(log, Catch::Contains("received SIGTERM"));
    deleteQueue(run.queue);
}

// SIGKILL above may leave committed messages unacknowledged (the broker sends them again and the
// store absorbs them). SIGTERM must not: serve commits and acknowledges what it holds, so what
// the broker still has afterwards is exactly what was never stored.
TEST_CASE("serve stopped with SIGTERM mid-stream acknowledges every message it stored",
          "[serve]") {
    InterruptibleServe run("term");
    constexpr int kTotal = 20000;

    const Interrupted first = run.interrupt(kTotal, SIGTERM);
    INFO("serve log:\n" << readFile(run.logPath));
    REQUIRE(first.midStream);
    REQUIRE(first.published);
    REQUIRE(WIFEXITED(first.status));
    CHECK(WEXITSTATUS(first.status) == 0);
    const int64_t stored = eventCounts(run.dbPath).rows;
    INFO("events stored before SIGTERM: " << stored);
    CHECK(stored < kTotal);
    // What serve held unacknowledged goes back to the queue as its connection closes.
    int64_t left = -1;
    uint32_t consumers = 0;
    CHECK(eventually(
        [&] { return (left = queueDepth(run.queue, &consumers)) == kTotal - stored; }));
    CHECK(left == kTotal - stored);
    CHECK(consumers == 0);

    // The rest arrives once, and nothing stored comes back as a duplicate.
    pid_t second = spawnServe(run.dbPath, run.logPath);
    bool drained = eventually([&] { return run.drained(kTotal); }, 240s);
    ::kill(second, SIGTERM);
    CHECK(waitExit(second) == 0);
    REQUIRE(drained);
    Counts counts = eventCounts(run.dbPath);
    CHECK(counts.rows == kTotal);
    CHECK(counts.distinctIds == kTotal);
    // Each serve's last line counts its duplicates; both must be 0.
    const std::string log = readFile(run.logPath);
    int stops = 0;
    for (size_t at = log.find("duplicates "); at != std::string::npos;
         at = log.find("duplicates ", at + 1)) {
        ++stops;
        CHECK(log.compare(at, 13, "duplicates 0,") == 0);
    }
    CHECK(stops == 2);
    deleteQueue(run.queue);
}

TEST_CASE("serve --retain-events prunes the oldest events at start, beside its ingest",
          "[serve][retention]") {
    TempDir dir;
    std::string dbPath = dir.path("sb.db");
    std::string logPath = dir.path("serve.log");
    std::string replay = dir.path("empty.jsonl");
    std::ofstream(replay).close();  // a quiet connection: only the pruning changes the database
    {
        store::Database db(dbPath);
        model::Connection c;
        c.name = "quiet";
        c.url = "file://" + replay;
        store::ConnectionStore(db).add(c);
        store::EventStore store(db);
        std::vector<model::Event> events;
        for (int i = 0; i < 300; ++i) {
            model::Event e;
            e.kind = model::Kind::Module;
            e.subject = "nodejs:20:" + std::to_string(i);
            e.source = "seed";
            e.msg_id = "seed-" + std::to_string(i);
            e.received_at = store::nowMs();
            e.body = {{"i", i}};
            events.push_back(std::move(e));
        }
        REQUIRE(store.insertBatch(events).stored == 300);
    }

    pid_t pid = spawnServe(dbPath, logPath, "127.0.0.1:0", {"--retain-events", "100"});
    bool pruned =
        eventually([&] { return readFile(logPath).find("pruned ") != std::string::npos; });
    bool listening = eventually([&] { return metricsPortFromLog(logPath) > 0; });
    std::string metrics;
    if (listening) {
        httplib::Client client("127.0.0.1", metricsPortFromLog(logPath));
        if (auto res = client.Get("/metrics")) metrics = res->body;
    }
    ::kill(pid, SIGTERM);
    int status = waitExit(pid);
    INFO(readFile(logPath));
    REQUIRE(pruned);
    CHECK(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 0);
    CHECK_THAT(readFile(logPath), Catch::Contains("pruned 200 events and 0 quarantined messages"));
    CHECK_THAT(metrics, Catch::Contains("\nswitchboard_pruned_events_total 200\n"));
    CHECK_THAT(metrics, Catch::Contains("\nswitchboard_pruned_quarantined_total 0\n"));
    store::Database db(dbPath);
    CHECK(db.sql().execAndGet("SELECT count(*) FROM events").getInt64() == 100);
    CHECK(db.sql().execAndGet("SELECT min(msg_id) FROM events").getString() == "seed-200");
}

TEST_CASE("serve refuses a malformed --retain age as a usage error", "[serve][retention]") {
    TempDir dir;
    std::string logPath = dir.path("serve.log");
    pid_t pid = spawnServe(dir.path("sb.db"), logPath, "", {"--retain", "thirty days"});
    int status = waitExit(pid);
    CHECK(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 2);
    CHECK_THAT(readFile(logPath), Catch::Contains("--retain: 'thirty days' is not an age"));
}

TEST_CASE("serve checks --metrics before it prunes anything", "[serve][retention]") {
    TempDir dir;
    std::string dbPath = dir.path("sb.db");
    std::string logPath = dir.path("serve.log");
    {
        store::Database db(dbPath);
        store::EventStore store(db);
        std::vector<model::Event> events(5);
        for (size_t i = 0; i < events.size(); ++i) {
            events[i].kind = model::Kind::Other;
            events[i].source = "seed";
            events[i].msg_id = "s" + std::to_string(i);
            events[i].body = {{"i", i}};
        }
        REQUIRE(store.insertBatch(events).stored == 5);
    }
    pid_t pid = spawnServe(dbPath, logPath, "0.0.0.0:9100", {"--retain-events", "1"});
    int status = waitExit(pid);
    CHECK(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 2);
    CHECK_THAT(readFile(logPath), Catch::Contains("loopback"));
    CHECK(eventCounts(dbPath).rows == 5);
}

TEST_CASE("serve logs each connection's progress and backlog every --status-every", "[serve]") {
    TempDir dir;
    std::string dbPath = dir.path("sb.db");
    std::string logPath = dir.path("serve.log");
    std::string replay = dir.path("five.jsonl");
    {
        std::ofstream out(replay);
        for (int i = 0; i < 5; ++i)
            out << R"({"topic": "org.fedoraproject.prod.buildsys.tag", "id": "tag-)" << i
                << R"(", "body": {"build_id": )" << i << "}}\n";
        store::Database db(dbPath);
        model::Connection c;
        c.name = "replay";
        c.url = "file://" + replay;
        store::ConnectionStore(db).add(c);
    }
    pid_t pid = spawnServe(dbPath, logPath, "", {"--status-every", "1s"});
    // The first line may come before the five are committed; a later one has them all.
    bool logged = eventually([&] {
        return readFile(logPath).find("(5 in all)") != std::string::npos;
    }, 60s);
    ::kill(pid, SIGTERM);
    int status = waitExit(pid);
    const std::string log = readFile(logPath);
    INFO(log);
    REQUIRE(logged);
    CHECK(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 0);
    CHECK_THAT(log, Catch::Matches(R"([\s\S]*connection replay: up, \d+ stored in the last 1s \(5 in all\), 0 duplicates, 0 quarantined, backlog 0, last message \d+ s ago[\s\S]*)"));

    pid = spawnServe(dbPath, logPath, "", {"--status-every", "soon"});
    status = waitExit(pid);
    CHECK(WEXITSTATUS(status) == 2);
    CHECK_THAT(readFile(logPath), Catch::Contains("--status-every: 'soon' is not an age"));
}
