#include <catch2/catch.hpp>

#include <fstream>
#include <set>
#include <thread>
#include <variant>

#include "engine/bus_service.hpp"
#include "engine/metrics.hpp"
#include "ingest/message.hpp"
#include "store/event_store.hpp"
#include "store/field_pointer_store.hpp"
#include "temp_dir.hpp"

using namespace switchboard;
using namespace std::chrono_literals;

namespace {

struct ReplayFile {
    std::string path;
    int64_t parsed = 0;       // lines that parse: events
    int64_t malformed = 0;    // lines that do not: quarantine
    int64_t distinct = 0;     // parsed lines the store keeps: the fixtures repeat a few messages
};

ReplayFile writeReplay(const test::TempDir& dir) {
    ReplayFile f;
    f.path = dir.path("replay.jsonl");
    std::ifstream in(SB_FIXTURES_DIR "/messages.jsonl");
    std::ofstream out(f.path);
    std::set<std::array<uint8_t, 16>> keys;
    for (std::string line; std::getline(in, line);) {
        if (line.empty()) continue;
        out << line << '\n';
        auto parsed = ingest::parseLine(line);
        const auto* message = std::get_if<ingest::Message>(&parsed);
        (message ? f.parsed : f.malformed) += 1;
        if (message)
            keys.insert(store::dedupKey("replay", message->msg_id, message->topic,
                                        message->body.dump(-1, ' ', false,
                                                           nlohmann::json::error_handler_t::replace),
                                        message->sent_at));
    }
    f.distinct = static_cast<int64_t>(keys.size());
    out << "{\"topic\": \"org.fedoraproject.prod.pungi.compose.status.change\", \"body\": {\n";
    f.malformed += 1;
    return f;
}

model::Connection replayConnection(const std::string& path) {
    model::Connection c;
    c.name = "replay";
    c.url = "file://" + path;
    return c;
}

template <typename Pred>
bool eventually(Pred pred, std::chrono::milliseconds limit = 30s) {
    auto end = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < end) {
        if (pred()) return true;
        std::this_thread::sleep_for(10ms);
    }
    return pred();
}

engine::IngestCounters countersOf(const engine::BusService& service) {
    auto snap = service.snapshot();
    return snap.empty() ? engine::IngestCounters{} : snap.front().counts;
}

}  // namespace

TEST_CASE("a replayed file is stored as events and quarantine, stamped with the arrival time",
          "[pipeline]") {
    test::TempDir dir;
    ReplayFile file = writeReplay(dir);
    int64_t before = store::nowMs();
    std::vector<size_t> hookBatches;
    engine::BusServiceOptions options;
    options.dbPath = dir.path("sb.db");
    options.makeHook = [&hookBatches](store::Database&) -> engine::CommittedHook {
        return [&hookBatches](const std::vector<model::Event>& events) {
            hookBatches.push_back(events.size());
        };
    };
    engine::BusService service(options);
    REQUIRE(service.start({replayConnection(file.path)}) == 1);
    const bool allIn = eventually([&] {
        auto c = countersOf(service);
        return c.stored + c.duplicates + c.quarantined ==
               static_cast<uint64_t>(file.parsed + file.malformed);
    });
    auto snap = service.snapshot();
    INFO("stored " << snap.front().counts.stored << ", quarantined " << snap.front().counts.quarantined
                   << ", duplicates " << snap.front().counts.duplicates << ", expected "
                   << file.parsed << " + " << file.malformed << ", state reason "
                   << snap.front().status.reason);
    REQUIRE(allIn);
    REQUIRE(eventually([&] {
        return service.snapshot().front().status.acked ==
               static_cast<uint64_t>(file.parsed + file.malformed);
    }));
    service.stop();

    CHECK(snap.front().status.state == bus::ConnState::Up);
    CHECK(snap.front().counts.stored == static_cast<uint64_t>(file.distinct));
    CHECK(snap.front().counts.duplicates == static_cast<uint64_t>(file.parsed - file.distinct));
    store::Database db(options.dbPath);
    store::EventStore events(db);
    store::EventQuery all;
    all.limit = 0;
    CHECK(events.count(all) == file.distinct);
    CHECK(events.quarantineCount() == file.malformed);
    auto newest = events.query(store::EventQuery{});
    REQUIRE_FALSE(newest.empty());
    CHECK(newest.front().source == "replay");
    CHECK(newest.front().received_at >= before);
    size_t hooked = 0;
    for (size_t n : hookBatches) hooked += n;
    CHECK(hooked == static_cast<size_t>(file.distinct));
}

