#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <random>
#include <thread>

#include "engine/read_model.hpp"
#include "engine/read_model_loader.hpp"
#include "store/database.hpp"
#include "store/event_facets.hpp"
#include "store/event_store.hpp"
#include "../temp_dir.hpp"

using namespace switchboard;

namespace {

// Collects the ids of the feed rows the loader posts (history or live: the first row may be
// committed before the loader's thread has read where the history ends).
struct LiveRows {
    std::mutex mutex;
    std::vector<int64_t> ids;
    void take(engine::Fact fact) {
        auto* batch = std::get_if<engine::FeedBatch>(&fact);
        if (!batch) return;
        std::lock_guard<std::mutex> lock(mutex);
        for (const auto& row : batch->rows) ids.push_back(row.id);
    }
    bool has(int64_t id) {
        std::lock_guard<std::mutex> lock(mutex);
        return std::find(ids.begin(), ids.end(), id) != ids.end();
    }
};

int64_t storeOne(store::Database& db, const std::string& msgId) {
    store::EventStore events(db);
    std::vector<model::Event> batch(1);
    batch[0].kind = model::Kind::Module;
    batch[0].topic = "org.fedoraproject.prod.mbs.module.state.change";
    batch[0].source = "test";
    batch[0].msg_id = msgId;
    batch[0].received_at = store::nowMs();
    batch[0].body = {{"name", "nodejs"}};
    events.insertBatch(batch);
    return batch[0].id;
}

// Waits (bounded) for `id` to reach the read model.
bool arrives(LiveRows& rows, int64_t id, std::chrono::seconds limit) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < deadline) {
        if (rows.has(id)) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return rows.has(id);
}

}  // namespace

TEST_CASE("a quiet loader still sees a commit of this process at once when told of it") {
    sbtest::TempDir tmp("sb-loader-");
    const std::string path = (tmp.dir / "sb.db").string();
    store::Database db(path);

    engine::LoaderOptions options;
    options.dbPath = path;
    options.pollMs = 5;               // quiet after 20 polls without a row (about 100 ms)
    options.quietPollMs = 600'000;    // so only eventsCommitted() can bring a row in this test
    LiveRows rows;
    engine::ReadModelLoader loader(options, [&rows](engine::Fact f) { rows.take(std::move(f)); });
    loader.start();

    // A row written while the loader still polls fast arrives by polling.
    const int64_t first = storeOne(db, "first");
    REQUIRE(arrives(rows, first, std::chrono::seconds(20)));

    // Let it fall quiet, then commit and tell it: the row must come long before the quiet poll.
    // Waiting for the quiet mode itself, not a fixed sleep: a starved loader thread (a loaded CI
    // machine) may need longer than any sleep for its 20 fast polls, and would then find the row
    // by polling.
    const auto limit = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (!loader.quiet() && std::chrono::steady_clock::now() < limit)
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    REQUIRE(loader.quiet());
    const int64_t second = storeOne(db, "second");
    CHECK_FALSE(arrives(rows, second, std::chrono::seconds(1)));  // quiet: nobody told it yet
    loader.eventsCommitted();
    CHECK(arrives(rows, second, std::chrono::seconds(20)));
    loader.stop();
}

namespace {

// The subject each row id had in the last replacing FeedBatch the loader posted.
struct ReplacedSubjects {
    std::mutex mutex;
    std::vector<std::string> pool{""};  // the loader's interner: id 0 is ""
    std::map<int64_t, std::string> subjects;
    std::vector<int64_t> held;  // every row posted
    void take(engine::Fact fact) {
        auto* batch = std::get_if<engine::FeedBatch>(&fact);
        if (!batch) return;
        std::lock_guard<std::mutex> lock(mutex);
        pool.insert(pool.end(), batch->fresh.begin(), batch->fresh.end());
        for (const auto& row : batch->rows) held.push_back(row.id);
        if (!batch->replace) return;
        for (const auto& row : batch->rows) subjects[row.id] = pool.at(row.get(engine::FeedField::Subject));
    }
    bool holds(int64_t id) {
        std::lock_guard<std::mutex> lock(mutex);
        return std::find(held.begin(), held.end(), id) != held.end();
    }
    std::string of(int64_t id) {
        std::lock_guard<std::mutex> lock(mutex);
        const auto it = subjects.find(id);
        return it == subjects.end() ? "?" : it->second;
    }
};

}  // namespace

