#include <catch2/catch.hpp>

#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <SQLiteCpp/SQLiteCpp.h>

#include "../package_event.hpp"
#include "../temp_dir.hpp"
#include "store/database.hpp"
#include "store/deferred_indexes.hpp"
#include "store/event_store.hpp"

using namespace switchboard;

namespace {

// name -> CREATE statement of every index on events, as sqlite_master has it.
std::map<std::string, std::string> eventIndexes(const std::string& path) {
    SQLite::Database sql(path, SQLite::OPEN_READONLY);
    SQLite::Statement query(sql,
                            "SELECT name, coalesce(sql, '') FROM sqlite_master "
                            "WHERE type = 'index' AND tbl_name = 'events'");
    std::map<std::string, std::string> indexes;
    while (query.executeStep())
        indexes[query.getColumn(0).getString()] = query.getColumn(1).getString();
    return indexes;
}

int64_t recordedCount(store::Database& db) {
    return db.sql().execAndGet("SELECT count(*) FROM deferred_indexes").getInt64();
}

void storePackages(store::Database& db, int count) {
    store::EventStore events(db);
    events.begin();
    for (int i = 0; i < count; ++i) events.add(sbtest::packageEvent(i, {{"n", i}}));
    events.commit();
}

// The plan SQLite picks for a count by kind: an index search, or a scan of the table.
std::string kindCountPlan(store::Database& db) {
    SQLite::Statement plan(db.sql(),
                           "EXPLAIN QUERY PLAN SELECT count(*) FROM events WHERE kind = 'package'");
    std::string detail;
    while (plan.executeStep()) detail += plan.getColumn(3).getString() + "; ";
    return detail;
}

// What a dead owner leaves: its indexes dropped and recorded under its pid, and no lock held.
void leaveRecords(store::Database& db, int64_t pid) {
    db.sql().exec("INSERT INTO deferred_indexes (name, sql, owner_pid) SELECT name, sql, " +
                  std::to_string(pid) +
                  " FROM sqlite_master WHERE type = 'index' AND tbl_name = 'events' AND "
                  "name <> 'events_dedup'");
    SQLite::Statement names(db.sql(), "SELECT name FROM deferred_indexes");
    std::vector<std::string> dropped;
    while (names.executeStep()) dropped.push_back(names.getColumn(0).getString());
    for (const std::string& name : dropped) db.sql().exec("DROP INDEX " + name);
}

// Opens the database as the next process would, and checks that it built every recorded index.
void expectBuiltByNextOpen(const std::string& path,
                           const std::map<std::string, std::string>& before) {
    store::Database reopened(path);
    CHECK(eventIndexes(path) == before);
    CHECK(recordedCount(reopened) == 0);
}

}  // namespace

TEST_CASE(
    "deferring drops the filter indexes, keeps the unique ones, and builds them as they were") {
    sbtest::TempDir dir;
    const std::string path = (dir.dir / "t.db").string();
    store::Database db(path);
    storePackages(db, 50);
    // A unique index (as a later schema might add) checks rows as they come: it stays.
    db.sql().exec("CREATE UNIQUE INDEX events_unique_test ON events(source, msg_id)");
    const auto before = eventIndexes(path);
    REQUIRE(before.count("events_kind") == 1);
    REQUIRE(before.count("events_subject") == 1);
    {
        store::DeferredIndexes deferred(db);
        CHECK(deferred.names().size() == before.size() - 2);  // all but the unique ones
        const auto during = eventIndexes(path);
        CHECK(during.size() == 2);
        CHECK(during.count("events_dedup") == 1);
        CHECK(during.count("events_unique_test") == 1);
        CHECK(recordedCount(db) == static_cast<int64_t>(deferred.names().size()));
        CHECK(kindCountPlan(db).find("SCAN") != std::string::npos);

        // Rows still come in, duplicates are still found, and filters still answer.
        store::EventStore events(db);
        events.begin();
        events.add(sbtest::packageEvent(50, {{"n", 50}}));
        events.add(sbtest::packageEvent(7, {{"n", 7}}));  // stored already
        const store::InsertCounts counts = events.commit();
        CHECK(counts.stored == 1);
        CHECK(counts.duplicates == 1);
        CHECK(db.sql().execAndGet("SELECT count(*) FROM events WHERE kind = 'package'").getInt() ==
              51);

        deferred.build();
        deferred.build();  // idempotent
    }
    CHECK(eventIndexes(path) == before);
    CHECK(recordedCount(db) == 0);
    CHECK(kindCountPlan(db).find("USING COVERING INDEX events_kind") != std::string::npos);
}

