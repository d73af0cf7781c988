// The shipped examples (assets/examples) make the same decisions as the services they reproduce.
#include <catch2/catch.hpp>

#include <map>
#include <sstream>

#include "model/trigger_list.hpp"
#include "test_support.hpp"

using namespace switchboard;

namespace {

rules::RuleSet example(const char* file) {
    return sbtest::compileDoc(sbtest::readText(std::string(SB_SOURCE_DIR) + "/assets/examples/" + file));
}

std::vector<std::string> jobs(const std::vector<rules::PlannedRun>& runs) {
    std::vector<std::string> out;
    for (const auto& r : runs) out.push_back(r.job);
    return out;
}

nlohmann::json dwCheckout(const std::string& status) {
    auto record = nlohmann::json::parse(
        sbtest::readText(std::string(SB_FIXTURES_DIR) + "/documented/cki-dw-ready-to-report.json"));
    record["body"]["status"] = status;
    return record;
}

}  // namespace

TEST_CASE("job-trigger examples build images for wanted arches of RHEL 8.4+ composes only") {
    const auto set = example("job-trigger.rules.json");
    const auto runs = set.evaluate(sbtest::fixtureEvent("job-trigger build_image body"), 0);
    REQUIRE(runs.size() == 2);
    CHECK(runs[0].job == "build-image-RHEL-8.4");
    CHECK(runs[0].backend == "jobtrigger");
    CHECK(runs[0].params == nlohmann::json{{"BUILD", "RHEL-8.4.0-20200926.n.0"}, {"ARCH", "aarch64"},
                                           {"PRODUCT", "RHEL"}, {"VERSION", "8.4"}});
    CHECK(runs[1].params["ARCH"] == "x86_64");

    auto older = sbtest::fixtureEvent("job-trigger build_image body");
    older.version = "8.3";
    const auto out = set.explain(older, 0);
    CHECK(out.runs.empty());
    CHECK(out.rules[0].reason == "version version_ge \"8.4\": saw \"8.3\"");
}

TEST_CASE("job-trigger examples filter packages by component, state and dist tag") {
    const auto set = example("job-trigger.rules.json");
    const auto ansible = set.evaluate(sbtest::fixtureEvent("koji__build-state-COMPLETE-ansible-1.8.3-1.el7"), 0);
    REQUIRE(ansible.size() == 1);
    CHECK(ansible[0].job == "tier1-ansible");
    CHECK(ansible[0].params["NVR"] == "ansible-1.8.3-1.el7");
    const auto building = set.explain(sbtest::fixtureEvent("koji__build-state-BUILDING-eclipse-ptp-6.0.3-1.fc19"), 0);
    CHECK(building.runs.empty());
    CHECK(building.rules[1].reason == "state equals \"COMPLETE\": saw \"BUILDING\"");
}

TEST_CASE("job-trigger examples suggest module tests for ready modules") {
    const auto set = example("job-trigger.rules.json");
    const auto ready = set.evaluate(sbtest::fixtureEvent("mbs__state-ready-testmodule-1503"), 0);
    REQUIRE(ready.size() == 1);
    CHECK(ready[0].job == "module-test");
    CHECK(ready[0].mode == model::RuleMode::Suggest);
    CHECK(ready[0].params["NSVC"] == "testmodule:master:20180123171544:c2c572ec");
    CHECK(set.evaluate(sbtest::fixtureEvent("mbs__state-wait-testmodule-1503"), 0).empty());
}

TEST_CASE("the MTS example is the fixture rule file imported") {
    const auto shipped = rules::parseRulesDocument(
        sbtest::readText(std::string(SB_SOURCE_DIR) + "/assets/examples/mts.rules.json"));
    const auto imported = rules::importMtsYaml(
        sbtest::readText(std::string(SB_FIXTURES_DIR) + "/fedora/mts__rules-example.yaml"));
    CHECK(nlohmann::json::parse(rules::rulesDocument(shipped).dump()) ==
          nlohmann::json::parse(rules::rulesDocument(imported).dump()));
}

