#include <catch2/catch.hpp>

#include <algorithm>
#include <deque>
#include <fstream>
#include <mutex>
#include <optional>
#include <set>
#include <thread>
#include <variant>

#include "bus/replay_source.hpp"
#include "bus/source.hpp"
#include "bus/supervisor.hpp"
#include "engine/bus_service.hpp"
#include "engine/ingest_pipeline.hpp"
#include "engine/metrics.hpp"
#include "ingest/message.hpp"
#include "store/event_store.hpp"
#include "store/field_pointer_store.hpp"
#include "temp_dir.hpp"

using namespace switchboard;
using namespace std::chrono_literals;

namespace {

// Records, per committed batch, how many new events the hook saw inside its transaction.
class CountingHook : public engine::BatchHook {
public:
    explicit CountingHook(std::vector<size_t>& batches) : m_batches(batches) {}
    void inTransaction(const std::vector<model::Event>& events) override {
        m_seen = static_cast<size_t>(std::count_if(
            events.begin(), events.end(), [](const model::Event& e) { return e.id != 0; }));
    }
    void committed() override {
        if (m_seen > 0) m_batches.push_back(m_seen);
    }

private:
    std::vector<size_t>& m_batches;
    size_t m_seen = 0;
};

struct ReplayFile {
    std::string path;
    int64_t parsed = 0;     // lines that parse: events
    int64_t malformed = 0;  // lines that do not: quarantine
    int64_t distinct = 0;   // parsed lines the store keeps: the fixtures repeat a few messages
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
            keys.insert(store::dedupKey(
                "replay", message->msg_id, message->topic,
                message->body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace),
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
    options.makeHook = [&hookBatches](store::Database&) -> std::unique_ptr<engine::BatchHook> {
        return std::make_unique<CountingHook>(hookBatches);
    };
    engine::BusService service(options);
    REQUIRE(service.start({replayConnection(file.path)}) == 1);
    const bool allIn = eventually([&] {
        auto c = countersOf(service);
        return c.stored + c.duplicates + c.quarantined ==
               static_cast<uint64_t>(file.parsed + file.malformed);
    });
    auto snap = service.snapshot();
    INFO("stored " << snap.front().counts.stored << ", quarantined "
                   << snap.front().counts.quarantined << ", duplicates "
                   << snap.front().counts.duplicates << ", expected " << file.parsed << " + "
                   << file.malformed << ", state reason " << snap.front().status.reason);
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

// The console reads states from snapshots and never takes the changes: kept, they piled up for
// as long as a connection flapped.
TEST_CASE("state changes are kept for the owner that asks for them, and only then", "[pipeline]") {
    test::TempDir dir;
    ReplayFile file = writeReplay(dir);
    for (const bool keep : {true, false}) {
        engine::BusServiceOptions options;
        options.dbPath = dir.path(keep ? "kept.db" : "not-kept.db");
        options.keepStateChanges = keep;
        engine::BusService service(options);
        REQUIRE(service.start({replayConnection(file.path)}) == 1);
        REQUIRE(eventually([&] {
            return service.snapshot().front().status.state == bus::ConnState::Up;
        }));
        service.stop();
        INFO("keepStateChanges " << keep);
        CHECK(service.takeStateChanges().empty() == !keep);
    }
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

TEST_CASE("deliveries that keep arriving in pieces are parsed as they come and committed once",
          "[pipeline]") {
    test::TempDir dir;
    ReplayFile file = writeReplay(dir);
    {
        // Bodies short enough to live inside their std::string: the stored raw text points into
        // them, so the batch must not move them while it grows.
        std::ofstream more(file.path, std::ios::app);
        for (int i = 0; i < 30; ++i)
            more << R"({"topic": "org.example.short.)" << i << R"(", "body": {"n": )" << i
                 << "}}\n";
        file.parsed += 30;
        file.distinct += 30;
    }
    const uint64_t lines = static_cast<uint64_t>(file.parsed + file.malformed);
    bus::SupervisorOptions supervising;
    supervising.pollBatch = 10;  // the worker hands the file over ten lines at a time
    bus::Supervisor supervisor(supervising);
    supervisor.add({"replay", [&file] {
                        return std::make_unique<bus::ReplaySource>("replay", "file://" + file.path);
                    }});
    engine::IngestPipelineOptions options;
    options.dbPath = dir.path("sb.db");
    options.gatherTarget = 100000;
    // Generous: the pieces come back to back, so only the end of the file ends the batch.
    options.gatherGap = 2s;
    options.gatherWindow = 20s;
    engine::IngestPipeline pipeline(supervisor, options);
    supervisor.start();
    // Driven on this thread: one call is one transaction.
    CHECK(pipeline.processOnce(20s) == lines);
    CHECK(pipeline.batchesCommitted() == 1);
    const engine::IngestCounters totals = pipeline.totals();
    CHECK(totals.stored == static_cast<uint64_t>(file.distinct));
    CHECK(totals.quarantined == static_cast<uint64_t>(file.malformed));
    CHECK(eventually([&] { return supervisor.statuses().at(0).acked == lines; }));
    // The raw bodies stored are the bytes that came, short ones included.
    store::Database db(options.dbPath);
    CHECK(db.sql()
              .execAndGet("SELECT count(*) FROM events JOIN event_raw USING (id) WHERE topic GLOB "
                          "'org.example.short.*' AND body = '{\"n\":' || substr(topic, 19) || '}'")
              .getInt() == 30);
    supervisor.stop();
    pipeline.stop();
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
    CHECK_THAT(text,
               Catch::Contains(
                   "switchboard_messages_received_total{connection=\"fedora \\\"prod\\\"\"} 12"));
    CHECK_THAT(text,
               Catch::Contains(
                   "switchboard_messages_stored_total{connection=\"fedora \\\"prod\\\"\"} 10"));
    CHECK_THAT(text,
               Catch::Contains(
                   "switchboard_messages_duplicates_total{connection=\"fedora \\\"prod\\\"\"} 1"));
    CHECK_THAT(text,
               Catch::Contains(
                   "switchboard_messages_quarantined_total{connection=\"fedora \\\"prod\\\"\"} 1"));
    CHECK_THAT(text, Catch::Contains("state=\"backoff\"} 1"));
    CHECK_THAT(text, Catch::Contains("state=\"up\"} 0"));
    CHECK_THAT(text,
               Catch::Contains(
                   "switchboard_last_message_age_seconds{connection=\"fedora \\\"prod\\\"\"} 3"));
    CHECK_THAT(text, Catch::Contains("switchboard_handoff_queued 3"));
    // A source that cannot tell its backlog (-1) has no sample; one that can, has.
    CHECK_THAT(text, !Catch::Contains("switchboard_broker_backlog_messages{"));
    s.status.backlog = 1200;
    CHECK_THAT(engine::renderPrometheus({s}, 4000, 3),
               Catch::Contains(
                   "switchboard_broker_backlog_messages{connection=\"fedora \\\"prod\\\"\"} 1200"));
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
    CHECK(engine::parseLoopbackAddress("127.0.0.1:9100") ==
          std::make_pair(std::string("127.0.0.1"), 9100));
    CHECK(engine::parseLoopbackAddress("localhost:0").first == "127.0.0.1");
    // A name that starts like a loopback address resolves to wherever its owner points it.
    CHECK_THROWS_WITH(engine::parseLoopbackAddress("127.example.com:9100"),
                      Catch::Contains("loopback"));
    CHECK_THROWS(engine::parseLoopbackAddress("127.0.0.1.nip.io:9100"));
    CHECK(engine::parseLoopbackAddress("127.0.0.2:9100").first == "127.0.0.2");
}

TEST_CASE("a field pointer added while the pipeline runs applies from its next batch",
          "[pipeline]") {
    test::TempDir dir;
    const std::string path = dir.path("errata.jsonl");
    {
        std::ofstream out(path);
        for (int i = 0; i < 40; ++i)
            out << R"({"topic": "/topic/VirtualTopic.eng.errata.activity.status", "msg_id": "e-)"
                << i << R"(", "headers": {"errata_id": ")" << 148000 + i << R"("}, "msg": ""})"
                << "\n";
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

namespace {

// A bus the test writes to: what it pushes is delivered at the next poll, and acks are recorded.
struct ScriptedBus {
    std::mutex mutex;
    std::deque<bus::Delivery> pending;
    uint64_t nextTag = 1;
    uint64_t acked = 0;

    // A message id given again is a redelivery of that message; "" is a message without one.
    void push(std::string topic, nlohmann::json headers, std::string body,
              std::optional<std::string> msgId = std::nullopt) {
        std::lock_guard<std::mutex> lock(mutex);
        bus::Delivery d;
        d.connection = "umb";
        d.topic = std::move(topic);
        d.headers = std::move(headers);
        d.body = std::move(body);
        d.msgId = msgId ? std::move(*msgId) : "ID:umb-" + std::to_string(nextTag);
        d.ackTag = nextTag++;
        pending.push_back(std::move(d));
    }
};

class ScriptedSource : public bus::Source {
public:
    explicit ScriptedSource(std::shared_ptr<ScriptedBus> bus) : m_bus(std::move(bus)) {}
    void open() override {}
    void poll(std::vector<bus::Delivery>& out, size_t max,
              std::chrono::milliseconds timeout) override {
        {
            std::lock_guard<std::mutex> lock(m_bus->mutex);
            while (!m_bus->pending.empty() && max-- > 0) {
                out.push_back(std::move(m_bus->pending.front()));
                m_bus->pending.pop_front();
            }
        }
        if (out.empty()) std::this_thread::sleep_for(std::min(timeout, 5ms));
    }
    void ack(const std::vector<bus::Delivery>& committed) override {
        std::lock_guard<std::mutex> lock(m_bus->mutex);
        m_bus->acked += committed.size();
    }
    void close() noexcept override {}
    std::string describe() const override { return "scripted://umb"; }

private:
    std::shared_ptr<ScriptedBus> m_bus;
};

// A supervisor over one scripted connection and a running pipeline on a database in `dir`.
struct ScriptedPipeline {
    std::shared_ptr<ScriptedBus> bus = std::make_shared<ScriptedBus>();
    bus::Supervisor supervisor;
    std::unique_ptr<engine::IngestPipeline> pipeline;

    explicit ScriptedPipeline(const std::string& dbPath) {
        supervisor.add({"umb", [b = bus] { return std::make_unique<ScriptedSource>(b); }});
        engine::IngestPipelineOptions options;
        options.dbPath = dbPath;
        pipeline = std::make_unique<engine::IngestPipeline>(supervisor, options);
        supervisor.start();
        pipeline->start();
    }
    ~ScriptedPipeline() {
        supervisor.stop();
        pipeline->stop();
    }
    // Pushes one delivery and waits until the pipeline committed it (a batch of its own).
    void deliver(std::string topic, nlohmann::json headers, std::string body,
                 std::optional<std::string> msgId = std::nullopt) {
        const auto t = pipeline->totals();
        const uint64_t before = t.stored + t.duplicates + t.quarantined;
        bus->push(std::move(topic), std::move(headers), std::move(body), std::move(msgId));
        REQUIRE(eventually([&] {
            const auto now = pipeline->totals();
            return now.stored + now.duplicates + now.quarantined == before + 1;
        }));
    }
};

std::string errataBody(int id) {
    return R"({"errata_id": )" + std::to_string(id) +
           R"(, "to": "QE", "from": "NEW_FILES", "synopsis": "Moderate: firefox security update"})";
}

model::FieldPointer errataPointer(const std::string& ptr, model::PointerPart part) {
    model::FieldPointer p;
    p.pointer = ptr;
    p.part = part;
    p.topic_glob = "*.errata.activity.status";
    return p;
}

}  // namespace

TEST_CASE("field pointers added and removed between two batches apply from the next one",
          "[pipeline]") {
    test::TempDir dir;
    const std::string dbPath = dir.path("sb.db");
    const std::string topic = "VirtualTopic.eng.errata.activity.status";
    std::vector<std::string> subjects;
    {
        ScriptedPipeline live(dbPath);
        live.deliver(topic, {{"errata_id", "148030"}}, errataBody(12345));

        store::Database db(dbPath);
        store::FieldPointerStore pointers(db);
        const int64_t headers =
            pointers.add(errataPointer("/errata_id", model::PointerPart::Headers));
        live.deliver(topic, {{"errata_id", "148031"}}, errataBody(12346));

        // A second pointer for the field comes after the first: the first still wins.
        pointers.add(errataPointer("/synopsis", model::PointerPart::Body));
        live.deliver(topic, {{"errata_id", "148032"}}, errataBody(12347));

        pointers.remove(headers);
        live.deliver(topic, {{"errata_id", "148033"}}, errataBody(12348));

        pointers.remove(pointers.list().at(0).id);
        live.deliver(topic, {{"errata_id", "148034"}}, errataBody(12349));
        CHECK(live.pipeline->totals().stored == 5);
    }
    store::Database db(dbPath);
    store::EventQuery all;
    all.limit = 0;
    for (const model::Event& e : store::EventStore(db).query(all)) subjects.push_back(e.subject);
    std::reverse(subjects.begin(), subjects.end());  // oldest first
    CHECK(subjects == std::vector<std::string>{"", "148031", "148032",
                                               "Moderate: firefox security update", ""});
}

// Errata Tool's UMB messages carry their facts as headers and an empty body; a live delivery of
// one is stored (not quarantined as it once was), so a headers pointer reads it.
TEST_CASE("a UMB message with its facts in headers and an empty body is read by a headers pointer",
          "[pipeline]") {
    test::TempDir dir;
    const std::string dbPath = dir.path("sb.db");
    {
        store::Database db(dbPath);
        store::FieldPointerStore(db).add(errataPointer("/errata_id", model::PointerPart::Headers));
    }
    {
        ScriptedPipeline live(dbPath);
        live.deliver("VirtualTopic.eng.errata.activity.status",
                     {{"errata_id", "148030"}, {"to", "QE"}}, "");
        CHECK(live.pipeline->totals().quarantined == 0);
    }
    store::Database db(dbPath);
    const auto events = store::EventStore(db).query({});
    REQUIRE(events.size() == 1);
    CHECK(events[0].subject == "148030");
}

// A publisher decides a live message's headers. One named "replay" once stood for the replay
// source's own parse error: with a number in it the ingest thread threw and the process died,
// again on every redelivery, and with a string a good message was quarantined.
TEST_CASE("a live message whose headers look like a replay error is stored like any other",
          "[pipeline]") {
    test::TempDir dir;
    const std::string dbPath = dir.path("sb.db");
    const std::string topic = "VirtualTopic.eng.errata.activity.status";
    {
        ScriptedPipeline live(dbPath);
        live.deliver(topic, {{"replay", {{"error", 1}, {"line", "x"}}}}, errataBody(1));
        live.deliver(topic, {{"replay", {{"error", "chosen by the publisher"}, {"line", 7}}}},
                     errataBody(2));
        CHECK(live.pipeline->totals().stored == 2);
        CHECK(live.pipeline->totals().quarantined == 0);
    }
    store::Database db(dbPath);
    CHECK(store::EventStore(db).query({}).size() == 2);
}

// The broker redelivers what was committed and not yet acked (a dropped connection, a killed
// serve). A quarantined message used to get a second row each time.
TEST_CASE("a quarantined delivery delivered again is acked and kept once, with its headers",
          "[pipeline]") {
    test::TempDir dir;
    const std::string dbPath = dir.path("sb.db");
    const std::string topic = "VirtualTopic.eng.ci.brew-build.test.complete";
    const nlohmann::json headers = {{"message-id", "ID:umb-7"}, {"priority", "4"}};
    {
        ScriptedPipeline live(dbPath);
        // Each delivery commits in a batch of its own, as a redelivery after the commit does.
        live.deliver(topic, headers, "{\"truncated\": ", "ID:umb-7");
        live.deliver(topic, headers, "{\"truncated\": ", "ID:umb-7");
        // Without an id, the same bytes on the same topic are the same message.
        live.deliver(topic, headers, "not json", "");
        live.deliver(topic, headers, "not json", "");
        live.deliver(topic, headers, "not json");  // a new id: keyed by it, not by the bytes
        const auto totals = live.pipeline->totals();
        CHECK(totals.quarantined == 3);
        CHECK(totals.duplicates == 2);
        CHECK(totals.stored == 0);
        CHECK(live.pipeline->counters().at("umb").duplicates == 2);
        CHECK(eventually([&] {
            std::lock_guard<std::mutex> lock(live.bus->mutex);
            return live.bus->acked == 5;
        }));
    }
    store::Database db(dbPath);
    store::EventStore store(db);
    CHECK(store.quarantineCount() == 3);
    const auto oldest = store.quarantine(0).back();
    CHECK(oldest.msg_id == "ID:umb-7");
    CHECK(nlohmann::json::parse(oldest.headers) == headers);
    CHECK(oldest.keyed);
}
