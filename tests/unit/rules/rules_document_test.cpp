#include <catch2/catch.hpp>

#include "test_support.hpp"

using namespace switchboard;

TEST_CASE("a rules document exports JSON-equal to what was imported") {
    const std::string doc = R"({"version": 1, "rules": [
      {"name": "a", "description": "first", "enabled": true, "mode": "auto", "stop": true,
       "when": {"any": [{"field": "kind", "equals": "compose"}, {"not": {"field": "tags", "in": ["x"]}}]},
       "action": {"backend": "jenkins", "per_arch": true, "params": {"P": "${subject}"},
                  "jobs": ["one", {"job": "two", "backend": "gangway", "params": {"Q": 1}}]}},
      {"name": "b", "enabled": false, "mode": "suggest", "stop": false, "action": {"list": "weekly"}}]})";
    const auto rules = rules::parseRulesDocument(doc);
    REQUIRE(rules.size() == 2);
    CHECK(rules[0].mode == model::RuleMode::Auto);
    CHECK(rules[0].stop);
    CHECK_FALSE(rules[1].enabled);
    CHECK(nlohmann::json::parse(rules::rulesDocument(rules).dump()) == nlohmann::json::parse(doc));
    // And again through its own output.
    CHECK(rules::parseRulesDocument(rules::rulesDocument(rules).dump()).size() == 2);
}

TEST_CASE("a rules document with a duplicate name or a wrong type names the rule") {
    CHECK_THROWS_WITH(rules::parseRulesDocument(R"([{"name": "x", "action": {"list": "l"}},
        {"name": "x", "action": {"list": "m"}}])"),
                      Catch::Contains("rule \"x\"") && Catch::Contains("duplicate"));
    CHECK_THROWS_WITH(rules::parseRulesDocument(R"([{"name": "m", "mode": "sometimes", "action": {"list": "l"}}])"),
                      Catch::Contains("rule \"m\"") && Catch::Contains("\"auto\" or \"suggest\""));
    CHECK_THROWS_WITH(rules::parseRulesDocument(R"({"version": 1, "rulez": []})"), Catch::Contains("rulez"));
    CHECK_THROWS_WITH(rules::parseRulesDocument(R"([{"action": {"list": "l"}}])"),
                      Catch::Contains("rule \"#1\"") && Catch::Contains("no \"name\""));
}

TEST_CASE("rule files are told apart by extension, then by content") {
    using rules::RuleFileFormat;
    CHECK(rules::detectRuleFileFormat("a.json", "- id: x") == RuleFileFormat::Json);
    CHECK(rules::detectRuleFileFormat("a.YAML", "{}") == RuleFileFormat::MtsYaml);
    CHECK(rules::detectRuleFileFormat("rules", "  {\"rules\": []}") == RuleFileFormat::Json);
    CHECK(rules::detectRuleFileFormat("rules", "[{\"name\": \"x\"}]") == RuleFileFormat::Json);
    CHECK(rules::detectRuleFileFormat("rules", "- id: x\n  type: module\n") == RuleFileFormat::MtsYaml);
}
