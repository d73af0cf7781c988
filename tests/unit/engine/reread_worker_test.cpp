// engine::RereadWorker: the console's re-read on its own thread, on real SQLite files.
#include <catch2/catch.hpp>

#include <chrono>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "../temp_dir.hpp"
#include "engine/reread_worker.hpp"
#include "ingest/message.hpp"
#include "ingest/normalize.hpp"
#include "store/database.hpp"
#include "store/event_store.hpp"
#include "store/field_pointer_store.hpp"

using namespace switchboard;

namespace {

// `count` Errata Tool messages as UMB carries them: facts in headers, an empty body.
void storeErrata(store::Database& db, int count) {
    std::vector<model::Event> batch;
    for (int i = 0; i < count; ++i) {
        ingest::Message m;
        m.topic = "/topic/VirtualTopic.eng.errata.activity.status";
        m.headers = {{"errata_id", std::to_string(148000 + i)}, {"to", "QE"}};
        m.body = "";
        m.msg_id = "ID:errata-" + std::to_string(i);
        batch.push_back(ingest::normalize(std::move(m)));
    }
    store::EventStore(db).insertBatch(batch);
}

model::FieldPointer headersPointer(const std::string& pointer, model::PointerField field) {
    model::FieldPointer p;
    p.pointer = pointer;
    p.field = field;
    p.part = model::PointerPart::Headers;
    p.topic_glob = "*.errata.*";
    return p;
}

struct Reports {
    std::mutex mutex;
    std::vector<std::pair<bool, std::string>> done;
    size_t size() {
        std::lock_guard<std::mutex> lock(mutex);
        return done.size();
    }
    std::pair<bool, std::string> last() {
        std::lock_guard<std::mutex> lock(mutex);
        return done.back();
    }
};

bool eventually(const std::function<bool()>& holds) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (!holds() && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    return holds();
}

}  // namespace

TEST_CASE("a re-read requested while one runs starts over with the newest pointers") {
    sbtest::TempDir tmp("sb-reread-worker-");
    const std::string path = (tmp.dir / "sb.db").string();
    store::Database db(path);
    storeErrata(db, 20000);
    store::FieldPointerStore pointers(db);

    Reports reports;
    std::mutex idsMutex;
    size_t reloaded = 0;
    engine::RereadWorker worker(
        path,
        [&](const std::vector<int64_t>& ids) {
            std::lock_guard<std::mutex> lock(idsMutex);
            reloaded += ids.size();
        },
        [&](bool ok, const std::string& message) {
            std::lock_guard<std::mutex> lock(reports.mutex);
            reports.done.emplace_back(ok, message);
        });

    // The first pointer's re-read is under way (20,000 events: ten chunks) when the operator
    // replaces it; the worker must end on the second one's facets, whichever chunk it was at.
    const int64_t first = pointers.add(headersPointer("/errata_id", model::PointerField::Subject));
    worker.request();
    pointers.remove(first);
    pointers.add(headersPointer("/to", model::PointerField::Subject));
    worker.request();

    REQUIRE(eventually([&] { return reports.size() >= 1 && !worker.busy(); }));
    // A re-read cancelled by the newer request says nothing; the one that finished reports.
    CHECK(reports.last() ==
          std::make_pair(true, std::string("re-read 20000 stored other events, 20000 changed")));
    worker.stop();

    store::EventQuery all;
    all.limit = 0;
    all.withRaw = false;
    const auto events = store::EventStore(db).query(all);
    REQUIRE(events.size() == 20000);
    for (const auto& e : events) REQUIRE(e.subject == "QE");
    std::lock_guard<std::mutex> lock(idsMutex);
    CHECK(reloaded >= 20000);  // the feed was told of every row that changed
}

TEST_CASE("a re-read that cannot open the database reports why, and a later one can run") {
    sbtest::TempDir tmp("sb-reread-worker-");
    // A directory where the database file should be: SQLite cannot open it.
    const std::filesystem::path path = tmp.dir / "sb.db";
    std::filesystem::create_directories(path);
    Reports reports;
    engine::RereadWorker worker(path.string(), {}, [&](bool ok, const std::string& message) {
        std::lock_guard<std::mutex> lock(reports.mutex);
        reports.done.emplace_back(ok, message);
    });
    worker.request();
    REQUIRE(eventually([&] { return reports.size() == 1; }));
    CHECK_FALSE(reports.last().first);
    CHECK_THAT(reports.last().second,
               Catch::StartsWith("re-reading the stored events failed: cannot open database"));

    std::filesystem::remove(path);
    { store::Database db(path.string()); }
    worker.request();
    REQUIRE(eventually([&] { return reports.size() == 2; }));
    CHECK(reports.last() ==
          std::make_pair(true, std::string("re-read 0 stored other events, 0 changed")));

    // A request's cause leads its report, and is not carried into the next one.
    worker.request("removed pointer 3");
    REQUIRE(eventually([&] { return reports.size() == 3; }));
    CHECK(reports.last().second == "removed pointer 3; re-read 0 stored other events, 0 changed");
    worker.request();
    REQUIRE(eventually([&] { return reports.size() == 4; }));
    CHECK(reports.last().second == "re-read 0 stored other events, 0 changed");
}

TEST_CASE("a worker stopped before any request, or twice, ends cleanly and ignores requests") {
    sbtest::TempDir tmp("sb-reread-worker-");
    int reports = 0;
    engine::RereadWorker worker((tmp.dir / "sb.db").string(), {},
                                [&](bool, const std::string&) { ++reports; });
    worker.stop();
    worker.stop();
    worker.request();  // after stop: nothing runs
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    CHECK(reports == 0);
    CHECK_FALSE(std::filesystem::exists(tmp.dir / "sb.db"));
}
