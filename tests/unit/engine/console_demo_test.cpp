#include <catch2/catch.hpp>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <variant>

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <nlohmann/json.hpp>

#include "bus/replay_source.hpp"
#include "engine/console_engine.hpp"
#include "engine/rules_preview.hpp"
#include "store/connection_store.hpp"
#include "store/event_store.hpp"
#include "store/list_store.hpp"
#include "store/rule_store.hpp"
#include "store/database.hpp"
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

// How many of the rows `sql` selects (one msg_id each) are replayed ones of `ids`: the replay
// tags each id with its launch ("m-1#launch-1795394055250"); seeded ones end in "#seed".
int64_t countIn(SQLite::Database& db, const char* sql, const std::set<std::string>& ids) {
    SQLite::Statement q(db, sql);
    int64_t n = 0;
    while (q.executeStep()) {
        const std::string id = q.getColumn(0).getString();
        const size_t tag = id.find("#launch-");
        if (tag != std::string::npos) n += ids.count(id.substr(0, tag));
    }
    return n;
}

engine::ConsoleOptions fastDemo(const std::string& dbPath) {
    engine::ConsoleOptions options;
    options.dbPath = dbPath;
    options.demo = true;
    options.assetsDir = std::string(SB_SOURCE_DIR) + "/assets";
    options.demoRate = 400;  // the first minute of the demo in well under a second
    options.wake = [] {};
    return options;
}

// Waits (bounded: 60 s, not a timed assertion) until `sql` counts at least `want`.
int64_t waitForCount(const std::string& dbPath, const std::string& sql, int64_t want) {
    SQLite::Database db(dbPath, SQLite::OPEN_READONLY);
    db.setBusyTimeout(5000);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    int64_t n = count(db, sql.c_str());
    while (n < want && std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        n = count(db, sql.c_str());
    }
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

    // fresh=1 tags every id of that replay with the time it was set up, before the pass; a
    // second replay of the file gets another tag, so its messages are not duplicates.
    auto firstThree = [&](bus::ReplaySource& source) {
        source.open();
        std::vector<bus::Delivery> got;
        for (int i = 0; i < 10 && got.size() < 3; ++i)
            source.poll(got, 3 - got.size(), std::chrono::milliseconds(100));
        return got;
    };
    bus::ReplaySource tagged("demo", "file://" + file.string() + "?loop=1&fresh=1");
    out = firstThree(tagged);
    REQUIRE(out.size() == 3);
    const std::string tag = out[0].msgId.substr(3);  // after "m-1"
    CHECK_THAT(tag, Catch::StartsWith("#launch-"));
    CHECK(out[1].msgId == "line-2" + tag);
    CHECK(out[2].msgId == "m-1" + tag + "#pass2");
    std::this_thread::sleep_for(std::chrono::milliseconds(2));  // a later millisecond
    bus::ReplaySource again("demo", "file://" + file.string() + "?loop=1&fresh=1");
    CHECK(firstThree(again).at(0).msgId != out[0].msgId);
}

// The demo the console starts with `--demo`, without a window: the events it replays in its first
// minute must make rules fire, so the Runs view and the suggestions have something in them early.
TEST_CASE("the demo creates queued runs and suggestions from the events of its first minute") {
    sbtest::TempDir tmp("sb-console-demo-");
    const std::string dbPath = (tmp.dir / "demo.db").string();
    const std::string assets = std::string(SB_SOURCE_DIR) + "/assets";
    const auto ids = firstMinuteIds(assets + "/demo/events.jsonl");
    engine::ConsoleEngine engine(fastDemo(dbPath));
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
    CHECK(count(db, "SELECT count(*) FROM rules WHERE name LIKE 'demo:%'") == 4);
    CHECK(count(db, "SELECT count(*) FROM rules WHERE name LIKE 'cki:%'") == 3);

    // Every demo rule sees the events it is for: none sits behind an example's stop rule.
    store::Database sdb(dbPath);
    const auto rules = store::RuleStore(sdb).all();
    const auto lists = store::ListStore(sdb).all();
    store::EventQuery all;
    all.limit = 0;
    const auto preview = engine::previewRules(
        rules::RuleSet::compile(rules, lists),
        rules::RuleSet::compile(engine::withoutStops(rules), lists), rules.size(),
        store::EventStore(sdb).query(all), store::nowMs());
    for (size_t i = 0; i < rules.size(); ++i) {
        if (rules[i].name.rfind("demo:", 0) != 0) continue;
        INFO(rules[i].name << " stopped by " << preview.stoppedBy[i]);
        CHECK(preview.notReachedPerRule[i] == 0);
    }
}