TEST_CASE("CKI examples route checkouts as the notifier does") {
    const auto set = example("cki.rules.json");
    auto pre = set.evaluate(sbtest::fileEvent("documented/cki-dw-build-setups-finished.json"), 0);
    CHECK(jobs(pre) == std::vector<std::string>{"cki-pre-test"});
    CHECK(pre[0].params == nlohmann::json{{"checkout_id", "redhat:1545301"}, {"tree_name", "rhel-9.6"},
                                          {"cki_finished", false}});
    auto post = set.evaluate(sbtest::fileEvent("documented/cki-dw-ready-to-report.json"), 0);
    CHECK(jobs(post) == std::vector<std::string>{"cki-post-test"});
    CHECK(post[0].params["cki_finished"] == true);

    auto flip = dwCheckout("checkout_issueoccurrences_changed");
    flip["body"]["misc"] = {{"previous_result", "FAIL"}, {"result", "PASS"}};
    CHECK(jobs(set.evaluate(sbtest::lineEvent(flip.dump()), 0)) == std::vector<std::string>{"cki-post-test"});
    flip["body"]["misc"] = {{"previous_result", "PASS"}, {"result", "FAIL"}};
    CHECK(set.evaluate(sbtest::lineEvent(flip.dump()), 0).empty());

    auto retriggered = dwCheckout("ready_to_report");
    retriggered["body"]["object"]["misc"]["retrigger"] = true;
    const auto out = set.explain(sbtest::lineEvent(retriggered.dump()), 0);
    CHECK(out.runs.empty());
    CHECK_THAT(out.rules[1].reason, Catch::Contains("retrigger"));

    auto foreign = dwCheckout("ready_to_report");
    foreign["body"]["object"]["origin"] = "syzbot";
    CHECK(set.evaluate(sbtest::lineEvent(foreign.dump()), 0).empty());
    CHECK(set.evaluate(sbtest::fileEvent("documented/cki-rft-pre.json"), 0).empty());
}

// The demo replay carries DataWarehouse checkout messages in every status the notifier sees
// (new, updated, build_setups_finished, ready_to_report), shaped as the fixtures are: the notifier
// sends a pre-test for each build_setups_finished, a post-test for each ready_to_report, nothing
// for the others, always for the checkout and tree the message names.
TEST_CASE("CKI examples send one ready-for-test per finished or reportable checkout of the demo feed") {
    const auto set = example("cki.rules.json");
    std::istringstream lines(sbtest::readText(std::string(SB_SOURCE_DIR) + "/assets/demo/events.jsonl"));
    std::map<std::string, int> seen, sent;
    for (std::string line; std::getline(lines, line);) {
        const auto record = nlohmann::json::parse(line);
        if (record.value("topic", "") != "cki.datawarehouse.checkout") continue;
        const auto& body = record["body"];
        const std::string status = body["status"];
        ++seen[status];
        const auto runs = set.evaluate(sbtest::lineEvent(line), 0);
        const std::string expected = status == "build_setups_finished" ? "cki-pre-test"
                                     : status == "ready_to_report"     ? "cki-post-test"
                                                                       : "";
        INFO(status << " " << body["id"]);
        if (expected.empty()) {
            CHECK(runs.empty());
            continue;
        }
        REQUIRE(runs.size() == 1);
        CHECK(runs[0].job == expected);
        CHECK(runs[0].params["checkout_id"] == body["object"]["id"]);
        CHECK(runs[0].params["tree_name"] == body["object"]["tree_name"]);
        CHECK(runs[0].params["cki_finished"] == (status == "ready_to_report"));
        ++sent[status];
    }
    CHECK(seen["new"] > 0);
    CHECK(seen["updated"] > 0);
    CHECK(sent["build_setups_finished"] == seen["build_setups_finished"]);
    CHECK(sent["ready_to_report"] == seen["ready_to_report"]);
    CHECK(sent["ready_to_report"] > 0);
}

TEST_CASE("the weekly Gangway example list marks each entry's state on a given day") {
    const auto text = sbtest::readText(std::string(SB_SOURCE_DIR) + "/assets/examples/weekly.json");
    const auto entries = model::parseGangwayList(text);
    REQUIRE(entries.size() == 5);
    const int64_t day = *model::parseIso8601("2026-11-23T12:00:00Z");
    std::vector<std::string> states;
    for (const auto& e : entries) states.emplace_back(model::entryStateName(model::entryState(e, day)));
    CHECK(states == std::vector<std::string>{"active", "inactive", "not-yet", "expired", "active"});
    CHECK(nlohmann::json::parse(model::toGangwayJson(entries).dump()) == nlohmann::json::parse(text));
}
