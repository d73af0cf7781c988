#include <catch2/catch.hpp>

#include <chrono>
#include <climits>
#include <filesystem>
#include <thread>

#include <SQLiteCpp/Database.h>

#include "../temp_dir.hpp"
#include "store/background_checkpoint.hpp"

using switchboard::store::BackgroundCheckpoint;

namespace {

// A WAL database written through a plain connection (4 KiB pages: SQLite's default).
struct WalFile {
    sbtest::TempDir dir{"sb-checkpoint-"};
    std::string path = (dir.dir / "wal.db").string();
    SQLite::Database db{path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE};
    WalFile() {
        db.exec("PRAGMA journal_mode=WAL");
        db.exec("CREATE TABLE t (x BLOB)");
    }
    // `megabytes` of incompressible rows, one transaction per megabyte.
    void write(int megabytes) {
        for (int i = 0; i < megabytes; ++i) db.exec("INSERT INTO t SELECT randomblob(1048576)");
    }
    uintmax_t databaseBytes() const { return std::filesystem::file_size(path); }
};

// Polls `done` for up to 20 s: a wait for another thread, not a measure of its speed.
template <typename Done>
bool eventually(Done done) {
    for (int i = 0; i < 2000 && !done(); ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    return done();
}

}  // namespace

TEST_CASE("a writer with a background checkpoint does not copy the log into the database itself") {
    WalFile f;
    {
        BackgroundCheckpoint never(f.db.getHandle(), f.path, INT_MAX);
        // 8 MiB is 2,000 pages: SQLite's own checkpoint would have run after 1,000.
        f.write(8);
        CHECK(f.databaseBytes() < 1024 * 1024);
        CHECK(never.checkpointsRun() == 0);
    }
    // Gone, it hands the automatic checkpoint back: the next commit copies the log.
    f.write(1);
    CHECK(f.databaseBytes() > 8 * 1024 * 1024);
}

TEST_CASE(
    "the background thread copies the log into the database once a commit crosses the threshold") {
    WalFile f;
    BackgroundCheckpoint checkpoint(f.db.getHandle(), f.path, 100);
    f.write(4);
    REQUIRE(eventually([&] { return checkpoint.checkpointsRun() >= 1; }));
    CHECK(eventually([&] { return f.databaseBytes() > 3 * 1024 * 1024; }));
    // The writer goes on while checkpoints run, and nothing it wrote is lost.
    f.write(4);
    CHECK(f.db.execAndGet("SELECT count(*) FROM t").getInt() == 8);
}

TEST_CASE("a background checkpoint on a file that cannot be opened is a clear error") {
    WalFile f;
    CHECK_THROWS_WITH(
        BackgroundCheckpoint(f.db.getHandle(), (f.dir.dir / "no" / "such.db").string()),
        Catch::Contains("cannot open") && Catch::Contains("for checkpoints"));
}

TEST_CASE("a writer that never pauses keeps the log within its limit") {
    WalFile f;
    // The thread is never asked (threshold out of reach): only the writer's catch-up at the limit
    // can start the log over. Without it the log holds every frame: 32 MiB here.
    BackgroundCheckpoint checkpoint(f.db.getHandle(), f.path, INT_MAX, 400);
    for (int i = 0; i < 500; ++i) f.db.exec("INSERT INTO t SELECT randomblob(65536)");
    const uintmax_t logBytes = std::filesystem::file_size(f.path + "-wal");
    // 400 frames of 4 KiB pages, plus the transaction that crossed the limit and frame headers.
    CHECK(logBytes < 2 * 1024 * 1024);
    CHECK(checkpoint.catchUpsRun() >= 10);
    CHECK(checkpoint.checkpointsRun() == 0);
    CHECK(f.db.execAndGet("SELECT count(*) FROM t").getInt() == 500);
}

TEST_CASE("with the thread copying too, the log stays near its limit") {
    WalFile f;
    BackgroundCheckpoint checkpoint(f.db.getHandle(), f.path, 100, 400);
    for (int i = 0; i < 500; ++i) f.db.exec("INSERT INTO t SELECT randomblob(65536)");
    // The limit, plus what the writer wrote while the thread finished its last run: far from the
    // 32 MiB of every frame.
    CHECK(std::filesystem::file_size(f.path + "-wal") < 12 * 1024 * 1024);
    CHECK(checkpoint.catchUpsRun() >= 1);
    CHECK(f.db.execAndGet("SELECT count(*) FROM t").getInt() == 500);
}

TEST_CASE("the thread is asked again only after the threshold's worth of new frames") {
    WalFile f;
    f.db.exec("INSERT INTO t VALUES (zeroblob(100))");
    BackgroundCheckpoint checkpoint(f.db.getHandle(), f.path, 100, 1000000);
    // Each commit rewrites the same page: 2,000 commits, about 2,000 frames. Asked after every
    // commit past the threshold, the thread ran hundreds of times, copying that page each time.
    for (int i = 0; i < 2000; ++i) f.db.exec("UPDATE t SET x = randomblob(100)");
    REQUIRE(eventually([&] { return checkpoint.checkpointsRun() >= 1; }));
    CHECK(checkpoint.checkpointsRun() <= 25);
}
