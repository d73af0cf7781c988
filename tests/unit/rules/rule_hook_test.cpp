#include <catch2/catch.hpp>

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
   "action": {"backend": "dryrun", "jobs": [{"job": "build-image", "params": {"C": "${subject}"}}]}},
  {"name": "suggest on compose", "mode": "suggest", "when": {"field": "kind", "equals": "compose"},
   "action": {"backend": "dryrun", "jobs": ["manual-check"]}}])";

std::vector<model::Event> storedEvents(store::Database& db) {
    std::vector<model::Event> events = {sbtest::fixtureEvent("job-trigger build_image body"),
                                        sbtest::fixtureEvent("mbs__state-ready-testmodule-1503")};
    store::EventStore(db).insertBatch(events);
    return events;
}

}  // namespace

TEST_CASE("after a commit, auto matches queue runs and suggest matches become suggestions") {
    sbtest::TempDir tmp;
    store::Database db(tmp.file("sb.db"));
    store::RuleStore(db).replaceAll(rules::parseRulesDocument(kRules));
    auto events = storedEvents(db);
    REQUIRE(events[0].id != 0);

    engine::RuleHook hook(db);
    const auto counts = hook.onCommitted(events);
    CHECK(counts.evaluated == 2);
    CHECK(counts.runs == 1);
    CHECK(counts.suggestions == 1);
    CHECK(counts.errors == 0);

    const auto runs = store::RunStore(db).forEvent(events[0].id);
    REQUIRE(runs.size() == 1);
    CHECK(runs[0].job == "build-image");
    CHECK(runs[0].status == model::RunStatus::Queued);
    CHECK(runs[0].cause == model::RunCause::Rule);
    CHECK(runs[0].rule == "auto on compose");
    CHECK(runs[0].params["C"] == "RHEL-8.4.0-20200926.n.0");

    store::SuggestionStore suggestions(db);
    const auto open = suggestions.open(10);
    REQUIRE(open.size() == 1);
    CHECK(open[0].job == "manual-check");
    const auto runId = suggestions.accept(open[0].id, "tester");
    REQUIRE(runId);
    CHECK(store::RunStore(db).get(*runId)->who == "tester");
    CHECK(suggestions.open(10).empty());
    CHECK_FALSE(suggestions.accept(open[0].id, "tester"));
}

TEST_CASE("the hook sees rule edits made after it started and skips duplicates") {
    sbtest::TempDir tmp;
    store::Database db(tmp.file("sb.db"));
    engine::RuleHook hook(db);
    auto events = storedEvents(db);
    CHECK(hook.onCommitted(events).runs == 0);  // no rules yet

    store::RuleStore(db).replaceAll(rules::parseRulesDocument(kRules));
    events[1].id = 0;  // a duplicate: not stored this time
    const auto counts = hook.onCommitted(events);
    CHECK(counts.evaluated == 1);
    CHECK(counts.runs == 1);

    hook.setEnabled(false);
    CHECK(hook.onCommitted(events).evaluated == 0);
    CHECK(hook.totals().runs == 1);
}

TEST_CASE("a stored rule that no longer compiles is reported, not thrown into ingest") {
    sbtest::TempDir tmp;
    store::Database db(tmp.file("sb.db"));
    db.sql().exec("INSERT INTO rules (position, name, definition, updated_at) VALUES "
                  "(0, 'broken', '{\"action\": {\"jobs\": []}}', 0)");
    db.sql().exec("INSERT INTO audit (at, who, what, target) VALUES (0, 'x', 'rule.create', 'broken')");
    engine::RuleHook hook(db);
    auto events = storedEvents(db);
    const auto counts = hook.onCommitted(events);
    CHECK(counts.errors == 1);
    CHECK_THAT(hook.lastError(), Catch::Contains("broken"));
}

// Runs and suggestions used to be written in a transaction of their own after the events': a
// crash or a failed commit between the two stored an event whose auto rule never fired, and its
// redelivery, a duplicate by then, was not evaluated again.
TEST_CASE("a rule's runs are written in the transaction that stores their event") {
    sbtest::TempDir tmp;
    store::Database db(tmp.file("sb.db"));
    store::RuleStore(db).replaceAll(rules::parseRulesDocument(kRules));
    std::vector<model::Event> events = {sbtest::fixtureEvent("job-trigger build_image body")};
    store::EventStore eventStore(db);
    engine::RuleHook hook(db);

    // The commit fails after the hook wrote its rows: neither the event nor its runs remain.
    auto hookThenFail = [&hook](const std::vector<model::Event>& stored) {
        hook.inTransaction(stored);
        throw std::runtime_error("disk I/O error");
    };
    std::vector<store::QuarantineItem> noQuarantine;
    CHECK_THROWS_WITH(eventStore.insertBatch(events, noQuarantine, {}, hookThenFail),
                      "disk I/O error");
    hook.rolledBack();
    CHECK(events[0].id == 0);
    store::EventQuery all;
    all.limit = 0;
    CHECK(eventStore.count(all) == 0);
    CHECK(store::SuggestionStore(db).open(10).empty());
    CHECK(hook.totals().runs == 0);

    // The retry stores both.
    eventStore.insertBatch(events, noQuarantine, {}, [&hook](const std::vector<model::Event>& stored) {
        hook.inTransaction(stored);
    });
    hook.committed();
    REQUIRE(events[0].id != 0);
    CHECK(store::RunStore(db).forEvent(events[0].id).size() == 1);
    CHECK(store::SuggestionStore(db).open(10).size() == 1);
    CHECK(hook.totals().runs == 1);
    CHECK(hook.totals().suggestions == 1);
}

TEST_CASE("the hook tells its owner when a batch with new events committed, rules or not") {
    sbtest::TempDir tmp;
    store::Database db(tmp.file("sb.db"));
    int woken = 0;
    engine::RuleHook hook(db, [&woken] { ++woken; });
    auto events = storedEvents(db);
    hook.onCommitted(events);  // no rules at all
    CHECK(woken == 1);
    for (model::Event& e : events) e.id = 0;  // all duplicates: nothing new to show
    hook.onCommitted(events);
    CHECK(woken == 1);
}
