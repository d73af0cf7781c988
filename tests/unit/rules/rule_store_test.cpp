#include <catch2/catch.hpp>

#include <set>

#include "rules/loader.hpp"
#include "store/audit_log.hpp"
#include "store/database.hpp"
#include "store/rule_store.hpp"
#include "test_support.hpp"

using namespace switchboard;

TEST_CASE("replacing the rule set keeps order and audits each created, changed and removed rule") {
    sbtest::TempDir tmp;
    store::Database db(tmp.file("sb.db"));
    store::RuleStore store(db);
    store.replaceAll(rules::parseRulesDocument(R"([
      {"name": "a", "action": {"backend": "b", "jobs": ["ja"]}},
      {"name": "b", "action": {"backend": "b", "jobs": ["jb"]}},
      {"name": "c", "action": {"backend": "b", "jobs": ["jc"]}}])"));
    CHECK(store::AuditLog(db).list(0).size() == 3);

    store.replaceAll(rules::parseRulesDocument(R"([
      {"name": "c", "action": {"backend": "b", "jobs": ["jc"]}},
      {"name": "a", "mode": "auto", "action": {"backend": "b", "jobs": ["ja"]}}])"));
    const auto all = store.all();
    REQUIRE(all.size() == 2);
    CHECK(all[0].name == "c");
    CHECK(all[1].name == "a");
    CHECK(all[1].mode == model::RuleMode::Auto);
    const auto audit = store::AuditLog(db).list(0);
    REQUIRE(audit.size() == 6);
    std::multiset<std::string> what;
    for (size_t i = 0; i < 3; ++i) what.insert(audit[i].what + " " + audit[i].target);
    CHECK(what == std::multiset<std::string>{"rule.remove b", "rule.update a", "rule.update c"});
}

TEST_CASE("stored rules read back as the same document") {
    sbtest::TempDir tmp;
    store::Database db(tmp.file("sb.db"));
    const std::string doc = sbtest::readText(std::string(SB_SOURCE_DIR) + "/assets/examples/cki.rules.json");
    store::RuleStore(db).replaceAll(rules::parseRulesDocument(doc));
    CHECK(nlohmann::json::parse(rules::rulesDocument(store::RuleStore(db).all()).dump()) == nlohmann::json::parse(doc));
    CHECK(rules::loadRuleSet(db).size() == 3);
}

TEST_CASE("save, move and remove edit one rule each with an audit row") {
    sbtest::TempDir tmp;
    store::Database db(tmp.file("sb.db"));
    store::RuleStore store(db);
    model::Rule r;
    r.name = "one";
    r.action = {{"backend", "b"}, {"jobs", {"j"}}};
    store.save(r);
    r.name = "two";
    store.save(r);
    r.enabled = false;
    store.save(r);
    CHECK(store.move("two", 0));
    CHECK(store.all()[0].name == "two");
    CHECK_FALSE(store.all()[0].enabled);
    CHECK(store.remove("one"));
    CHECK_FALSE(store.remove("one"));
    const auto audit = store::AuditLog(db).list(0);
    REQUIRE(audit.size() == 5);
    CHECK(audit[0].what == "rule.remove");
    CHECK(audit[1].what == "rule.move");
    CHECK(audit[2].what == "rule.update");
    CHECK(audit[2].before["enabled"] == true);
    CHECK(audit[2].after["enabled"] == false);
}

TEST_CASE("a duplicate name writes nothing") {
    sbtest::TempDir tmp;
    store::Database db(tmp.file("sb.db"));
    model::Rule r;
    r.name = "same";
    r.action = {{"backend", "b"}, {"jobs", {"j"}}};
    CHECK_THROWS_WITH(store::RuleStore(db).replaceAll({r, r}), Catch::Contains("same"));
    CHECK(store::RuleStore(db).all().empty());
    CHECK(store::AuditLog(db).list(0).empty());
}
