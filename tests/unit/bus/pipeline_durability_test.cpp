// The live ingest path acknowledges a batch right after committing it, and the broker then forgets
// those messages: its connection must flush every commit to the disk (synchronous=FULL in WAL
// mode), where NORMAL, enough for a file ingest that can simply run again, leaves the last commits
// in the OS's cache until a checkpoint.
#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <fstream>
#include <thread>

#include <SQLiteCpp/SQLiteCpp.h>

#include "engine/batch_hook.hpp"
#include "engine/bus_service.hpp"
#include "store/database.hpp"
#include "temp_dir.hpp"

using namespace switchboard;
using namespace std::chrono_literals;

namespace {

// Reads the setting of the connection that writes the batches, from inside a batch.
class SyncProbe : public engine::BatchHook {
public:
    SyncProbe(store::Database& db, std::atomic<int>& seen) : m_db(db), m_seen(seen) {}
    void inTransaction(const std::vector<model::Event>&) override {
        m_seen = m_db.sql().execAndGet("PRAGMA synchronous").getInt();
    }

private:
    store::Database& m_db;
    std::atomic<int>& m_seen;
};

}  // namespace

TEST_CASE("the connection that stores live deliveries flushes every commit before the ack") {
    test::TempDir dir;
    const std::string path = dir.path("bus.jsonl");
    std::ofstream(path) << R"({"topic": "t.one", "body": {"a": 1}})" << "\n";
    std::atomic<int> seen{-1};
    engine::BusServiceOptions options;
    options.dbPath = dir.path("sb.db");
    options.makeHook = [&seen](store::Database& db) -> std::unique_ptr<engine::BatchHook> {
        return std::make_unique<SyncProbe>(db, seen);
    };
    model::Connection replay;
    replay.name = "replay";
    replay.url = "file://" + path;
    engine::BusService service(options);
    service.start({replay});
    const auto end = std::chrono::steady_clock::now() + 30s;
    while (seen < 0 && std::chrono::steady_clock::now() < end) std::this_thread::sleep_for(10ms);
    service.stop();
    CHECK(seen == 2);  // FULL; NORMAL is 1

    // Any other connection keeps NORMAL: a file ingest can run again after a power cut.
    store::Database other(options.dbPath);
    CHECK(other.sql().execAndGet("PRAGMA synchronous").getInt() == 1);
}
