// Every store edit waits for another connection's write to the same file instead of failing:
// the console writes one file from several connections (bus, dispatcher, commands, re-read), and
// a transaction that reads before it writes fails at once with "database is locked" when it
// asks for the write lock late (CI saw that for a field pointer added while the dispatcher wrote).
#include <sqlite3.h>
#include <catch2/catch.hpp>

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

#include "../temp_dir.hpp"
#include "store/backend_store.hpp"
#include "store/connection_store.hpp"
#include "store/database.hpp"
#include "store/field_pointer_store.hpp"
#include "store/list_store.hpp"
#include "store/rule_store.hpp"

using namespace switchboard;

namespace {

// Holds the write lock on `path` from another connection for a moment while `edit` runs on `db`.
void whileAnotherConnectionWrites(store::Database& db, const std::function<void()>& edit) {
    std::mutex mutex;
    std::condition_variable cv;
    bool locked = false;
    std::thread writer([&] {
        store::Database other(db.path());
        SQLite::Transaction tx = other.beginWrite();
        other.sql().exec("INSERT INTO scratch VALUES (1)");
        {
            std::lock_guard<std::mutex> lock(mutex);
            locked = true;
        }
        cv.notify_all();
        std::this_thread::sleep_for(std::chrono::milliseconds(300));
        tx.commit();
    });
    {
        std::unique_lock<std::mutex> lock(mutex);
        cv.wait(lock, [&] { return locked; });
    }
    try {
        edit();
    } catch (...) {
        writer.join();
        throw;
    }
    writer.join();
}

}  // namespace

TEST_CASE("a store edit waits for another connection's write instead of failing", "[store]") {
    sbtest::TempDir tmp("sb-concurrent-");
    store::Database db((tmp.dir / "sb.db").string());
    db.sql().exec("CREATE TABLE scratch (x INTEGER)");

    SECTION("adding a field pointer") {
        model::FieldPointer p;
        p.pointer = "/errata_id";
        p.part = model::PointerPart::Headers;
        p.topic_glob = "*.errata.activity.status";
        whileAnotherConnectionWrites(db, [&] { CHECK(store::FieldPointerStore(db).add(p) > 0); });
        CHECK(store::FieldPointerStore(db).list().size() == 1);
    }
    SECTION("saving a trigger list") {
        model::TriggerList list;
        list.name = "nightly";
        list.entries.resize(1);
        list.entries[0].job_name = "periodic-ci-a";
        whileAnotherConnectionWrites(db, [&] { store::ListStore(db).saveList(list); });
        CHECK(store::ListStore(db).get("nightly")->entries.size() == 1);
    }
    SECTION("replacing the rules") {
        model::Rule rule;
        rule.name = "composes";
        whileAnotherConnectionWrites(db, [&] { store::RuleStore(db).replaceAll({rule}); });
        CHECK(store::RuleStore(db).all().size() == 1);
    }
    SECTION("adding a connection") {
        model::Connection c;
        c.name = "fedora";
        c.url = "amqp://127.0.0.1:5672/%2F";
        whileAnotherConnectionWrites(db, [&] { store::ConnectionStore(db).add(c); });
        CHECK(store::ConnectionStore(db).get("fedora").has_value());
    }
    SECTION("adding a backend") {
        model::Backend b;
        b.name = "dry";
        whileAnotherConnectionWrites(db, [&] { store::BackendStore(db).add(b); });
        CHECK(store::BackendStore(db).get("dry").has_value());
    }
    CHECK(db.sql().execAndGet("SELECT count(*) FROM scratch").getInt() == 1);
}

TEST_CASE("two connections opening a new file migrate it once", "[store]") {
    // A race: tried on a few fresh files, so that both meet a version 0 at least once.
    sbtest::TempDir tmp("sb-concurrent-");
    for (int i = 0; i < 10; ++i) {
        const std::string path = (tmp.dir / ("sb" + std::to_string(i) + ".db")).string();
        std::string otherError;
        std::thread other([&] {
            try {
                store::Database db(path);
            } catch (const std::exception& e) {
                otherError = e.what();
            }
        });
        std::string error;
        int version = 0;
        try {
            store::Database db(path);
            version = db.schemaVersion();
        } catch (const std::exception& e) {
            error = e.what();
        }
        other.join();
        CHECK(error == "");  // compared with "" so that a failure prints the message
        CHECK(otherError == "");
        CHECK(version > 0);
    }
}

TEST_CASE("a connection opened without SQLite's mutex has none, and one opened by default has",
          "[store]") {
    sbtest::TempDir tmp("sb-guard-");
    const std::string path = (tmp.dir / "sb.db").string();
    store::Database guarded(path);
    CHECK(sqlite3_db_mutex(guarded.sql().getHandle()) != nullptr);
    store::Database unguarded(path, store::Guard::NoMutex);
    CHECK(sqlite3_db_mutex(unguarded.sql().getHandle()) == nullptr);
    // It is a whole store all the same: migrated, and writable.
    CHECK(unguarded.schemaVersion() == guarded.schemaVersion());
    unguarded.sql().exec("INSERT INTO topics (name) VALUES ('t')");
    CHECK(guarded.sql().execAndGet("SELECT count(*) FROM topics").getInt() == 1);
}
