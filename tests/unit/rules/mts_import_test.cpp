#include <catch2/catch.hpp>

#include "test_support.hpp"

using namespace switchboard;

namespace {

const char* const kTopic = "org.fedoraproject.prod.mbs.module.state.change";

// An MBS module.state.change body carrying its modulemd, as MTS would have fetched it.
model::Event mbs(const std::string& name, const std::string& stream, const std::string& state,
                 const std::string& dependencies, const std::string& extraData = "") {
    const std::string modulemd = "document: modulemd\nversion: 2\ndata:\n  name: " + name + "\n  stream: '" +
                                 stream + "'\n  version: 1\n  context: c1\n" + extraData +
                                 "  dependencies:\n" + dependencies;
    return sbtest::messageEvent(kTopic, {{"id", 1},
                                         {"name", name},
                                         {"stream", stream},
                                         {"version", "1"},
                                         {"context", "c1"},
                                         {"state_name", state},
                                         {"modulemd", modulemd}});
}

rules::RuleSet fixtureRules(const char* file) {
    const auto text = sbtest::readText(std::string(SB_FIXTURES_DIR) + "/fedora/" + file);
    return rules::RuleSet::compile(rules::importMtsYaml(text));
}

std::vector<std::string> tags(const rules::Explanation& out) {
    std::vector<std::string> t;
    for (const auto& run : out.runs) t.push_back(run.params["tag"].get<std::string>());
    return t;
}

std::string matchedRule(const rules::Explanation& out) {
    for (const auto& r : out.rules)
        if (r.matched) return r.rule;
    return "";
}

}  // namespace

TEST_CASE("the MTS example file imports as rules named by id, in file order, first match wins") {
    const auto text = sbtest::readText(std::string(SB_FIXTURES_DIR) + "/fedora/mts__rules-example.yaml");
    const auto imported = rules::importMtsYaml(text);
    REQUIRE(imported.size() == 7);
    CHECK(imported[0].name == "Building blocks");
    CHECK(imported[6].name == "Fallback");
    for (const auto& r : imported) {
        CHECK(r.stop);
        CHECK(r.mode == model::RuleMode::Auto);
    }
    CHECK(imported[0].action["jobs"][0]["params"]["tag"] == "${match:platform}-modular-ursamajor");
}

TEST_CASE("MTS rules tag javapackages-tools for f29 the way the service's test expects") {
    const auto set = fixtureRules("mts__rules-example.yaml");
    const auto out = set.explain(mbs("javapackages-tools", "1", "ready",
                                     "  - buildrequires:\n      platform: [f29]\n    requires:\n      platform: [f29]\n"),
                                 0);
    CHECK(matchedRule(out) == "Building blocks");
    // mts__build-tag-requested-javapackages-tools.json: destination_tags [f29-modular-ursamajor]
    CHECK(tags(out) == std::vector<std::string>{"f29-modular-ursamajor"});
    CHECK(out.runs[0].params["module"] == "javapackages-tools:1:1:c1");
    CHECK(out.runs[0].job == "mts-tag-build");
}

TEST_CASE("a named group that matches several platforms yields one tag per platform") {
    const auto set = fixtureRules("mts__rules-example.yaml");
    const auto out = set.explain(mbs("foo-ursamajor", "1", "ready",
                                     "  - buildrequires:\n      platform: [f29, f28]\n    requires:\n      platform: [f29, f28]\n"),
                                 0);
    // mts__build-tag-requested-partial-failure.json tags f29- and f28-modular-ursamajor.
    CHECK(tags(out) == std::vector<std::string>{"f29-modular-ursamajor", "f28-modular-ursamajor"});
}

TEST_CASE("MTS rules route by dependencies when the name does not match") {
    const auto set = fixtureRules("mts__rules-example.yaml");
    auto out = set.explain(mbs("python3", "3.9", "ready", "  - requires:\n      platform: [f33]\n"), 0);
    CHECK(matchedRule(out) == "Modular Python for Fedora");
    CHECK(tags(out) == std::vector<std::string>{"f33-modular-updates-candidate"});
    CHECK_THAT(out.rules[0].reason, Catch::Contains("none of 2 alternatives matched"));

    out = set.explain(mbs("epel-thing", "1", "ready", "  - runtime: el8\n"), 0);
    CHECK(matchedRule(out) == "EPEL updates");
    CHECK(tags(out) == std::vector<std::string>{"el8-epel-modular-updates-candidate"});
}