TEST_CASE("replaying the same file again adds no event rows: every message is a duplicate",
          "[pipeline]") {
    test::TempDir dir;
    ReplayFile file = writeReplay(dir);
    engine::BusServiceOptions options;
    options.dbPath = dir.path("sb.db");
    for (int run = 0; run < 2; ++run) {
        engine::BusService service(options);
        service.start({replayConnection(file.path)});
        REQUIRE(eventually([&] {
            auto c = countersOf(service);
            return c.stored + c.duplicates + c.quarantined ==
                   static_cast<uint64_t>(file.parsed + file.malformed);
        }));
        auto counts = countersOf(service);
        service.stop();
        if (run == 0) {
            CHECK(counts.stored == static_cast<uint64_t>(file.distinct));
        } else {
            CHECK(counts.stored == 0);
            CHECK(counts.duplicates == static_cast<uint64_t>(file.parsed));
        }
    }
    store::Database db(options.dbPath);
    store::EventQuery all;
    all.limit = 0;
    CHECK(store::EventStore(db).count(all) == file.distinct);
}

TEST_CASE("the metrics text names every connection with its counters and state", "[pipeline]") {
    engine::ConnectionSnapshot s;
    s.status.name = "fedora \"prod\"";
    s.status.state = bus::ConnState::Backoff;
    s.status.received = 12;
    s.status.lastMessageAt = 1000;
    s.counts.stored = 10;
    s.counts.duplicates = 1;
    s.counts.quarantined = 1;
    std::string text = engine::renderPrometheus({s}, 4000, 3);
    CHECK_THAT(text, Catch::Contains(
                         "switchboard_messages_received_total{connection=\"fedora \\\"prod\\\"\"} 12"));
    CHECK_THAT(text, Catch::Contains("switchboard_messages_stored_total{connection=\"fedora \\\"prod\\\"\"} 10"));
    CHECK_THAT(text, Catch::Contains("switchboard_messages_duplicates_total{connection=\"fedora \\\"prod\\\"\"} 1"));
    CHECK_THAT(text, Catch::Contains("switchboard_messages_quarantined_total{connection=\"fedora \\\"prod\\\"\"} 1"));
    CHECK_THAT(text, Catch::Contains("state=\"backoff\"} 1"));
    CHECK_THAT(text, Catch::Contains("state=\"up\"} 0"));
    CHECK_THAT(text, Catch::Contains("switchboard_last_message_age_seconds{connection=\"fedora \\\"prod\\\"\"} 3"));
    CHECK_THAT(text, Catch::Contains("switchboard_handoff_queued 3"));
}

TEST_CASE("the retention metrics are two counters in exposition format", "[pipeline]") {
    store::PruneCounts pruned;
    pruned.events = 2500;
    pruned.quarantined = 3;
    CHECK(engine::renderPruneMetrics(pruned) ==
          "# HELP switchboard_pruned_events_total Events deleted by retention.\n"
          "# TYPE switchboard_pruned_events_total counter\n"
          "switchboard_pruned_events_total 2500\n"
          "# HELP switchboard_pruned_quarantined_total Quarantined messages deleted by retention.\n"
          "# TYPE switchboard_pruned_quarantined_total counter\n"
          "switchboard_pruned_quarantined_total 3\n");
}

TEST_CASE("the metrics endpoint refuses a non-loopback address", "[pipeline]") {
    CHECK_THROWS_WITH(engine::parseLoopbackAddress("0.0.0.0:9100"), Catch::Contains("loopback"));
    CHECK_THROWS_WITH(engine::parseLoopbackAddress("9100"), Catch::Contains("HOST:PORT"));
    CHECK(engine::parseLoopbackAddress("127.0.0.1:9100") == std::make_pair(std::string("127.0.0.1"), 9100));
    CHECK(engine::parseLoopbackAddress("localhost:0").first == "127.0.0.1");
}

TEST_CASE("a field pointer added while the pipeline runs applies from its next batch", "[pipeline]") {
    test::TempDir dir;
    const std::string path = dir.path("errata.jsonl");
    {
        std::ofstream out(path);
        for (int i = 0; i < 40; ++i)
            out << R"({"topic": "/topic/VirtualTopic.eng.errata.activity.status", "msg_id": "e-)" << i
                << R"(", "headers": {"errata_id": ")" << 148000 + i << R"("}, "msg": ""})" << "\n";
    }
    engine::BusServiceOptions options;
    options.dbPath = dir.path("sb.db");
    engine::BusService service(options);
    // 20 a second: the pointer goes in after the first event, long before the last.
    REQUIRE(service.start({replayConnection(path + "?rate=20")}) == 1);
    REQUIRE(eventually([&] { return countersOf(service).stored >= 1; }));
    {
        store::Database db(options.dbPath);
        model::FieldPointer p;
        p.pointer = "/errata_id";
        p.part = model::PointerPart::Headers;
        p.topic_glob = "*.errata.*";
        store::FieldPointerStore(db).add(p);
    }
    REQUIRE(eventually([&] { return countersOf(service).stored == 40; }));
    service.stop();

    store::Database db(options.dbPath);
    store::EventQuery all;
    all.limit = 0;
    const auto events = store::EventStore(db).query(all);  // newest first
    REQUIRE(events.size() == 40);
    CHECK(events.back().subject.empty());  // stored before the pointer existed
    CHECK(events.front().subject == "148039");
}
