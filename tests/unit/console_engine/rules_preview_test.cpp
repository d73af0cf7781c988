// The rules editor's preview (engine::previewRules): per rule, what it matched and what never
// reached it behind an earlier rule that stops evaluation.
#include <catch2/catch.hpp>

#include "engine/rules_preview.hpp"

using namespace switchboard;

namespace {

model::Rule rule(const std::string& name, const std::string& kind, bool stop) {
    model::Rule r;
    r.name = name;
    r.when = {{"field", "kind"}, {"equals", kind}};
    r.action = {{"jobs", {name + "-job"}}, {"backend", "dry-run"}};
    r.mode = model::RuleMode::Suggest;
    r.stop = stop;
    return r;
}

model::Event eventOf(int64_t id, model::Kind kind, const std::string& subject) {
    model::Event e;
    e.id = id;
    e.kind = kind;
    e.subject = subject;
    return e;
}

}  // namespace

TEST_CASE("the preview counts the events a stop rule keeps from the rules after it") {
    const std::vector<model::Rule> draft = {rule("scratch builds", "module", true),
                                            rule("ready modules", "module", false),
                                            rule("composes", "compose", false)};
    const auto set = rules::RuleSet::compile(draft, {});
    const auto unstopped = rules::RuleSet::compile(engine::withoutStops(draft), {});
    const std::vector<model::Event> events = {eventOf(1, model::Kind::Module, "nodejs:24"),
                                              eventOf(2, model::Kind::Module, "perl:5.32"),
                                              eventOf(3, model::Kind::Compose, "RHEL-10.2")};
    const engine::RulesPreviewed p = engine::previewRules(set, unstopped, draft.size(), events, 0);
    CHECK(p.events == 3);
    CHECK(p.matchedPerRule == std::vector<size_t>{2, 0, 1});
    // "composes" never saw the two modules either, but would not have matched them: not counted.
    CHECK(p.notReachedPerRule == std::vector<size_t>{0, 2, 0});
    CHECK(p.stoppedBy == std::vector<std::string>{"", "scratch builds", ""});
    CHECK(p.runs == 3);  // two by the stop rule, one by "composes"
    REQUIRE(p.hits.size() == 3);
    CHECK(p.hits[0].rule == "scratch builds");
    CHECK(p.hits[2].rule == "composes");
}

TEST_CASE("without a stop rule every rule sees every event") {
    const std::vector<model::Rule> draft = {rule("a", "module", false), rule("b", "module", false)};
    const auto set = rules::RuleSet::compile(draft, {});
    const engine::RulesPreviewed p = engine::previewRules(
        set, set, draft.size(), {eventOf(1, model::Kind::Module, "x")}, 0);
    CHECK(p.matchedPerRule == std::vector<size_t>{1, 1});
    CHECK(p.notReachedPerRule == std::vector<size_t>{0, 0});
}
