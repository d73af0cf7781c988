#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include <SQLiteCpp/Database.h>

#include "../temp_dir.hpp"
#include "store/compact.hpp"
#include "store/database.hpp"
#include "store/event_store.hpp"
#include "store/retention.hpp"

using namespace switchboard;

namespace {

// A database as versions before 16 KiB pages created it: 4 KiB pages, WAL.
void createOldStyle(const std::string& path) {
    SQLite::Database raw(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    raw.exec("PRAGMA page_size=4096");
    raw.exec("PRAGMA journal_mode=WAL");
}

model::Event package(int i) {
    model::Event e;
    e.kind = model::Kind::Package;
    e.subject = "kernel-6.12.0-" + std::to_string(i) + ".el10";
    e.source = "test";
    e.msg_id = "m" + std::to_string(i);
    e.received_at = 1735689600000 + i;
    e.body = {{"padding", std::string(300, 'x')}, {"i", i}};
    return e;
}

void storeEvents(store::Database& db, int n) {
    store::EventStore events(db);
    std::vector<model::Event> batch;
    for (int i = 0; i < n; ++i) batch.push_back(package(i));
    REQUIRE(events.insertBatch(batch).stored == n);
}

}  // namespace

TEST_CASE("compact gives back pruned space and moves an old database to 16 KiB pages",
          "[compact]") {
    sbtest::TempDir dir;
    const std::string path = (dir.dir / "sb.db").string();
    createOldStyle(path);
    {
        store::Database db(path);
        REQUIRE(db.sql().execAndGet("PRAGMA page_size").getInt() == 4096);
        storeEvents(db, 3000);
        store::RetentionPolicy keep500;
        keep500.maxEvents = 500;
        REQUIRE(store::prune(db, keep500, store::nowMs()).events == 2500);
        db.sql().exec("PRAGMA wal_checkpoint(TRUNCATE)");
    }

    const store::CompactResult r = store::compact(path);
    CHECK(r.pageSizeBefore == 4096);
    CHECK(r.pageSizeAfter == 16384);
    INFO("before " << r.bytesBefore << " bytes, after " << r.bytesAfter);
    CHECK(r.bytesAfter < r.bytesBefore / 2);

    store::Database db(path);
    CHECK(db.sql().execAndGet("PRAGMA page_size").getInt() == 16384);
    CHECK(db.sql().execAndGet("PRAGMA journal_mode").getString() == "wal");
    CHECK(db.sql().execAndGet("PRAGMA integrity_check").getString() == "ok");
    CHECK(db.sql().execAndGet("SELECT count(*) FROM events").getInt64() == 500);
    CHECK(db.sql().execAndGet("SELECT count(*) FROM event_raw").getInt64() == 500);
    // The store still works on the rewritten file: a new message is stored, a kept one is
    // recognised as a re-delivery by its unique key.
    store::EventStore events(db);
    std::vector<model::Event> batch = {package(3000), package(2999)};
    const store::InsertCounts counts = events.insertBatch(batch);
    CHECK(counts.stored == 1);
    CHECK(counts.duplicates == 1);
}

TEST_CASE("compact refuses a database another connection holds open", "[compact]") {
    sbtest::TempDir dir;
    const std::string path = (dir.dir / "sb.db").string();
    store::Database other(path);  // as a running serve would
    storeEvents(other, 10);
    CHECK_THROWS_WITH(store::compact(path), Catch::Contains("another process has it open"));
    // Nothing changed for the one holding it.
    CHECK(other.sql().execAndGet("PRAGMA journal_mode").getString() == "wal");
    CHECK(other.sql().execAndGet("SELECT count(*) FROM events").getInt64() == 10);
}

TEST_CASE("compact of a missing database says so and creates nothing", "[compact]") {
    sbtest::TempDir dir;
    const std::string path = (dir.dir / "missing.db").string();
    CHECK_THROWS_WITH(store::compact(path), Catch::Contains("no database at"));
    CHECK_FALSE(std::filesystem::exists(path));
}
