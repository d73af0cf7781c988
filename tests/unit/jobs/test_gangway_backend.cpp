// The Gangway backend against a fake Gangway on 127.0.0.1, driven by the real dispatcher.
#include <cstdlib>
#include <optional>

#include <catch2/catch.hpp>

#include "gangway_fake.hpp"
#include "jobs/dispatcher.hpp"
#include "jobs/gangway_backend.hpp"
#include "jobs/run_control.hpp"
#include "store/backend_store.hpp"
#include "store/run_store.hpp"

using namespace switchboard;
using namespace std::chrono_literals;

namespace {

jobs::DispatcherOptions fastOptions() {
    jobs::DispatcherOptions o;
    o.backoff = 5ms;
    o.pollInterval = 10ms;
    o.maxPollsPerSecond = 1000;
    return o;
}

int64_t queueRun(testing::TempDb& t, const std::string& job, const std::string& backend,
                 nlohmann::json params = nlohmann::json::object()) {
    model::JobRun run;
    run.job = job;
    run.backend = backend;
    run.params = std::move(params);
    run.who = "tester";
    return store::RunStore(t.db()).insert(run);
}

// Fires one queued run through a dispatcher of its own and waits until it has finished.
std::optional<model::JobRun> fireAndWait(testing::TempDb& t, int64_t id) {
    jobs::Dispatcher dispatcher(t.path(), fastOptions());
    dispatcher.start();
    dispatcher.fire(id);
    return dispatcher.waitFinished(id, 20s);
}

}  // namespace

TEST_CASE(
    "a Gangway run is triggered with the bearer token and followed from TRIGGERED to SUCCESS") {
    setenv("SB_TEST_GANGWAY_TOKEN", "gw-token-1", 1);
    testing::GangwayFake fake("gw-token-1");
    testing::TempDb t;
    t.addBackend("prow", model::BackendType::Gangway, fake.url(), {{"timeout_ms", 2000}}, "",
                 "SB_TEST_GANGWAY_TOKEN");
    const int64_t id =
        queueRun(t, "periodic-ci-nightly", "prow", {{"RELEASE_IMAGE", "quay.io/x:1"}});
    auto run = fireAndWait(t, id);
    REQUIRE(run);
    CHECK(run->status == model::RunStatus::Success);
    CHECK(run->external_id == "exec-1");
    CHECK(run->url == "https://prow.example/view/exec-1");
    CHECK(run->attempts == 1);
    const auto body = fake.lastBody("periodic-ci-nightly");
    CHECK(body["job_execution_type"] == "1");
    CHECK(body["pod_spec_options"]["envs"]["RELEASE_IMAGE"] == "quay.io/x:1");
    CHECK(fake.unauthorized() == 0);
}

TEST_CASE("a Gangway backend in upstream form posts job_name in the body") {
    setenv("SB_TEST_GANGWAY_TOKEN", "gw-token-1", 1);
    testing::GangwayFake fake("gw-token-1");
    testing::TempDb t;
    t.addBackend("prow", model::BackendType::Gangway, fake.url(), {{"endpoint", "body"}}, "",
                 "SB_TEST_GANGWAY_TOKEN");
    const int64_t id = queueRun(t, "periodic-upstream", "prow");
    auto options = fastOptions();
    options.follow = false;
    jobs::Dispatcher dispatcher(t.path(), options);
    dispatcher.start();
    dispatcher.fire(id);
    auto run = dispatcher.waitTriggered(id, 20s);
    REQUIRE(run);
    CHECK(run->status == model::RunStatus::Running);
    CHECK(run->external_id == "exec-1");
    CHECK(fake.lastBody("periodic-upstream")["job_name"] == "periodic-upstream");
}

