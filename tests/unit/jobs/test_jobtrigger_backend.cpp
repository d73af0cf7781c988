// The job-trigger REST backend against a fake job-trigger service on 127.0.0.1, driven by the real
// dispatcher: the documented build_image and stop bodies, the job-list endpoints, edited body
// templates, a 500 retried, a 4xx final with its body recorded.
#include <cstdlib>
#include <fstream>

#include <catch2/catch.hpp>

#include "jobs/dispatcher.hpp"
#include "jobs/run_control.hpp"
#include "jobtrigger_fake.hpp"
#include "store/run_store.hpp"

using namespace switchboard;
using namespace std::chrono_literals;

namespace {

constexpr const char* kToken = "jt-token-31";

jobs::DispatcherOptions fastOptions() {
    jobs::DispatcherOptions o;
    o.backoff = 5ms;
    o.follow = false;
    return o;
}

struct Setup {
    explicit Setup(nlohmann::json options = nlohmann::json::object()) : fake(kToken) {
        setenv("SB_TEST_JOBTRIGGER_TOKEN", kToken, 1);
        options["timeout_ms"] = 5000;
        t.addBackend("jt", model::BackendType::JobTrigger, fake.url(), options, "",
                     "SB_TEST_JOBTRIGGER_TOKEN");
    }
    testing::JobTriggerFake fake;
    testing::TempDb t;
};

int64_t queueRun(Setup& s, const std::string& job, nlohmann::json params) {
    model::JobRun run;
    run.job = job;
    run.backend = "jt";
    run.params = std::move(params);
    run.who = "tester";
    return store::RunStore(s.t.db()).insert(run);
}

model::JobRun fireAndWait(Setup& s, int64_t id) {
    jobs::Dispatcher dispatcher(s.t.path(), fastOptions());
    dispatcher.start();
    dispatcher.fire(id);
    auto run = dispatcher.waitFinished(id, 30s);
    REQUIRE(run);
    return *run;
}

nlohmann::json buildImageFixture() {
    std::ifstream in(SB_FIXTURES_DIR "/documented/job-trigger-build-image.json");
    REQUIRE(in);
    return nlohmann::json::parse(in);
}

}  // namespace

TEST_CASE("a build_image run posts the documented body with its message as an object") {
    Setup s;
    const auto documented = buildImageFixture();
    // As `fire --param` gives them: every value text, the message as JSON text.
    const int64_t id = queueRun(s, "build-image",
                                {{"_endpoint", "build_image"},
                                 {"version", documented["version"]},
                                 {"product", documented["product"]},
                                 {"message", documented["message"].dump()}});
    const auto run = fireAndWait(s, id);
    CHECK(run.status == model::RunStatus::Success);
    CHECK(run.attempts == 1);
    CHECK(run.external_id == "jt-1");
    const auto got = s.fake.received();
    REQUIRE(got.size() == 1);
    CHECK(got[0].path == "/jobs/build_image");
    CHECK(got[0].authorization == std::string("Bearer ") + kToken);
    CHECK(got[0].contentType == "application/json");
    CHECK(got[0].body == documented);
}

TEST_CASE("a stop run posts pkg_name, brew_tag, job_name, arch and product to /jobs/stop") {
    Setup s;
    const int64_t id = queueRun(s, "kernel-tier1",
                                {{"_endpoint", "stop"},
                                 {"pkg_name", "kernel"},
                                 {"brew_tag", "rhel-9.4.0-candidate"},
                                 {"arch", "x86_64"},
                                 {"product", "RHEL"}});
    const auto run = fireAndWait(s, id);
    CHECK(run.status == model::RunStatus::Success);
    const auto got = s.fake.received();
    REQUIRE(got.size() == 1);
    CHECK(got[0].path == "/jobs/stop");
    CHECK(got[0].body == nlohmann::json{{"pkg_name", "kernel"},
                                        {"brew_tag", "rhel-9.4.0-candidate"},
                                        {"job_name", "kernel-tier1"},
                                        {"arch", "x86_64"},
                                        {"product", "RHEL"}});
}

TEST_CASE("trigger posts the job and trigger-by-list posts a job list, without _endpoint") {
    Setup s(nlohmann::json{{"endpoint", "trigger-by-list"}});
    const int64_t byList = queueRun(s, "kernel-tier1", {{"nvr", "kernel-5.14.0-1.el9"}});
    const int64_t single =
        queueRun(s, "kernel-tier2", {{"_endpoint", "trigger"}, {"nvr", "kernel-5.14.0-1.el9"}});
    CHECK(fireAndWait(s, byList).status == model::RunStatus::Success);
    CHECK(fireAndWait(s, single).status == model::RunStatus::Success);
    const auto got = s.fake.received();
    REQUIRE(got.size() == 2);
    CHECK(got[0].path == "/jobs/trigger-by-list");
    CHECK(got[0].body == nlohmann::json{{"job_list", {"kernel-tier1"}},
                                        {"params", {{"nvr", "kernel-5.14.0-1.el9"}}}});
    CHECK(got[1].path == "/jobs/trigger");
    CHECK(got[1].body == nlohmann::json{{"job_name", "kernel-tier2"},
                                        {"params", {{"nvr", "kernel-5.14.0-1.el9"}}}});
}

