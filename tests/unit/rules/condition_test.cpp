#include <catch2/catch.hpp>

#include "rules/condition.hpp"
#include "test_support.hpp"

using namespace switchboard;
using rules::detail::compareVersions;
using rules::detail::globMatch;

namespace {

model::Event sample() {
    model::Event e;
    e.kind = model::Kind::Compose;
    e.event = "compose.status.change";
    e.subject = "RHEL-9.10.0-20260101.1";
    e.state = "FINISHED";
    e.product = "RHEL";
    e.version = "9.10";
    e.arch = {"x86_64", "aarch64"};
    e.tags = {"nightly"};
    e.topic = "/topic/VirtualTopic.eng.pungi.status-change";
    e.headers = {{"x-source", "pungi"}};
    e.body = {{"compose", {{"type", "production"}, {"respin", 2}, {"variants", {"BaseOS", "AppStream"}}}},
              {"scratch", false}};
    return e;
}

// Evaluates one condition (a JSON object) against the sample; returns "" on a match, else the reason.
std::string check(const nlohmann::json& condition) {
    model::Rule rule;
    rule.name = "r";
    rule.when = condition;
    rule.action = {{"jobs", {"j"}}, {"backend", "dryrun"}};
    const auto set = rules::RuleSet::compile({rule});
    const auto out = set.explain(sample(), 0);
    return out.rules[0].matched ? std::string() : out.rules[0].reason;
}

}  // namespace

TEST_CASE("equals compares normalized fields, body values and headers") {
    CHECK(check({{"field", "product"}, {"equals", "RHEL"}}).empty());
    CHECK(check({{"field", "kind"}, {"equals", "compose"}}).empty());
    CHECK(check({{"field", "body:/compose/respin"}, {"equals", 2}}).empty());
    CHECK(check({{"field", "body:/scratch"}, {"equals", false}}).empty());
    CHECK(check({{"field", "header:/x-source"}, {"equals", "pungi"}}).empty());
    CHECK(check({{"field", "product"}, {"equals", "Fedora"}}) == "product equals \"Fedora\": saw \"RHEL\"");
}

TEST_CASE("a list-valued field matches when any element matches") {
    CHECK(check({{"field", "arch"}, {"equals", "aarch64"}}).empty());
    CHECK(check({{"field", "body:/compose/variants"}, {"glob", "App*"}}).empty());
    CHECK(check({{"field", "arch"}, {"equals", "s390x"}}) ==
          "arch equals \"s390x\": saw [\"x86_64\",\"aarch64\"]");
}

TEST_CASE("glob, regex and in match as documented") {
    CHECK(check({{"field", "topic"}, {"glob", "*.pungi.*"}}).empty());
    CHECK(check({{"field", "subject"}, {"glob", "RHEL-9.?0.0-*"}}).empty());
    CHECK(check({{"field", "subject"}, {"glob", "RHEL-[0-8].*"}}) != "");
    CHECK(check({{"field", "subject"}, {"regex", "9\\.10"}}).empty());  // unanchored search
    CHECK(check({{"field", "subject"}, {"regex", "^9\\.10"}}) != "");   // ^ anchors
    CHECK(check({{"field", "state"}, {"in", {"FINISHED", "FINISHED_INCOMPLETE"}}}).empty());
    CHECK(check({{"field", "state"}, {"in", {"DOOMED"}}}) == "state in [\"DOOMED\"]: saw \"FINISHED\"");
}

TEST_CASE("exists tells a missing field from a present one") {
    CHECK(check({{"field", "body:/compose/type"}, {"exists", true}}).empty());
    CHECK(check({{"field", "component"}, {"exists", false}}).empty());
    CHECK(check({{"field", "body:/nope"}, {"exists", true}}) ==
          "body:/nope exists true: saw nothing (the field is missing or empty)");
}

TEST_CASE("numeric comparisons read numbers from JSON and from text") {
    CHECK(check({{"field", "body:/compose/respin"}, {"gt", 1}}).empty());
    CHECK(check({{"field", "body:/compose/respin"}, {"le", 2}}).empty());
    CHECK(check({{"field", "body:/compose/respin"}, {"lt", 2}}) != "");
    CHECK(check({{"field", "version"}, {"ge", "9.1"}}).empty());
    CHECK(check({{"field", "product"}, {"ge", 1}}) != "");  // not a number: no match
}

TEST_CASE("version comparison sorts 8.10 after 8.9") {
    CHECK(compareVersions("8.10", "8.9") > 0);
    CHECK(compareVersions("9.4", "9.4.0") < 0);
    CHECK(compareVersions("9.4.0", "9.4.0") == 0);
    CHECK(compareVersions("1.0a", "1.0") > 0);
    CHECK(compareVersions("2.0", "10") < 0);
    CHECK(check({{"field", "version"}, {"version_ge", "9.4"}}).empty());
    CHECK(check({{"field", "version"}, {"version_gt", "9.9"}}).empty());
    CHECK(check({{"field", "version"}, {"version_lt", "9.9"}}) == "version version_lt \"9.9\": saw \"9.10\"");
    CHECK(check({{"field", "version"}, {"version_le", "9.10"}}).empty());
    CHECK(check({{"field", "version"}, {"version_eq", "9.10"}}).empty());
}

TEST_CASE("all, any and not combine conditions and explain the first failure") {
    CHECK(check({{"all", {{{"field", "kind"}, {"equals", "compose"}}, {{"field", "state"}, {"equals", "FINISHED"}}}}})
              .empty());
    CHECK(check({{"all", {{{"field", "kind"}, {"equals", "compose"}}, {{"field", "state"}, {"equals", "DOOMED"}}}}}) ==
          "state equals \"DOOMED\": saw \"FINISHED\"");
    CHECK(check({{"any", {{{"field", "kind"}, {"equals", "module"}}, {{"field", "kind"}, {"equals", "compose"}}}}})
              .empty());
    CHECK(check({{"any", {{{"field", "kind"}, {"equals", "module"}}, {{"field", "kind"}, {"equals", "package"}}}}}) ==
          "none of 2 alternatives matched; the first: kind equals \"module\": saw \"compose\"");
    CHECK(check({{"not", {{"field", "state"}, {"equals", "DOOMED"}}}}).empty());
    CHECK(check({{"not", {{"field", "state"}, {"equals", "FINISHED"}}}}) ==
          "not (state equals \"FINISHED\"): it matched, saw \"FINISHED\"");
}
