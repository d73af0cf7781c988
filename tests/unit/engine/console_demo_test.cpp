#include <catch2/catch.hpp>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <random>
#include <set>
#include <string>
#include <thread>

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <nlohmann/json.hpp>

#include "bus/replay_source.hpp"
#include "engine/console_engine.hpp"
#include "../temp_dir.hpp"

using namespace switchboard;

namespace {

int64_t count(SQLite::Database& db, const char* sql) {
    SQLite::Statement q(db, sql);
    return q.executeStep() ? q.getColumn(0).getInt64() : -1;
}

// The ids of the messages the demo replays in its first minute at the console's default rate.
std::set<std::string> firstMinuteIds(const std::string& file) {
    const auto lines = static_cast<size_t>(engine::ConsoleOptions{}.demoRate * 60);
    std::set<std::string> ids;
    std::ifstream in(file);
    std::string line;
    for (size_t n = 0; n < lines && std::getline(in, line); ++n) {
        const auto record = nlohmann::json::parse(line);
        for (const char* key : {"id", "msg_id"})
            if (record.contains(key) && record[key].is_string())
                ids.insert(record[key].get<std::string>());
    }
    ids.erase("");
    return ids;
}

// How many of the rows `sql` selects (one msg_id each) are for one of `ids`.
int64_t countIn(SQLite::Database& db, const char* sql, const std::set<std::string>& ids) {
    SQLite::Statement q(db, sql);
    int64_t n = 0;
    while (q.executeStep()) n += ids.count(q.getColumn(0).getString());
    return n;
}

}  // namespace

TEST_CASE("a looping replay gives every pass after the first fresh message ids") {
    sbtest::TempDir tmp("sb-console-demo-");
    const auto file = tmp.dir / "two.jsonl";
    std::ofstream(file) << R"({"id": "m-1", "topic": "a.b", "headers": {}, "body": {"x": 1}})"
                        << "\n"
                        << R"({"topic": "a.b", "headers": {}, "body": {"x": 2}})"
                        << "\n";
    bus::ReplaySource source("demo", "file://" + file.string() + "?loop=1");
    source.open();
    std::vector<bus::Delivery> out;
    for (int i = 0; i < 10 && out.size() < 6; ++i)
        source.poll(out, 6 - out.size(), std::chrono::milliseconds(100));
    REQUIRE(out.size() == 6);
    CHECK(out[0].msgId == "m-1");
    CHECK(out[1].msgId.empty());  // keyed by its body on the first pass, as any message without id
    CHECK(out[2].msgId == "m-1#pass2");
    CHECK(out[3].msgId == "line-2#pass2");
    CHECK(out[4].msgId == "m-1#pass3");
    CHECK(out[2].body == out[0].body);
    CHECK(source.pass() == 3);
}

// The demo the console starts with `--demo`, without a window: the events it replays in its first
// minute must make rules fire, so the Runs view and the suggestions have something in them early.
TEST_CASE("the demo creates queued runs and suggestions from the events of its first minute") {
    sbtest::TempDir tmp("sb-console-demo-");
    const std::string dbPath = (tmp.dir / "demo.db").string();
    const std::string assets = std::string(SB_SOURCE_DIR) + "/assets";
    const auto ids = firstMinuteIds(assets + "/demo/events.jsonl");
    engine::ConsoleOptions options;
    options.dbPath = dbPath;
    options.demo = true;
    options.assetsDir = assets;
    options.demoRate = 400;  // the first minute of the demo in well under a second
    options.wake = [] {};
    engine::ConsoleEngine engine(options);
    engine.start();

    // Rows the rule hook made from live (replayed, not seeded) events of the first minute.
    const char* const kRuns =
        "SELECT e.msg_id FROM runs r JOIN events e ON e.id = r.event_id WHERE r.rule <> ''";
    const char* const kSuggestions =
        "SELECT e.msg_id FROM suggestions s JOIN events e ON e.id = s.event_id";
    int64_t runs = 0, suggestions = 0;
    {
        SQLite::Database db(dbPath, SQLite::OPEN_READONLY);
        db.setBusyTimeout(5000);
        // Bounded wait, not a timed assertion: under sanitizers on a busy machine this can take a
        // while; with nothing matching it gives up after a minute.
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
        while ((runs == 0 || suggestions == 0) && std::chrono::steady_clock::now() < deadline) {
            std::this_thread::sleep_for(std::chrono::milliseconds(200));
            runs = countIn(db, kRuns, ids);
            suggestions = countIn(db, kSuggestions, ids);
        }
    }
    engine.stop();
    CHECK(runs > 0);
    CHECK(suggestions > 0);

    SQLite::Database db(dbPath, SQLite::OPEN_READONLY);
    // The demo's own rules were imported after the examples.
    CHECK(count(db, "SELECT count(*) FROM rules WHERE name LIKE 'demo:%'") == 4);
    CHECK(count(db, "SELECT count(*) FROM rules WHERE name LIKE 'cki:%'") == 3);
}