TEST_CASE("a loader reloads the rows whose facets another process rewrote") {
    sbtest::TempDir tmp("sb-loader-");
    const std::string path = (tmp.dir / "sb.db").string();
    store::Database db(path);
    const int64_t id = storeOne(db, "first");

    engine::LoaderOptions options;
    options.dbPath = path;
    options.pollMs = 5;
    options.quietPollMs = 50;
    ReplacedSubjects replaced;
    engine::ReadModelLoader loader(options, [&](engine::Fact f) { replaced.take(std::move(f)); });
    loader.start();

    // The row is held first (a rewrite before the loader read it would come with the history).
    const auto held = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (!replaced.holds(id) && std::chrono::steady_clock::now() < held)
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    REQUIRE(replaced.holds(id));

    // What `switchboard pointers apply` in a shell does: its own connection, nobody tells the
    // loader.
    store::Database shell(path);
    model::Event changed = *store::EventStore(shell).get(id);
    changed.subject = "nodejs:20:1:c";
    REQUIRE(store::updateFacets(shell, {changed}) == 1);

    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (replaced.of(id) != "nodejs:20:1:c" && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    CHECK(replaced.of(id) == "nodejs:20:1:c");
    loader.stop();
}

TEST_CASE("a quarantine row shows where it came from in the subject's place") {
    sbtest::TempDir tmp("sb-loader-");
    const std::string path = (tmp.dir / "sb.db").string();
    {
        store::Database db(path);
        std::vector<store::QuarantineItem> items(3);
        items[0].source = "/data/day.jsonl";
        items[0].line = 12;
        items[1].source = "umb";
        items[1].topic = "VirtualTopic.eng.ci.brew-build.test.complete";
        items[2].source = "fedora";  // a bus delivery with no topic either
        for (auto& item : items) item.reason = "invalid JSON", item.raw = "{";
        std::vector<model::Event> none;
        REQUIRE(store::EventStore(db).insertBatch(none, items).quarantined == 3);
    }
    std::mutex mutex;
    std::vector<std::string> pool{""};  // the loader's interner: id 0 is ""
    std::map<int64_t, std::string> subjects;
    engine::LoaderOptions options;
    options.dbPath = path;
    options.pollMs = 5;
    engine::ReadModelLoader loader(options, [&](engine::Fact fact) {
        auto* batch = std::get_if<engine::FeedBatch>(&fact);
        if (!batch) return;
        std::lock_guard<std::mutex> lock(mutex);
        pool.insert(pool.end(), batch->fresh.begin(), batch->fresh.end());
        for (const auto& row : batch->rows)
            if (row.quarantined) subjects[row.id] = pool.at(row.get(engine::FeedField::Subject));
    });
    loader.start();
    const auto limit = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    auto count = [&] {
        std::lock_guard<std::mutex> lock(mutex);
        return subjects.size();
    };
    while (count() < 3 && std::chrono::steady_clock::now() < limit)
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    loader.stop();
    REQUIRE(subjects.size() == 3);
    CHECK(subjects[1] == "/data/day.jsonl:12");
    CHECK(subjects[2] == "VirtualTopic.eng.ci.brew-build.test.complete");
    CHECK(subjects[3] == "fedora");
}

namespace {

// A read model fed by a loader, as the console's UI thread feeds it: facts queue up on the
// loader's thread and are applied on the test's.
struct FedModel {
    std::mutex mutex;
    std::vector<engine::Fact> pending;
    engine::ReadModel model;
    engine::StoreStats stats;  // the last figures posted
    void take(engine::Fact fact) {
        std::lock_guard<std::mutex> lock(mutex);
        pending.push_back(std::move(fact));
    }
    // Applies what arrived until `done` holds, at most 20 s.
    bool applyUntil(const std::function<bool()>& done) {
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
        while (std::chrono::steady_clock::now() < deadline) {
            std::vector<engine::Fact> facts;
            {
                std::lock_guard<std::mutex> lock(mutex);
                facts.swap(pending);
            }
            for (engine::Fact& f : facts) {
                if (auto* batch = std::get_if<engine::FeedBatch>(&f)) model.apply(std::move(*batch));
                if (auto* loaded = std::get_if<engine::StatsLoaded>(&f)) stats = loaded->stats;
            }
            if (done()) return true;
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        }
        return done();
    }
    // A loader on the database at `path`, holding at most `rowLimit` rows as the model does,
    // polling every 5 ms and feeding this model; started.
    std::unique_ptr<engine::ReadModelLoader> startLoader(const std::string& path, size_t rowLimit) {
        engine::LoaderOptions options;
        options.dbPath = path;
        options.historyLimit = rowLimit;
        options.pollMs = 5;
        model.setRowLimit(options.historyLimit);
        auto loader = std::make_unique<engine::ReadModelLoader>(
            options, [this](engine::Fact f) { take(std::move(f)); });
        loader->start();
        return loader;
    }
    std::string subjectOf(size_t live) const {
        return std::string(model.text(model.liveRow(live).get(engine::FeedField::Subject)));
    }
};

void storeSubjects(store::Database& db, const std::string& stem, int count) {
    std::vector<model::Event> batch(static_cast<size_t>(count));
    for (int i = 0; i < count; ++i) {
        model::Event& e = batch[static_cast<size_t>(i)];
        e.kind = model::Kind::Package;
        e.topic = "org.fedoraproject.prod.buildsys.build.state.change";
        e.source = "test";
        e.msg_id = stem + std::to_string(i);
        e.subject = stem + std::to_string(i);
        e.received_at = store::nowMs();
    }
    store::EventStore(db).insertBatch(batch);
}

}  // namespace

// A console left open on a busy bus gained rows and texts without end: past its row limit it
// now reads the newest rows again into a fresh pool.
TEST_CASE("past its row limit the feed is read again: the oldest rows and their texts go") {
    sbtest::TempDir tmp("sb-loader-");
    const std::string path = (tmp.dir / "sb.db").string();
    store::Database db(path);
    storeSubjects(db, "old-", 20);

    FedModel fed;
    // The first chunk (20,000 rows) must not load past the limit either.
    const auto loader = fed.startLoader(path, 10);
    REQUIRE(fed.applyUntil([&] { return fed.model.historyDone() && fed.model.rowCount() == 10; }));
    CHECK_FALSE(fed.model.needsCompaction());

    // Live rows past the limit by more than the slack (at least 1,000 rows).
    storeSubjects(db, "new-", 1005);
    REQUIRE(fed.applyUntil([&] { return fed.model.rowCount() == 1015; }));
    REQUIRE(fed.model.needsCompaction());
    const size_t textsBefore = fed.model.pool().size();
    const uint64_t revisionBefore = fed.model.rowsRevision();
    loader->compact();
    fed.model.compactionAsked();
    CHECK_FALSE(fed.model.needsCompaction());  // asked once
    REQUIRE(fed.applyUntil([&] { return fed.model.rowCount() == 10; }));
    CHECK(fed.model.rowsRevision() != revisionBefore);
    CHECK(fed.model.liveSize() == 0);
    CHECK(fed.model.text(fed.model.historyRow(0).get(engine::FeedField::Subject)) == "new-1004");
    CHECK(fed.model.text(fed.model.historyRow(9).get(engine::FeedField::Subject)) == "new-995");
    CHECK(fed.model.pool().size() < textsBefore / 10);

    // The loader's ids after the reset name the same texts as the model's.
    storeSubjects(db, "after-", 1);
    REQUIRE(fed.applyUntil([&] { return fed.model.liveSize() == 1; }));
    CHECK(fed.subjectOf(0) == "after-0");
    CHECK_FALSE(fed.model.needsCompaction());
    loader->stop();
}

namespace {

void storeQuarantined(store::Database& db, int count) {
    std::vector<store::QuarantineItem> items(static_cast<size_t>(count));
    for (auto& item : items) item.source = "test", item.reason = "invalid JSON", item.raw = "{";
    std::vector<model::Event> none;
    store::EventStore(db).insertBatch(none, items);
}

float quarantineArrivals(const engine::ReadModel& model) {
    float sum = 0;
    for (float n : model.rate(5)) sum += n;
    return sum;
}

}  // namespace

// The feed reads the newest quarantine rows again at the start and after a compaction, to show
// them; they arrived before, so neither the rate chart nor the quarantined figure counts them.
TEST_CASE("quarantine rows read again at the start or after a compaction are not counted again") {
    sbtest::TempDir tmp("sb-loader-");
    const std::string path = (tmp.dir / "sb.db").string();
    store::Database db(path);
    storeSubjects(db, "old-", 20);
    storeQuarantined(db, 3);

    FedModel fed;
    const auto loader = fed.startLoader(path, 10);
    REQUIRE(fed.applyUntil([&] { return fed.model.historyDone() && fed.model.liveSize() == 3; }));
    CHECK(quarantineArrivals(fed.model) == 0);  // shown, but they came before the console

    storeQuarantined(db, 2);
    REQUIRE(fed.applyUntil([&] { return fed.model.liveSize() == 5; }));
    CHECK(quarantineArrivals(fed.model) == 2);

    storeSubjects(db, "new-", 1005);
    REQUIRE(fed.applyUntil([&] { return fed.model.needsCompaction(); }));
    loader->compact();
    fed.model.compactionAsked();
    // After the reset the 5 quarantine rows come back into the live feed, and only they.
    REQUIRE(fed.applyUntil([&] { return fed.model.historyDone() && fed.model.liveSize() == 5; }));
    CHECK(quarantineArrivals(fed.model) == 2);
    REQUIRE(fed.applyUntil([&] { return fed.stats.events == 1025; }));
    CHECK(fed.stats.quarantined == 5);  // was 7: the two that came live were counted again
    loader->stop();
}
