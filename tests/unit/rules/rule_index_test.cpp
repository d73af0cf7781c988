#include <catch2/catch.hpp>

#include <random>

#include "test_support.hpp"

using namespace switchboard;

namespace {

// The runs as comparable text: rule, job, backend and params, in order.
std::vector<std::string> described(const std::vector<rules::PlannedRun>& runs) {
    std::vector<std::string> out;
    for (const auto& r : runs)
        out.push_back(r.rule + " " + r.job + " " + r.backend + " " + r.params.dump());
    return out;
}

const char* const kStates[] = {"COMPLETE", "FAILED", "ready", "wait", "", "42"};
const char* const kComponents[] = {"kernel", "systemd", "ansible", "httpd", ""};
const char* const kArches[] = {"x86_64", "aarch64", "s390x"};

model::Event randomEvent(std::mt19937& rng) {
    model::Event e;
    e.id = static_cast<int64_t>(rng() % 1000 + 1);
    e.kind = static_cast<model::Kind>(rng() % 4);
    e.event = rng() % 2 ? "build.state.change" : "module.state.change";
    e.state = kStates[rng() % 6];
    e.component = kComponents[rng() % 5];
    e.subject = e.component.empty() ? "" : e.component + "-1." + std::to_string(rng() % 3) + ".el9";
    e.product = rng() % 2 ? "RHEL" : "Fedora";
    e.version = std::to_string(8 + rng() % 3) + "." + std::to_string(rng() % 11);
    for (unsigned n = rng() % 3; n > 0; --n) e.arch.push_back(kArches[rng() % 3]);
    e.body = {
        {"name", e.component}, {"build_id", rng() % 4}, {"tags", {kComponents[rng() % 5], "x"}}};
    if (rng() % 3 == 0) e.body["scratch"] = true;
    return e;
}

// A leaf or a small tree over the fields the index keys on and the ones it does not.
nlohmann::json randomCondition(std::mt19937& rng, int depth) {
    switch (rng() % (depth > 1 ? 10 : 13)) {
        case 0:
            return {{"field", "state"}, {"equals", kStates[rng() % 6]}};
        case 1:
            return {{"field", "component"},
                    {"in", {kComponents[rng() % 5], kComponents[rng() % 5]}}};
        case 2:
            return {{"field", "kind"}, {"equals", rng() % 2 ? "package" : "module"}};
        case 3:
            return {{"field", "arch"}, {"equals", kArches[rng() % 3]}};
        case 4:
            return {{"field", "body:/name"}, {"equals", kComponents[rng() % 5]}};
        case 5:
            return {{"field", "body:/tags"}, {"in", {"kernel", "x"}}};
        case 6:
            return {{"field", "body:/build_id"},
                    {"equals", std::to_string(rng() % 4)}};  // a number, as text
        case 7:
            return {{"field", "body:/build_id"}, {"in", {1, 2}}};  // JSON operands
        case 8:
            return {{"field", "version"}, {"version_ge", "9.2"}};
        case 9:
            return {{"field", "subject"}, {"regex", "\\.el9$"}};
        case 10:
            return {{"not", randomCondition(rng, depth + 1)}};
        case 11:
            return {{"any", {randomCondition(rng, depth + 1), randomCondition(rng, depth + 1)}}};
        default: {
            nlohmann::json all = nlohmann::json::array();
            for (unsigned n = rng() % 3 + 1; n > 0; --n)
                all.push_back(randomCondition(rng, depth + 1));
            return {{"all", all}};
        }
    }
}

std::vector<model::Rule> randomRules(std::mt19937& rng, size_t n) {
    std::vector<model::Rule> rules;
    for (size_t i = 0; i < n; ++i) {
        model::Rule r;
        r.name = "r" + std::to_string(i);
        r.enabled = rng() % 8 != 0;
        r.stop = rng() % 6 == 0;
        r.mode = rng() % 2 ? model::RuleMode::Auto : model::RuleMode::Suggest;
        if (rng() % 10 != 0) r.when = randomCondition(rng, 0);
        r.action = {
            {"backend", "dryrun"},
            {"jobs", {{{"job", "job-" + std::to_string(i)}, {"params", {{"S", "${state}"}}}}}}};
        rules.push_back(std::move(r));
    }
    return rules;
}

}  // namespace

