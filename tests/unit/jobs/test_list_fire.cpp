// Firing a whole trigger list: health first, every active-now entry at once, an exact summary.
#include <algorithm>
#include <cstdlib>
#include <set>

#include <catch2/catch.hpp>

#include "gangway_fake.hpp"
#include "jobs/list_fire.hpp"
#include "store/run_store.hpp"

using namespace switchboard;
using namespace std::chrono_literals;

namespace {

model::TriggerEntry entry(const std::string& job) {
    model::TriggerEntry e;
    e.job_name = job;
    return e;
}

jobs::ListFireOptions fastOptions() {
    jobs::ListFireOptions o;
    o.healthTimeout = 2s;
    o.healthInterval = 10ms;
    o.concurrency = 50;
    o.dispatcher.backoff = 5ms;
    o.who = "tester";
    return o;
}

}  // namespace

TEST_CASE("a list of 200 jobs fired at once with 10% failing names exactly the failed ones") {
    setenv("SB_TEST_LIST_TOKEN", "list-token", 1);
    testing::GangwayFake fake("list-token");
    testing::TempDb t;
    t.addBackend("prow", model::BackendType::Gangway, fake.url(), {{"timeout_ms", 10000}}, "",
                 "SB_TEST_LIST_TOKEN");
    model::TriggerList list;
    list.name = "weekly";
    list.backend = "prow";
    std::set<std::string> expectedFailed;
    for (int i = 0; i < 200; ++i) {
        const bool fails = i % 10 == 3;
        const std::string job = (fails ? "broken-" : "periodic-") + std::to_string(i);
        if (fails) expectedFailed.insert(job);
        list.entries.push_back(entry(job));
    }
    auto inactive = entry("periodic-off");
    inactive.active = false;
    auto notYet = entry("periodic-later");
    notYet.active_after = "2999-01-01";
    auto expired = entry("periodic-old");
    expired.active_until = "2000-01-01";
    list.entries.push_back(inactive);
    list.entries.push_back(notYet);
    list.entries.push_back(expired);

    const auto result = jobs::fireList(t.path(), list, fastOptions());
    std::set<std::string> failed;
    for (const auto& f : result.failed) {
        failed.insert(f.job);
        CHECK(f.reason.find("HTTP 500") != std::string::npos);
    }
    CHECK(failed == expectedFailed);
    CHECK(result.fired.size() == 180);
    REQUIRE(result.skipped.size() == 3);
    CHECK(result.skipped[0].state == "inactive");
    CHECK(result.skipped[1].state == "not-yet");
    CHECK(result.skipped[2].state == "expired");
    CHECK(fake.posts("periodic-off") == 0);
    CHECK(fake.posts("broken-3") == 3);
    CHECK(store::RunStore(t.db()).list(1000).size() == 200);
}

TEST_CASE(
    "a list whose backend is down fails every entry without sending after the bounded health "
    "wait") {
    testing::TempDb t;
    t.addBackend("gone", model::BackendType::Gangway, testing::refusedUrl());
    model::TriggerList list;
    list.name = "l";
    list.backend = "gone";
    list.entries = {entry("a"), entry("b")};
    auto options = fastOptions();
    options.healthTimeout = 100ms;
    std::vector<std::string> progress;
    options.progress = [&](const std::string& line) { progress.push_back(line); };
    const auto result = jobs::fireList(t.path(), list, options);
    REQUIRE(result.failed.size() == 2);
    CHECK(result.failed[0].reason.find("backend gone is down") == 0);
    CHECK(result.failed[0].runId == 0);
    CHECK(result.fired.empty());
    CHECK(store::RunStore(t.db()).list(10).empty());
    CHECK(std::any_of(progress.begin(), progress.end(),
                      [](const std::string& l) { return l.find("DOWN") != std::string::npos; }));
}

TEST_CASE("a dry run of a list shows the requests and records nothing") {
    setenv("SB_TEST_LIST_TOKEN", "list-token", 1);
    testing::TempDb t;
    t.addBackend("prow", model::BackendType::Gangway, "http://gangway.example", {}, "",
                 "SB_TEST_LIST_TOKEN");
    model::TriggerList list;
    list.name = "l";
    list.backend = "prow";
    list.entries = {entry("periodic-a")};
    auto options = fastOptions();
    options.dryRun = true;
    const auto result = jobs::fireList(t.path(), list, options);
    REQUIRE(result.previews.size() == 1);
    CHECK(result.previews[0].request ==
          "POST http://gangway.example/v1/executions/periodic-a {\"job_execution_type\":\"1\"}");
    CHECK(result.previews[0].request.find("list-token") == std::string::npos);
    CHECK(store::RunStore(t.db()).list(10).empty());
}

TEST_CASE("the dry-run backend records the run and what would be sent") {
    testing::TempDb t;
    t.addBackend("dry", model::BackendType::DryRun, "");
    model::JobRun run;
    run.job = "demo-job";
    run.backend = "dry";
    run.params = {{"nvr", "x-1"}};
    const int64_t id = store::RunStore(t.db()).insert(run);
    jobs::Dispatcher dispatcher(t.path());
    dispatcher.start();
    dispatcher.fire(id);
    auto done = dispatcher.waitFinished(id, 10s);
    REQUIRE(done);
    CHECK(done->status == model::RunStatus::Success);
    const auto attempts = store::RunStore(t.db()).attempts(id);
    REQUIRE(attempts.size() == 1);
    CHECK(attempts[0].detail.find("demo-job") != std::string::npos);
    CHECK(attempts[0].detail.find("x-1") != std::string::npos);
}
