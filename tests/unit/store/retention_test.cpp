#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <SQLiteCpp/Statement.h>

#include "../temp_dir.hpp"
#include "store/database.hpp"
#include "store/event_store.hpp"
#include "store/retention.hpp"

using namespace switchboard;
using store::PruneCounts;
using store::RetentionPolicy;

namespace {

constexpr int64_t kDay = 24 * 3600 * 1000;
constexpr int64_t kNow = 1735689600000;  // 2025-01-01T00:00:00Z

// `n` events whose received_at steps back one hour from `newestAt` as ids go down: the lowest id
// is the oldest, as on a live bus.
void seed(store::Database& db, int n, int64_t newestAt) {
    store::EventStore store(db);
    std::vector<model::Event> events;
    for (int i = 0; i < n; ++i) {
        model::Event e;
        e.kind = model::Kind::Compose;
        e.subject = "RHEL-9.6.0-" + std::to_string(i);
        e.state = "FINISHED";
        e.source = "test";
        e.received_at = newestAt - int64_t(n - 1 - i) * 3600 * 1000;
        e.msg_id = "id-" + std::to_string(e.received_at);  // unique across calls
        e.body = {{"i", i}};
        events.push_back(std::move(e));
    }
    REQUIRE(store.insertBatch(events).stored == n);
}

void quarantine(store::Database& db, int64_t receivedAt) {
    store::EventStore store(db);
    std::vector<model::Event> none;
    store::QuarantineItem item;
    item.received_at = receivedAt;
    item.reason = "invalid JSON";
    item.raw = "{nope";
    std::vector<store::QuarantineItem> items{item};
    REQUIRE(store.insertBatch(none, items).quarantined == 1);
}

// A database file of its own holding `n` seeded events, removed at the end of the test.
struct SeededDb {
    sbtest::TempDir dir;
    store::Database db;
    explicit SeededDb(int n, int64_t newestAt = kNow) : db((dir.dir / "sb.db").string()) {
        seed(db, n, newestAt);
    }
};

int64_t scalar(store::Database& db, const char* query) {
    return db.sql().execAndGet(query).getInt64();
}

}  // namespace

TEST_CASE("pruning by age deletes old events with their raw text and old quarantine rows",
          "[retention]") {
    SeededDb seeded(72);  // one an hour for three days: 24 of them are more than 2 days old
    store::Database& db = seeded.db;
    quarantine(db, kNow - 5 * kDay);
    quarantine(db, kNow - kDay);

    RetentionPolicy policy;
    policy.maxAgeMs = 2 * kDay;
    const PruneCounts before = store::pruneCandidates(db, policy, kNow);
    CHECK(before.events == 23);  // exactly 48 h old is not older than 2 days
    CHECK(before.quarantined == 1);
    CHECK(scalar(db, "SELECT count(*) FROM events") == 72);  // counting deletes nothing

    // Chunks of 5 rows: the loop must go on past the first transaction.
    const PruneCounts done = store::prune(db, policy, kNow, 5);
    CHECK(done.events == 23);
    CHECK(done.quarantined == 1);
    CHECK(scalar(db, "SELECT count(*) FROM events") == 49);
    CHECK(scalar(db, "SELECT min(received_at) FROM events") == kNow - 2 * kDay);
    // The trigger took each event's raw part with it.
    CHECK(scalar(db, "SELECT count(*) FROM event_raw") == 49);
    CHECK(scalar(db, "SELECT count(*) FROM event_raw WHERE id NOT IN (SELECT id FROM events)") ==
          0);
    CHECK(scalar(db, "SELECT count(*) FROM quarantine") == 1);

    // A second pass finds nothing more.
    const PruneCounts again = store::prune(db, policy, kNow, 5);
    CHECK(again.events == 0);
    CHECK(again.quarantined == 0);
}

TEST_CASE("pruning by age keeps the newest event and quarantine row, so no id is reused",
          "[retention]") {
    SeededDb seeded(5, kNow - 10 * kDay);  // every event is ten days old or more
    store::Database& db = seeded.db;
    quarantine(db, kNow - 9 * kDay);
    quarantine(db, kNow - 8 * kDay);
    RetentionPolicy policy;
    policy.maxAgeMs = kDay;
    CHECK(store::pruneCandidates(db, policy, kNow).events == 4);
    CHECK(store::pruneCandidates(db, policy, kNow).quarantined == 1);
    const PruneCounts done = store::prune(db, policy, kNow);
    CHECK(done.events == 4);
    CHECK(done.quarantined == 1);
    CHECK(scalar(db, "SELECT group_concat(id) FROM events") == 5);
    CHECK(scalar(db, "SELECT group_concat(id) FROM quarantine") == 2);
    // The next rows continue the numbering instead of taking a deleted id again.
    seed(db, 1, kNow);
    quarantine(db, kNow);
    CHECK(scalar(db, "SELECT max(id) FROM events") == 6);
    CHECK(scalar(db, "SELECT max(id) FROM quarantine") == 3);
}

