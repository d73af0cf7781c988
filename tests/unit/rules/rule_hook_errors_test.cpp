#include <catch2/catch.hpp>

#include <SQLiteCpp/Exception.h>

#include "engine/rule_hook.hpp"
#include "store/database.hpp"
#include "store/event_store.hpp"
#include "store/rule_store.hpp"
#include "store/run_store.hpp"
#include "store/suggestion_store.hpp"
#include "test_support.hpp"

using namespace switchboard;

namespace {

const char* const kRules = R"([
  {"name": "auto on compose", "mode": "auto", "when": {"field": "kind", "equals": "compose"},
   "action": {"backend": "dryrun",
              "jobs": [{"job": "build-image", "params": {"C": "${subject}"}}]}},
  {"name": "suggest on compose", "mode": "suggest", "when": {"field": "kind", "equals": "compose"},
   "action": {"backend": "dryrun", "jobs": ["manual-check"]}}])";

}  // namespace

// The hook skips an event whose rules fail for any other reason, but a failing database must
// not be mistaken for one event's problem: the batch is retried, so no event loses its runs.
TEST_CASE("a database error while writing an event's runs still rolls its whole batch back") {
    sbtest::TempDir tmp;
    store::Database db(tmp.file("sb.db"));
    store::RuleStore(db).replaceAll(rules::parseRulesDocument(kRules));
    // The auto run is written first, then the suggestion, which the database refuses.
    db.sql().exec(
        "CREATE TRIGGER refuse BEFORE INSERT ON suggestions "
        "BEGIN SELECT RAISE(ABORT, 'suggestions refused'); END");
    std::vector<model::Event> events = {sbtest::fixtureEvent("job-trigger build_image body")};
    store::EventStore eventStore(db);
    engine::RuleHook hook(db);
    auto runHook = [&hook](const std::vector<model::Event>& stored) { hook.inTransaction(stored); };

    std::vector<store::QuarantineItem> noQuarantine;
    CHECK_THROWS_AS(eventStore.insertBatch(events, noQuarantine, {}, runHook), SQLite::Exception);
    hook.rolledBack();
    store::EventQuery all;
    all.limit = 0;
    CHECK(eventStore.count(all) == 0);
    CHECK(db.sql().execAndGet("SELECT count(*) FROM runs").getInt64() == 0);

    db.sql().exec("DROP TRIGGER refuse");
    events[0].id = 0;
    eventStore.insertBatch(events, noQuarantine, {}, runHook);
    hook.committed();
    REQUIRE(events[0].id != 0);
    CHECK(store::RunStore(db).forEvent(events[0].id).size() == 1);
    CHECK(store::SuggestionStore(db).open(10).size() == 1);
    CHECK(hook.totals().runs == 1);
    CHECK(hook.totals().errors == 0);
}