TEST_CASE(
    "the indexed fast path plans exactly the runs of a full scan and of explain, on random rules") {
    std::mt19937 rng(20261123);
    for (int round = 0; round < 40; ++round) {
        const auto set = rules::RuleSet::compile(randomRules(rng, 30));
        for (int i = 0; i < 50; ++i) {
            const auto event = randomEvent(rng);
            const auto fast = described(set.evaluate(event, 0));
            INFO("round " << round << " event " << i);
            CHECK(fast == described(set.evaluateAll(event, 0)));
            CHECK(fast == described(set.explain(event, 0).runs));
        }
    }
}

TEST_CASE("the index keys a rule on a required equals or in of texts and never on an alternative") {
    const auto set = sbtest::compileDoc(R"([
      {"name": "keyed on state", "when": {"field": "state", "equals": "COMPLETE"},
       "action": {"backend": "b", "jobs": ["j"]}},
      {"name": "keyed inside all", "when": {"all": [{"field": "kind", "equals": "package"},
                                                     {"all": [{"field": "component", "in": ["kernel", "systemd"]}]}]},
       "action": {"backend": "b", "jobs": ["j"]}},
      {"name": "only alternatives", "when": {"any": [{"field": "state", "equals": "a"}, {"field": "state", "equals": "b"}]},
       "action": {"backend": "b", "jobs": ["j"]}},
      {"name": "negated", "when": {"not": {"field": "state", "equals": "FAILED"}},
       "action": {"backend": "b", "jobs": ["j"]}},
      {"name": "a JSON operand", "when": {"field": "body:/build_id", "equals": 3},
       "action": {"backend": "b", "jobs": ["j"]}},
      {"name": "modulemd", "when": {"field": "modulemd:/data/name", "equals": "x"},
       "action": {"backend": "b", "jobs": ["j"]}},
      {"name": "no condition", "action": {"backend": "b", "jobs": ["j"]}},
      {"name": "disabled", "enabled": false, "when": {"field": "state", "equals": "COMPLETE"},
       "action": {"backend": "b", "jobs": ["j"]}}])");
    CHECK(set.enabledCount() == 7);
    CHECK(set.indexedCount() == 2);

    auto event = sbtest::fixtureEvent("koji__build-state-COMPLETE-ansible-1.8.3-1.el7");
    REQUIRE(event.state == "COMPLETE");
    auto matched = [&set](const model::Event& e) {
        std::vector<std::string> names;
        for (const auto& run : set.evaluate(e, 0)) names.push_back(run.rule);
        return names;
    };
    CHECK(matched(event) == std::vector<std::string>{"keyed on state", "negated", "no condition"});
    event.state = "b";  // an alternative of an `any` is no key: that rule is still tried
    CHECK(matched(event) ==
          std::vector<std::string>{"only alternatives", "negated", "no condition"});
    event.component = "systemd";
    CHECK(matched(event) == std::vector<std::string>{"keyed inside all", "only alternatives",
                                                     "negated", "no condition"});
}

TEST_CASE("a stop rule reached through the index still ends evaluation") {
    const auto set = sbtest::compileDoc(R"([
      {"name": "first", "stop": true, "when": {"field": "state", "equals": "COMPLETE"},
       "action": {"backend": "b", "jobs": ["one"]}},
      {"name": "always", "action": {"backend": "b", "jobs": ["two"]}}])");
    auto event = sbtest::fixtureEvent("koji__build-state-COMPLETE-ansible-1.8.3-1.el7");
    const auto runs = set.evaluate(event, 0);
    REQUIRE(runs.size() == 1);
    CHECK(runs[0].job == "one");
    event.state = "FAILED";
    const auto other = set.evaluate(event, 0);
    REQUIRE(other.size() == 1);
    CHECK(other[0].job == "two");
}
