// The console's connections (engine::ConsoleBus): an edit restarts only the connection it
// changed. Two real replay connections on a real database; "restarted" is told by the
// supervisor's own counters, which a new service starts from zero.
#include <catch2/catch.hpp>

#include <chrono>
#include <fstream>
#include <optional>
#include <thread>

#include "engine/console_bus.hpp"
#include "temp_dir.hpp"

using namespace switchboard;
using namespace std::chrono_literals;

namespace {

// A file of `lines` messages with ids of their own, replayed at `rate` a second: long enough to
// be still running while the test edits its neighbour.
model::Connection replayOf(const test::TempDir& dir, const std::string& name, int rate) {
    const std::string path = dir.path(name + ".jsonl");
    std::ofstream out(path);
    for (int i = 0; i < 400; ++i)
        out << R"({"topic": "org.fedoraproject.prod.buildsys.tag", "headers": {"message-id": ")"
            << name << "-" << i << R"("}, "body": {"tag": "f42", "name": "bash"}})" << "\n";
    model::Connection c;
    c.name = name;
    c.url = "file://" + path + "?rate=" + std::to_string(rate);
    return c;
}

std::optional<engine::ConnectionSnapshot> snapshotOf(const engine::ConsoleBus& bus,
                                                     const std::string& name) {
    for (auto& s : bus.snapshot())
        if (s.status.name == name) return s;
    return std::nullopt;
}

template <typename Pred>
bool eventually(Pred pred) {
    const auto end = std::chrono::steady_clock::now() + 30s;
    while (std::chrono::steady_clock::now() < end) {
        if (pred()) return true;
        std::this_thread::sleep_for(10ms);
    }
    return pred();
}

uint64_t receivedBy(const engine::ConsoleBus& bus, const std::string& name) {
    const auto s = snapshotOf(bus, name);
    return s ? s->status.received : 0;
}

}  // namespace

TEST_CASE("editing or removing one console connection leaves the others running") {
    test::TempDir dir;
    engine::BusServiceOptions base;
    base.dbPath = dir.path("sb.db");
    base.keepStateChanges = false;
    engine::ConsoleBus bus(base);
    const model::Connection a = replayOf(dir, "a", 40);
    model::Connection b = replayOf(dir, "b", 40);

    CHECK(bus.apply({a, b}) == std::vector<std::string>{"a", "b"});
    REQUIRE(eventually([&] { return receivedBy(bus, "a") >= 5 && receivedBy(bus, "b") >= 5; }));
    CHECK(bus.apply({a, b}).empty());  // nothing changed: nothing restarts

    // b's rate edited: b starts over, a goes on from where it was.
    const uint64_t aBefore = receivedBy(bus, "a");
    b.url += "0";  // rate=400
    CHECK(bus.apply({a, b}) == std::vector<std::string>{"b"});
    CHECK(receivedBy(bus, "a") >= aBefore);
    CHECK(snapshotOf(bus, "a")->status.attempts == 1);

    // b removed: only a is left, still the same service.
    CHECK(bus.apply({a}).empty());
    CHECK_FALSE(snapshotOf(bus, "b"));
    REQUIRE(snapshotOf(bus, "a"));
    CHECK(snapshotOf(bus, "a")->status.attempts == 1);
    CHECK(receivedBy(bus, "a") >= aBefore);

    // "Reconnect all" does restart it: its counters start again from nothing.
    REQUIRE(eventually([&] { return receivedBy(bus, "a") >= aBefore + 5; }));
    const uint64_t aLater = receivedBy(bus, "a");
    bus.restartAll({a});
    CHECK(receivedBy(bus, "a") < aLater);
    bus.stop();
    CHECK(bus.snapshot().empty());
}