TEST_CASE("a backend's edited body template replaces the built-in one for that endpoint") {
    const nlohmann::json edited = {
        {"jobs", {"${job}", "${param:also}"}}, {"env", "${param:env}"}, {"notify", false}};
    Setup s(nlohmann::json{{"endpoint", "trigger-by-list"},
                           {"templates", {{"trigger-by-list", edited}}}});
    const int64_t id = queueRun(s, "kernel-tier1", {{"also", "kernel-tier2"}, {"env", "stage"}});
    CHECK(fireAndWait(s, id).status == model::RunStatus::Success);
    const auto got = s.fake.received();
    REQUIRE(got.size() == 1);
    CHECK(got[0].body == nlohmann::json{{"jobs", {"kernel-tier1", "kernel-tier2"}},
                                        {"env", "stage"},
                                        {"notify", false}});
}

TEST_CASE("a 500 from job-trigger is retried and the next attempt succeeds") {
    Setup s;
    s.fake.script("/jobs/trigger", {{500, R"({"error": "jenkins unreachable"})"}});
    const int64_t id = queueRun(s, "kernel-tier1", nlohmann::json::object());
    const auto run = fireAndWait(s, id);
    CHECK(run.status == model::RunStatus::Success);
    CHECK(run.attempts == 2);
    CHECK(run.last_error.empty());
    CHECK(s.fake.count("/jobs/trigger") == 2);
    const auto attempts = store::RunStore(s.t.db()).attempts(id);
    REQUIRE(attempts.size() == 2);
    CHECK(attempts[0].http_status == 500);
    CHECK(attempts[0].outcome == "retry");
    CHECK(attempts[0].detail.find("jenkins unreachable") != std::string::npos);
    CHECK(attempts[1].http_status == 200);
    CHECK(attempts[1].outcome == "ok");
}

TEST_CASE("a 4xx from job-trigger is final at once and its body is recorded") {
    Setup s;
    s.fake.script("/jobs/build_image", {{400, R"({"error": "unknown product 'XYZ'"})"}});
    const int64_t id = queueRun(s, "build-image",
                                {{"_endpoint", "build_image"},
                                 {"version", "1"},
                                 {"product", "XYZ"},
                                 {"message", {{"build", "XYZ-1-20240101.0"}}}});
    const auto run = fireAndWait(s, id);
    CHECK(run.status == model::RunStatus::Error);
    CHECK(run.attempts == 1);
    CHECK(run.last_error.rfind("HTTP 400", 0) == 0);
    CHECK(run.last_error.find("unknown product 'XYZ'") != std::string::npos);
    CHECK(s.fake.count("/jobs/build_image") == 1);
    const auto attempts = store::RunStore(s.t.db()).attempts(id);
    REQUIRE(attempts.size() == 1);
    CHECK(attempts[0].http_status == 400);
    CHECK(attempts[0].outcome == "final");
    CHECK(attempts[0].detail.find("unknown product 'XYZ'") != std::string::npos);
    // A message given as an object (by a rule, not a command line) is sent as it is.
    REQUIRE(s.fake.received().size() == 1);
    CHECK(s.fake.received()[0].body["message"]["build"] == "XYZ-1-20240101.0");
}

TEST_CASE("a build_image run without a usable message fails at once naming it, sending nothing") {
    Setup s;
    const int64_t missing = queueRun(
        s, "build-image", {{"_endpoint", "build_image"}, {"version", "1"}, {"product", "RHEL"}});
    const int64_t notJson = queueRun(s, "build-image",
                                     {{"_endpoint", "build_image"},
                                      {"version", "1"},
                                      {"product", "RHEL"},
                                      {"message", "{build: RHEL-1"}});
    const auto a = fireAndWait(s, missing);
    CHECK(a.status == model::RunStatus::Error);
    CHECK(a.last_error.find("needs parameter 'message'") != std::string::npos);
    const auto b = fireAndWait(s, notJson);
    CHECK(b.status == model::RunStatus::Error);
    CHECK(b.last_error.find("parameter 'message' is not JSON") != std::string::npos);
    CHECK(s.fake.count("/jobs/build_image") == 0);
}

TEST_CASE("stopping a running job-trigger run posts /jobs/stop and ends it aborted") {
    Setup s;
    model::JobRun running;
    running.job = "kernel-tier1";
    running.backend = "jt";
    running.status = model::RunStatus::Running;
    running.external_id = "jt-77";
    running.params = {{"pkg_name", "kernel"},
                      {"brew_tag", "rhel-9-candidate"},
                      {"arch", "s390x"},
                      {"product", "RHEL"}};
    const int64_t id = store::RunStore(s.t.db()).insert(running);
    const auto run = jobs::stopRunNow(s.t.db(), id);
    CHECK(run.status == model::RunStatus::Aborted);
    CHECK(store::RunStore(s.t.db()).get(id)->status == model::RunStatus::Aborted);
    const auto got = s.fake.received();
    REQUIRE(got.size() == 1);
    CHECK(got[0].path == "/jobs/stop");
    CHECK(got[0].body["job_name"] == "kernel-tier1");
    CHECK(got[0].body["arch"] == "s390x");
}

TEST_CASE("the job-trigger health check passes on the service and fails on a refused port") {
    Setup s;
    model::Backend b;
    b.name = "jt";
    b.type = model::BackendType::JobTrigger;
    b.url = s.fake.url();
    b.token_env = "SB_TEST_JOBTRIGGER_TOKEN";
    jobs::HealthOptions health;
    health.timeout = 2s;
    health.interval = 10ms;
    CHECK(jobs::checkHealth(b, health).empty());
    b.url = testing::refusedUrl();
    health.timeout = 100ms;
    CHECK_FALSE(jobs::checkHealth(b, health).empty());
}
