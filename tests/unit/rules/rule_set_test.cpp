#include <catch2/catch.hpp>

#include "model/trigger_list.hpp"
#include "test_support.hpp"

using namespace switchboard;
using sbtest::compileDoc;

namespace {

model::Event compose() {
    model::Event e;
    e.id = 42;
    e.kind = model::Kind::Compose;
    e.subject = "RHEL-9.4.0-20260101.1";
    e.state = "FINISHED";
    e.product = "RHEL";
    e.version = "9.4";
    e.arch = {"x86_64", "aarch64"};
    e.headers = {{"x-env", "prod"}};
    e.body = {{"compose", {{"id", "RHEL-9.4.0-20260101.1"}, {"type", "production"}}}};
    return e;
}

std::string ruleError(const std::string& doc) {
    try {
        compileDoc(doc);
    } catch (const std::exception& e) {
        return e.what();
    }
    return "no error";
}

}  // namespace

TEST_CASE("explain lists every rule in order with the reason of each non-match, then the runs") {
    const auto set = compileDoc(R"({"version": 1, "rules": [
      {"name": "modules only", "mode": "auto", "when": {"field": "kind", "equals": "module"},
       "action": {"backend": "jenkins", "jobs": ["m"]}},
      {"name": "disabled one", "enabled": false, "action": {"backend": "jenkins", "jobs": ["d"]}},
      {"name": "rhel composes", "mode": "auto",
       "when": {"all": [{"field": "product", "equals": "RHEL"}, {"field": "version", "version_ge": "9.4"}]},
       "action": {"backend": "jenkins", "jobs": [{"job": "build-image", "params": {
          "COMPOSE": "${subject}", "TYPE": "${body:/compose/type}", "ENV": "${header:x-env}", "EVENT": "${id}"}}]}}
    ]})");
    const auto out = set.explain(compose(), 0);
    REQUIRE(out.rules.size() == 3);
    CHECK_FALSE(out.rules[0].matched);
    CHECK(out.rules[0].reason == "kind equals \"module\": saw \"compose\"");
    CHECK(out.rules[1].reason == "disabled");
    CHECK(out.rules[2].matched);
    REQUIRE(out.runs.size() == 1);
    CHECK(out.runs[0].job == "build-image");
    CHECK(out.runs[0].backend == "jenkins");
    CHECK(out.runs[0].params == nlohmann::json{{"COMPOSE", "RHEL-9.4.0-20260101.1"},
                                               {"TYPE", "production"},
                                               {"ENV", "prod"},
                                               {"EVENT", "42"}});
    const auto json = out.toJson();
    CHECK(json["rules"][0] == nlohmann::json{{"name", "modules only"}, {"matched", false},
                                             {"stopped", false},
                                             {"reason", "kind equals \"module\": saw \"compose\""}});
    CHECK(json["rules"][2]["matched"] == true);
    CHECK(json["rules"][2]["stopped"] == out.rules[2].stopped);
    CHECK(json["runs"][0]["job"] == "build-image");
    const auto text = out.toText();
    CHECK_THAT(text, Catch::Contains("rhel composes") && Catch::Contains("build-image") &&
                         Catch::Contains("kind equals \"module\""));
    CHECK(set.evaluate(compose(), 0).size() == 1);
}

TEST_CASE("a template with no value in the event is an explained non-match, not an empty string") {
    const auto set = compileDoc(R"([{"name": "needs nvr", "action": {"backend": "b",
        "jobs": [{"job": "j", "params": {"NVR": "${body:/artifact/nvr}"}}]}}])");
    const auto out = set.explain(compose(), 0);
    CHECK_FALSE(out.rules[0].matched);
    CHECK(out.rules[0].reason == "template ${body:/artifact/nvr} has no value in this event");
    CHECK(out.runs.empty());
}

TEST_CASE("per_arch fans out one run per arch") {
    const auto set = compileDoc(R"([{"name": "per arch", "action": {"backend": "b", "per_arch": true,
        "params": {"ARCH": "${arch}"}, "jobs": ["test-${arch}"]}}])");
    const auto runs = set.evaluate(compose(), 0);
    REQUIRE(runs.size() == 2);
    CHECK(runs[0].job == "test-x86_64");
    CHECK(runs[0].params["ARCH"] == "x86_64");
    CHECK(runs[1].job == "test-aarch64");
    model::Event noArch = compose();
    noArch.arch.clear();
    CHECK(set.explain(noArch, 0).rules[0].reason == "per_arch: the event has no arch");
}