TEST_CASE("pruning by count keeps the newest events by id", "[retention]") {
    SeededDb seeded(25);
    store::Database& db = seeded.db;

    RetentionPolicy policy;
    policy.maxEvents = 10;
    CHECK(store::pruneCandidates(db, policy, kNow).events == 15);
    const PruneCounts done = store::prune(db, policy, kNow, 4);
    CHECK(done.events == 15);
    CHECK(scalar(db, "SELECT count(*) FROM events") == 10);
    CHECK(scalar(db, "SELECT min(id) FROM events") == 16);
    CHECK(scalar(db, "SELECT max(id) FROM events") == 25);

    // Under the bound: nothing goes.
    CHECK(store::pruneCandidates(db, policy, kNow).events == 0);
    CHECK(store::prune(db, policy, kNow).events == 0);
    CHECK(scalar(db, "SELECT count(*) FROM events") == 10);
}

TEST_CASE("pruning by age and count counts each event once", "[retention]") {
    SeededDb seeded(48);  // hourly over two days
    store::Database& db = seeded.db;

    RetentionPolicy policy;
    policy.maxEvents = 40;   // the 8 oldest go for the count...
    policy.maxAgeMs = kDay;  // ...and the 23 older than a day, which include those 8
    CHECK(store::pruneCandidates(db, policy, kNow).events == 23);
    CHECK(store::prune(db, policy, kNow, 3).events == 23);
    CHECK(scalar(db, "SELECT count(*) FROM events") == 25);
    CHECK(scalar(db, "SELECT min(received_at) FROM events") == kNow - kDay);
}

TEST_CASE("a cancelled prune deletes nothing, and a chunk of no rows is refused", "[retention]") {
    SeededDb seeded(30);
    store::Database& db = seeded.db;
    RetentionPolicy policy;
    policy.maxEvents = 1;
    std::atomic<bool> cancel{true};
    CHECK(store::prune(db, policy, kNow, 2, &cancel).events == 0);
    CHECK(scalar(db, "SELECT count(*) FROM events") == 30);
    CHECK_THROWS_AS(store::prune(db, policy, kNow, 0), std::invalid_argument);
}

TEST_CASE("the retention task prunes at start, beside a writer on its own connection",
          "[retention]") {
    sbtest::TempDir dir;
    const std::string path = (dir.dir / "sb.db").string();
    store::Database db(path);
    seed(db, 3000, store::nowMs());

    std::mutex mutex;
    std::condition_variable reported;
    std::vector<store::RetentionTask::Pass> passes;
    RetentionPolicy policy;
    policy.maxEvents = 500;
    {
        store::RetentionTask task(path, policy, std::chrono::hours(1),
                                  [&](const store::RetentionTask::Pass& pass) {
                                      std::lock_guard<std::mutex> lock(mutex);
                                      passes.push_back(pass);
                                      reported.notify_all();
                                  });
        // A writer keeps storing while the task deletes: both must get through (busy timeout).
        store::EventStore writer(db);
        for (int i = 0; i < 20; ++i) {
            model::Event e;
            e.kind = model::Kind::Other;
            e.source = "writer";
            e.msg_id = "w-" + std::to_string(i);
            e.received_at = store::nowMs();
            e.body = {{"w", i}};
            std::vector<model::Event> one{e};
            REQUIRE(writer.insertBatch(one).stored == 1);
        }
        std::unique_lock<std::mutex> lock(mutex);
        REQUIRE(reported.wait_for(lock, std::chrono::seconds(30), [&] { return !passes.empty(); }));
        // The totals already hold what the report says.
        CHECK(task.pruned().events == passes[0].counts.events);
        CHECK(task.pruned().quarantined == 0);
        // Destroying the task here (an hour before its next pass) must not wait for that pass.
    }
    REQUIRE(passes.size() == 1);
    CHECK(passes[0].error.empty());
    // The pass deletes what was beyond 500 when it counted, writer rows included in that count.
    CHECK(passes[0].counts.events >= 2500);
    CHECK(passes[0].counts.events <= 2520);
    // The writer's rows have the highest ids, so none of them is taken for an old one.
    CHECK(scalar(db, "SELECT count(*) FROM events WHERE source = 'writer'") == 20);
    CHECK(scalar(db, "SELECT count(*) FROM events") == 3020 - passes[0].counts.events);
}