TEST_CASE("a development build fails the development: no rules and reaches the scratch rule, whose scratch key MTS ignores") {
    const auto set = fixtureRules("mts__rules-example.yaml");
    const auto out =
        set.explain(mbs("python3", "3.9", "ready", "  - requires:\n      platform: [f33]\n", "  development: true\n"), 0);
    CHECK(matchedRule(out) == "Scratch builds");
    CHECK(tags(out) == std::vector<std::string>{"modular-scratch-builds"});
}

TEST_CASE("a build that is not ready, or is a scratch build, matches no MTS rule") {
    const auto set = fixtureRules("mts__rules-example.yaml");
    auto wait = set.explain(sbtest::fixtureEvent("mbs__state-wait-testmodule-1503"), 0);
    CHECK(wait.runs.empty());
    CHECK_THAT(wait.rules[6].reason, Catch::Contains("state equals \"ready\": saw \"wait\""));

    auto scratch = mbs("javapackages-tools", "1", "ready", "  - requires:\n      platform: [f29]\n");
    scratch.body["scratch"] = true;
    const auto out = set.explain(scratch, 0);
    CHECK(out.runs.empty());
    CHECK_THAT(out.rules[0].reason, Catch::Contains("not (body:/scratch equals true)"));
}

TEST_CASE("without a modulemd in the message, dependency rules do not match and say why") {
    const auto set = fixtureRules("mts__rules-example.yaml");
    const auto out = set.explain(sbtest::fixtureEvent("mbs__state-ready-testmodule-1503"), 0);
    CHECK_FALSE(out.rules[1].matched);
    CHECK_THAT(out.rules[1].reason, Catch::Contains("modulemd:/data/dependencies/0/requires/platform"));
    CHECK(matchedRule(out) == "Scratch builds");
}

TEST_CASE("build_state picks the rules for done builds and several groups combine") {
    const auto set = fixtureRules("mts__rules-test-with-build_state.yaml");
    auto out = set.explain(mbs("foo", "1", "done", "  - buildrequires:\n      platform: [f29]\n    requires:\n      platform: [f29]\n"), 0);
    CHECK(matchedRule(out) == "Tag for done state");
    CHECK(tags(out) == std::vector<std::string>{"f29-modular-gating"});

    out = set.explain(mbs("virt", "8.1", "ready",
                          "  - buildrequires:\n      platform: [el8.1.1]\n    requires:\n      platform: [el8]\n"),
                      0);
    CHECK(matchedRule(out) == "Advanced Virt 8.x Global rule");
    CHECK(tags(out) == std::vector<std::string>{"advanced-virt-8.1-rhel-8.1.1-modules-gate"});
}

TEST_CASE("a module no rule matches yields nothing, as build.tag.unmatched reports for ant") {
    const auto set = rules::RuleSet::compile(rules::importMtsYaml(R"(
- id: Building blocks
  type: module
  rule:
    name: ['^javapackages-tools$', '-ursamajor$']
  destinations: 'f29-modular-ursamajor'
)"));
    const auto unmatched = sbtest::fixtureEvent("mts__build-tag-unmatched-ant");
    auto ant = mbs("ant", "1", "ready", "  - requires:\n      platform: [f29]\n");
    const auto out = set.explain(ant, 0);
    CHECK(out.runs.empty());
    CHECK(unmatched.subject == "ant:1:1:c1");
    CHECK(ant.subject == unmatched.subject);
}

TEST_CASE("bad MTS files name the rule definition") {
    CHECK_THROWS_WITH(rules::importMtsYaml("- id: a\n  type: module\n"),
                      Catch::Contains("rule \"a\"") && Catch::Contains("destinations"));
    CHECK_THROWS_WITH(rules::importMtsYaml("- id: a\n  type: module\n  rule:\n    name: '(x'\n  destinations: t\n"),
                      Catch::Contains("rule \"a\"") && Catch::Contains("invalid regex"));
    CHECK_THROWS_WITH(rules::importMtsYaml("- id: a\n  type: module\n  destinations: '\\g<nope>'\n"),
                      Catch::Contains("rule \"a\"") && Catch::Contains("nope"));
    CHECK_THROWS_WITH(rules::importMtsYaml("- id: a\n  type: module\n  destinations: t\n- id: a\n  type: module\n  destinations: u\n"),
                      Catch::Contains("duplicate"));
    CHECK_THROWS_WITH(rules::importMtsYaml("key: [unclosed"), Catch::Contains("not valid YAML"));
}