TEST_CASE("a stop rule ends evaluation and later rules say so") {
    const auto set = compileDoc(R"([
      {"name": "first", "stop": true, "action": {"backend": "b", "jobs": ["one"]}},
      {"name": "second", "action": {"backend": "b", "jobs": ["two"]}}])");
    const auto out = set.explain(compose(), 0);
    CHECK(out.rules[0].stopped);
    CHECK_FALSE(out.rules[1].matched);
    CHECK_THAT(out.rules[1].reason, Catch::StartsWith("not evaluated"));
    REQUIRE(out.runs.size() == 1);
    CHECK(set.evaluate(compose(), 0).size() == 1);
}

TEST_CASE("a list action fires the list's entries that are active now, with their params") {
    model::TriggerList list;
    list.name = "weekly";
    list.backend = "gangway";
    list.entries.resize(3);
    list.entries[0].job_name = "on";
    list.entries[0].params = {{"A", "1"}};
    list.entries[1].job_name = "off";
    list.entries[1].active = false;
    list.entries[2].job_name = "later";
    list.entries[2].active_after = "2030-01-01";
    const auto set = compileDoc(R"([{"name": "fire weekly", "action": {"list": "weekly",
        "params": {"COMPOSE": "${subject}"}}}, {"name": "missing list", "action": {"list": "nope"}}])",
                                {list});
    const auto out = set.explain(compose(), *model::parseIso8601("2026-06-01"));
    REQUIRE(out.runs.size() == 1);
    CHECK(out.runs[0].job == "on");
    CHECK(out.runs[0].backend == "gangway");
    CHECK(out.runs[0].params == nlohmann::json{{"A", "1"}, {"COMPOSE", "RHEL-9.4.0-20260101.1"}});
    CHECK(out.rules[1].reason == "trigger list \"nope\" does not exist");
}

TEST_CASE("regex named groups fill templates, one run per captured value") {
    model::Event e = compose();
    e.body["platforms"] = {"f29", "f28", "el8"};
    const auto set = compileDoc(R"([{"name": "tags", "when": {"field": "body:/platforms", "regex": "^(?P<p>f\\d+)$"},
        "action": {"backend": "b", "jobs": [{"job": "tag", "params": {"tag": "${match:p}-updates"}}]}}])");
    const auto runs = set.evaluate(e, 0);
    REQUIRE(runs.size() == 2);
    CHECK(runs[0].params["tag"] == "f29-updates");
    CHECK(runs[1].params["tag"] == "f28-updates");
}

TEST_CASE("bad rules are refused with the rule's name and what is wrong") {
    CHECK_THAT(ruleError(R"([{"name": "bad re", "when": {"field": "subject", "regex": "abc(def"},
        "action": {"backend": "b", "jobs": ["j"]}}])"),
               Catch::Contains("rule \"bad re\"") && Catch::Contains("invalid regex") &&
                   Catch::Contains("at position 3"));
    CHECK_THAT(ruleError(R"([{"name": "typo", "wen": {}, "action": {"backend": "b", "jobs": ["j"]}}])"),
               Catch::Contains("rule \"typo\"") && Catch::Contains("unknown key \"wen\""));
    CHECK_THAT(ruleError(R"([{"name": "bad field", "when": {"field": "prodcut", "equals": "x"},
        "action": {"backend": "b", "jobs": ["j"]}}])"),
               Catch::Contains("rule \"bad field\"") && Catch::Contains("unknown field \"prodcut\""));
    CHECK_THAT(ruleError(R"([{"name": "bad op", "when": {"field": "product", "equal": "x"},
        "action": {"backend": "b", "jobs": ["j"]}}])"),
               Catch::Contains("rule \"bad op\"") && Catch::Contains("unknown key \"equal\""));
    CHECK_THAT(ruleError(R"([{"name": "bad pointer", "when": {"field": "body:artifact/nvr", "exists": true},
        "action": {"backend": "b", "jobs": ["j"]}}])"),
               Catch::Contains("rule \"bad pointer\"") && Catch::Contains("must start with '/'"));
    CHECK_THAT(ruleError(R"([{"name": "bad template", "action": {"backend": "b",
        "jobs": [{"job": "j", "params": {"X": "${nvr}"}}]}}])"),
               Catch::Contains("rule \"bad template\"") && Catch::Contains("${nvr} names an unknown variable"));
    CHECK_THAT(ruleError(R"([{"name": "bad group", "action": {"backend": "b",
        "jobs": [{"job": "j", "params": {"X": "${match:platform}"}}]}}])"),
               Catch::Contains("rule \"bad group\"") && Catch::Contains("no regex condition"));
    CHECK_THAT(ruleError(R"([{"name": "twice", "action": {"backend": "b", "jobs": ["j"]}},
        {"name": "twice", "action": {"backend": "b", "jobs": ["k"]}}])"),
               Catch::Contains("rule \"twice\"") && Catch::Contains("duplicate"));
    CHECK_THAT(ruleError(R"([{"name": "no backend", "action": {"jobs": ["j"]}}])"),
               Catch::Contains("has no backend"));
}