TEST_CASE("deferred indexes are built when their owner ends without building them") {
    sbtest::TempDir dir;
    const std::string path = (dir.dir / "t.db").string();
    {
        store::Database db(path);
        storePackages(db, 20);
    }
    const auto before = eventIndexes(path);
    SECTION("an ingest that fails half way builds them as it unwinds") {
        store::Database db(path);
        try {
            store::DeferredIndexes deferred(db);
            REQUIRE(eventIndexes(path).size() == 1);
            throw std::runtime_error("cannot read the next file");
        } catch (const std::runtime_error&) {
        }
        CHECK(eventIndexes(path) == before);
        CHECK(recordedCount(db) == 0);
    }
    SECTION("a killed ingest's indexes are built by the next open") {
        // No connection is open across the fork: the child has its own.
        const pid_t child = ::fork();
        REQUIRE(child >= 0);
        if (child == 0) {
            // Drops and records the indexes, then dies as a killed process does: no destructor.
            store::Database own(path);
            new store::DeferredIndexes(own);
            ::_exit(0);
        }
        int status = 0;
        REQUIRE(::waitpid(child, &status, 0) == child);
        REQUIRE(WIFEXITED(status));
        REQUIRE(eventIndexes(path).size() == 1);
        expectBuiltByNextOpen(path, before);
    }
    SECTION("records no process holds the lock for are built, whatever pid they name") {
        // What a killed ingest in a container leaves (its pid was 1, and pid 1 always runs), or
        // any pid the system gave out again: records, and no process holding the lock.
        {
            store::Database db(path);
            leaveRecords(db, 1);
        }
        REQUIRE(eventIndexes(path).size() == 1);
        expectBuiltByNextOpen(path, before);
    }
    SECTION("an index already built by another process is only forgotten") {
        {
            store::Database db(path);
            leaveRecords(db, 1);
            db.sql().exec(before.at("events_kind"));
        }
        expectBuiltByNextOpen(path, before);
    }
    SECTION("a new large ingest first builds what a dead owner left") {
        store::Database db(path);
        leaveRecords(db, 1);  // after the open, which would have built them
        store::DeferredIndexes second(db);
        CHECK(second.names().size() == before.size() - 1);
        second.build();
        CHECK(eventIndexes(path) == before);
        CHECK(recordedCount(db) == 0);
    }
}

TEST_CASE("indexes a running ingest deferred are left to it") {
    sbtest::TempDir dir;
    const std::string path = (dir.dir / "t.db").string();
    store::Database db(path);
    store::DeferredIndexes deferred(db);
    REQUIRE_FALSE(deferred.names().empty());

    // Another connection opening the file meanwhile (the console, serve) builds nothing: the
    // owner is alive.
    store::Database other(path);
    CHECK(eventIndexes(path).size() == 1);
    CHECK(store::buildAbandonedIndexes(other) == 0);
    // A second ingest at the same time defers nothing of its own.
    store::DeferredIndexes second(other);
    CHECK(second.names().empty());
    second.build();
    CHECK(eventIndexes(path).size() == 1);

    deferred.build();
    CHECK(eventIndexes(path).size() == deferred.names().size() + 1);
    // Built, the owner has let go: the next large ingest may defer again.
    store::DeferredIndexes third(other);
    CHECK(third.names().size() == deferred.names().size());
}

TEST_CASE(
    "indexes are deferred only for an ingest that brings at least as many rows as are stored") {
    sbtest::TempDir dir;
    store::Database db((dir.dir / "t.db").string());
    const uint64_t perRow = store::kEstimatedLineBytes;
    CHECK_FALSE(store::worthDeferringIndexes(db, (store::kMinDeferredRows - 1) * perRow));
    CHECK(store::worthDeferringIndexes(db, store::kMinDeferredRows * perRow));
    // With a lower minimum, the rows already stored decide.
    storePackages(db, 30);
    CHECK_FALSE(store::worthDeferringIndexes(db, 29 * perRow, 10));
    CHECK(store::worthDeferringIndexes(db, 30 * perRow, 10));
}

TEST_CASE("the lock is the file's, whatever path reaches it, and one holder builds at a time") {
    sbtest::TempDir dir;
    const std::string path = (dir.dir / "t.db").string();
    const std::string link = (dir.dir / "link.db").string();
    {
        store::Database db(path);
        storePackages(db, 20);
    }
    const auto before = eventIndexes(path);
    std::filesystem::create_symlink(path, link);
    SECTION("an ingest through a symbolic link owns the indexes for the real path too") {
        store::Database viaLink(link);
        store::DeferredIndexes deferred(viaLink);
        REQUIRE_FALSE(deferred.names().empty());
        store::Database direct(path);
        CHECK(store::buildAbandonedIndexes(direct) == 0);
        CHECK(eventIndexes(path).size() == 1);
        deferred.build();
        CHECK(eventIndexes(path) == before);
    }
    SECTION("while someone holds the lock, an open builds nothing and an ingest defers nothing") {
        store::Database db(path);
        leaveRecords(db, 1);
        auto holder = std::make_unique<store::IndexLock>(db);  // as a process building them
        REQUIRE(holder->held());
        store::Database other(path);
        CHECK(eventIndexes(path).size() == 1);
        store::DeferredIndexes ingest(other);
        CHECK(ingest.names().empty());
        holder.reset();
        store::Database after(path);
        CHECK(eventIndexes(path) == before);
        CHECK(recordedCount(after) == 0);
    }
}

TEST_CASE("a build leaves the connection's temporary store in memory, as Database set it") {
    sbtest::TempDir dir;
    store::Database db((dir.dir / "t.db").string());
    storePackages(db, 20);
    store::DeferredIndexes deferred(db);
    deferred.build();
    CHECK(db.sql().execAndGet("PRAGMA temp_store").getInt() == 2);  // MEMORY
}