TEST_CASE("a wrong Gangway token is final at once and shows the 401") {
    setenv("SB_TEST_GANGWAY_TOKEN", "wrong-token", 1);
    testing::GangwayFake fake("gw-token-1");
    testing::TempDb t;
    t.addBackend("prow", model::BackendType::Gangway, fake.url(), {}, "", "SB_TEST_GANGWAY_TOKEN");
    const int64_t id = queueRun(t, "periodic-x", "prow");
    auto run = fireAndWait(t, id);
    REQUIRE(run);
    CHECK(run->status == model::RunStatus::Error);
    CHECK(run->attempts == 1);
    CHECK(run->last_error.find("401") != std::string::npos);
    const auto attempts = store::RunStore(t.db()).attempts(id);
    REQUIRE(attempts.size() == 1);
    CHECK(attempts[0].http_status == 401);
    CHECK(attempts[0].outcome == "final");
}

TEST_CASE("an unknown Gangway job is final at once and shows the text of its grpc-message") {
    setenv("SB_TEST_GANGWAY_TOKEN", "gw-token-1", 1);
    testing::GangwayFake fake("gw-token-1");
    testing::TempDb t;
    t.addBackend("prow", model::BackendType::Gangway, fake.url(), {}, "", "SB_TEST_GANGWAY_TOKEN");
    const int64_t id = queueRun(t, "missing-job", "prow");
    auto run = fireAndWait(t, id);
    REQUIRE(run);
    CHECK(run->status == model::RunStatus::Error);
    CHECK(run->attempts == 1);
    CHECK(run->last_error == "HTTP 500: failed to find associated periodic job \"missing-job\"");
    CHECK(fake.posts("missing-job") == 1);
    const auto attempts = store::RunStore(t.db()).attempts(id);
    REQUIRE(attempts.size() == 1);
    CHECK(attempts[0].http_status == 500);
    CHECK(attempts[0].outcome == "final");
}

TEST_CASE("a Gangway error is final by its gRPC code or request-error text, else retried") {
    model::Backend b;
    b.name = "prow";
    b.type = model::BackendType::Gangway;
    b.url = "http://127.0.0.1:1";
    jobs::GangwayBackend gangway(b, "");
    const model::JobRun run;
    auto answer = [](int status, const std::string& code, const std::string& message) {
        jobs::HttpResponse r;
        r.status = status;
        if (!code.empty()) r.headers.emplace_back("grpc-status", code);
        if (!message.empty()) r.headers.emplace_back("grpc-message", message);
        return r;
    };
    // Unknown (2) with the texts gangway.go gives a job it cannot find or cannot pick.
    CHECK_FALSE(gangway
                    .onTrigger(run, answer(500, "2",
                                           "failed to find associated presubmit job \"x\" "
                                           "from orgRepo \"o/r\""))
                    .retry);
    CHECK_FALSE(
        gangway
            .onTrigger(run, answer(500, "2", "x matches multiple prow jobs from orgRepo \"o/r\""))
            .retry);
    CHECK_FALSE(
        gangway.onTrigger(run, answer(500, "2", "unsupported JobExecutionType type: BATCH")).retry);
    // Codes a retry cannot change, whatever HTTP status the transcoder chose.
    CHECK_FALSE(gangway.onTrigger(run, answer(400, "3", "job_name field cannot be empty")).retry);
    CHECK_FALSE(gangway.onTrigger(run, answer(500, "7", "client is not authorized")).retry);
    // Other Unknown errors, Unavailable, and a 503 from the proxy may pass: retried.
    CHECK(gangway.onTrigger(run, answer(500, "2", "etcdserver: request timed out")).retry);
    CHECK(gangway.onTrigger(run, answer(503, "14", "upstream connect error")).retry);
    CHECK(gangway.onTrigger(run, answer(503, "", "")).retry);
    // grpc-message is percent-encoded on the wire.
    CHECK(gangway.onTrigger(run, answer(500, "2", "quota 100%25 used%0Aretry later")).error ==
          "HTTP 500: quota 100% used\nretry later");
}

