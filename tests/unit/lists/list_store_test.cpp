#include <catch2/catch.hpp>

#include <filesystem>
#include <random>

#include "model/event.hpp"
#include "model/trigger_list.hpp"
#include "store/audit_log.hpp"
#include "store/database.hpp"
#include "store/list_store.hpp"

using namespace switchboard;

namespace {
struct TempDb {
    std::filesystem::path dir;
    TempDb() {
        dir = std::filesystem::temp_directory_path() /
              ("sb-lists-" + std::to_string(std::random_device{}()));
        std::filesystem::create_directories(dir);
    }
    ~TempDb() { std::filesystem::remove_all(dir); }
    std::string path() const { return (dir / "sb.db").string(); }
};
}  // namespace

TEST_CASE("an imported list reads back JSON-equal from the store, with an audit row") {
    TempDb tmp;
    store::Database db(tmp.path());
    store::ListStore lists(db);
    const std::string text =
        R"([{"job_name": "a", "active": true, "cron": "weekly"}, {"active": false, "job_name": "b"}])";
    model::TriggerList list;
    list.name = "weekly";
    list.backend = "gangway";
    list.entries = model::parseGangwayList(text);
    lists.importList(list);

    const auto stored = lists.get("weekly");
    REQUIRE(stored);
    CHECK(stored->backend == "gangway");
    CHECK(nlohmann::json::parse(model::toGangwayJson(stored->entries).dump()) == nlohmann::json::parse(text));
    CHECK(model::toGangwayJson(stored->entries).dump() == model::toGangwayJson(list.entries).dump());

    const auto audit = store::AuditLog(db).list(10);
    REQUIRE(audit.size() == 1);
    CHECK(audit[0].what == "list.import");
    CHECK(audit[0].target == "weekly");
    CHECK(audit[0].before.is_null());
    CHECK(audit[0].after["entries"].size() == 2);
}

TEST_CASE("a bad entry writes nothing of the import") {
    TempDb tmp;
    store::Database db(tmp.path());
    store::ListStore lists(db);
    model::TriggerList list;
    list.name = "broken";
    list.entries.resize(2);
    list.entries[0].job_name = "fine";
    list.entries[1].job_name = "bad-window";
    list.entries[1].active_after = "2026-12-08";
    list.entries[1].active_until = "2026-12-01";
    CHECK_THROWS_WITH(lists.importList(list), Catch::Contains("bad-window"));
    CHECK_FALSE(lists.get("broken"));
    CHECK(store::AuditLog(db).list(10).empty());
}

TEST_CASE("setting an entry creates it when missing and audits before and after") {
    TempDb tmp;
    store::Database db(tmp.path());
    store::ListStore lists(db);
    store::EntryChange change;
    change.active = false;
    auto entry = lists.setEntry("nightly", "job-x", change);
    CHECK(entry.job_name == "job-x");
    CHECK_FALSE(entry.active);

    change = {};
    change.active = true;
    change.active_after = "2026-12-01";
    change.active_until = "2026-12-08T00:00:00Z";
    entry = lists.setEntry("nightly", "job-x", change);
    CHECK(entry.active);
    CHECK(model::entryState(entry, *model::parseIso8601("2026-12-02")) == model::EntryState::Active);

    change = {};
    change.active_until = "not a date";
    CHECK_THROWS_WITH(lists.setEntry("nightly", "job-x", change), Catch::Contains("job-x"));
    CHECK(lists.get("nightly")->entries[0].active_until == "2026-12-08T00:00:00Z");

    const auto audit = store::AuditLog(db).list(10);
    REQUIRE(audit.size() == 2);
    CHECK(audit[0].what == "entry.set");
    CHECK(audit[0].target == "nightly/job-x");
    CHECK(audit[0].before["active"] == false);
    CHECK(audit[0].after["active_after"] == "2026-12-01");
    CHECK(audit[1].before.is_null());
}

TEST_CASE("removing entries and lists is audited") {
    TempDb tmp;
    store::Database db(tmp.path());
    store::ListStore lists(db);
    lists.setEntry("l", "a", {});
    lists.setEntry("l", "b", {});
    CHECK(lists.removeEntry("l", "a"));
    CHECK_FALSE(lists.removeEntry("l", "zzz"));
    CHECK(lists.get("l")->entries.size() == 1);
    CHECK(lists.removeList("l"));
    CHECK(lists.names().empty());
    const auto audit = store::AuditLog(db).list(0);
    REQUIRE(audit.size() == 4);
    CHECK(audit[0].what == "list.remove");
    CHECK(audit[1].what == "entry.remove");
}