// A second launch replays the file from its first line again. Without a tag per launch every line
// the first launch replayed was a duplicate, and the console's feed stood still for minutes.
TEST_CASE("a second demo launch replays new events at once, not duplicates of the first") {
    sbtest::TempDir tmp("sb-console-demo-");
    const std::string dbPath = (tmp.dir / "demo.db").string();
    // Rows of the file's first pass (no "#pass"), of any launch.
    const std::string firstPass =
        "SELECT count(*) FROM events WHERE msg_id LIKE '%#launch-%' AND msg_id NOT LIKE '%#pass%'";
    int64_t afterFirst = 0;
    {
        engine::ConsoleEngine engine(fastDemo(dbPath));
        engine.start();
        REQUIRE(waitForCount(dbPath, firstPass, 50) >= 50);
        engine.stop();
        SQLite::Database db(dbPath, SQLite::OPEN_READONLY);
        afterFirst = count(db, firstPass.c_str());
    }
    {
        // The same lines again, under this launch's tag: new rows before any second pass.
        engine::ConsoleEngine engine(fastDemo(dbPath));
        engine.start();
        CHECK(waitForCount(dbPath, firstPass, afterFirst + 50) >= afterFirst + 50);
        engine.stop();
    }
    SQLite::Database db(dbPath, SQLite::OPEN_READONLY);
    CHECK(count(db, "SELECT count(*) FROM connections") == 1);
    CHECK(count(db, "SELECT count(*) FROM audit WHERE what = 'connection.update'") == 0);
}

TEST_CASE("a demo connection from before fresh=1 gets it once, and one pointed elsewhere is kept") {
    const std::string demoFile = std::string(SB_SOURCE_DIR) + "/assets/demo/events.jsonl";
    const std::string replayed = "SELECT count(*) FROM events WHERE msg_id LIKE '%#launch-%'";
    auto demoUrlAfterLaunch = [&](const std::string& before, int64_t wantReplayed) {
        sbtest::TempDir tmp("sb-console-demo-");
        const std::string dbPath = (tmp.dir / "demo.db").string();
        {
            store::Database db(dbPath);
            model::Connection c;
            c.name = "demo";
            c.url = before;
            store::ConnectionStore(db).add(c);
        }
        engine::ConsoleEngine engine(fastDemo(dbPath));
        engine.start();
        // The bus starts after the demo's set-up: its first connection report (up, or down for
        // a missing file) means the set-up is done.
        bool reported = false;
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
        while (!reported && std::chrono::steady_clock::now() < deadline) {
            for (const auto& fact : engine.takeFacts())
                reported = reported || std::holds_alternative<engine::ConnectionsSeen>(fact);
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
        CHECK(reported);
        if (wantReplayed > 0) CHECK(waitForCount(dbPath, replayed, wantReplayed) >= wantReplayed);
        engine.stop();
        store::Database db(dbPath);
        return store::ConnectionStore(db).get("demo")->url;
    };
    const std::string upgraded = demoUrlAfterLaunch("file://" + demoFile + "?rate=4&loop=1", 10);
    CHECK_THAT(upgraded, Catch::EndsWith("&loop=1&fresh=1"));
    // The operator's own replay under the demo's name stays as it is.
    const std::string own = "file://" + demoFile + ".missing?rate=1";
    CHECK(demoUrlAfterLaunch(own, 0) == own);
}