TEST_CASE("stopping a Gangway run says Gangway cannot abort an execution") {
    setenv("SB_TEST_GANGWAY_TOKEN", "gw-token-1", 1);
    testing::GangwayFake fake("gw-token-1");
    testing::TempDb t;
    t.addBackend("prow", model::BackendType::Gangway, fake.url(), {}, "", "SB_TEST_GANGWAY_TOKEN");
    model::JobRun run;
    run.job = "periodic-x";
    run.backend = "prow";
    run.status = model::RunStatus::Running;
    run.external_id = "exec-9";
    const int64_t id = store::RunStore(t.db()).insert(run);
    try {
        jobs::stopRunNow(t.db(), id);
        FAIL("stop was not refused");
    } catch (const jobs::JobError& e) {
        CHECK(std::string(e.what()).find("Gangway cannot abort an execution") != std::string::npos);
    }
    CHECK(store::RunStore(t.db()).get(id)->status == model::RunStatus::Running);
}

TEST_CASE("a Gangway health check passes with the right token and fails with a wrong one") {
    testing::GangwayFake fake("gw-token-1");
    model::Backend b;
    b.name = "prow";
    b.type = model::BackendType::Gangway;
    b.url = fake.url();
    b.token_env = "SB_TEST_GANGWAY_HEALTH";
    setenv("SB_TEST_GANGWAY_HEALTH", "gw-token-1", 1);
    jobs::HealthOptions health;
    health.timeout = 2s;
    health.interval = 10ms;
    CHECK(jobs::checkHealth(b, health).empty());
    setenv("SB_TEST_GANGWAY_HEALTH", "nope", 1);
    health.timeout = 50ms;
    CHECK(jobs::checkHealth(b, health).find("credentials refused") != std::string::npos);
}

TEST_CASE("a Gangway execution type given as a number is sent as text, a numeric status read") {
    setenv("SB_TEST_GANGWAY_TOKEN", "gw-token-1", 1);
    testing::GangwayFake fake("gw-token-1");
    testing::TempDb t;
    // `backends add --option execution_type=2` stores the number 2.
    t.addBackend("prow", model::BackendType::Gangway, fake.url(), {{"execution_type", 2}}, "",
                 "SB_TEST_GANGWAY_TOKEN");
    const int64_t id = queueRun(t, "numeric-postsubmit", "prow");
    auto run = fireAndWait(t, id);
    REQUIRE(run);
    INFO(run->last_error);
    CHECK(run->status == model::RunStatus::Success);
    CHECK(fake.lastBody("numeric-postsubmit")["job_execution_type"] == "2");
}

TEST_CASE("a Gangway timeout option that is not a number fails the run with a clear reason") {
    setenv("SB_TEST_GANGWAY_TOKEN", "gw-token-1", 1);
    testing::GangwayFake fake("gw-token-1");
    testing::TempDb t;
    // Refused when stored now; a row stored by an earlier version may still hold it.
    CHECK_THROWS_WITH(t.addBackend("prow", model::BackendType::Gangway, fake.url(),
                                   {{"timeout_ms", "soon"}}, "", "SB_TEST_GANGWAY_TOKEN"),
                      Catch::Contains("timeout_ms") && Catch::Contains("whole number"));
    t.addBackend("prow", model::BackendType::Gangway, fake.url(), {}, "", "SB_TEST_GANGWAY_TOKEN");
    t.db().sql().exec(
        R"(UPDATE backends SET options = '{"timeout_ms": "soon"}' WHERE name = 'prow')");
    const int64_t id = queueRun(t, "periodic-x", "prow");
    auto run = fireAndWait(t, id);
    REQUIRE(run);
    CHECK(run->status == model::RunStatus::Error);
    CHECK(run->last_error ==
          "backend 'prow': option timeout_ms must be a whole number, not \"soon\"");
    // The health check before a list fires says the same, instead of throwing past its caller.
    jobs::HealthOptions health;
    health.timeout = 50ms;
    CHECK(jobs::checkHealth(*store::BackendStore(t.db()).get("prow"), health)
              .find("option timeout_ms must be a whole number") != std::string::npos);
}
