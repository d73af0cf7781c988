// The dispatcher's retries, timeouts and concurrency against real servers on 127.0.0.1.
#include <cstdlib>
#include <mutex>

#include <catch2/catch.hpp>

#include "gangway_fake.hpp"
#include "jobs/dispatcher.hpp"
#include "jobs/http.hpp"
#include "store/run_store.hpp"

using namespace switchboard;
using namespace std::chrono_literals;

namespace {

jobs::DispatcherOptions fastOptions() {
    jobs::DispatcherOptions o;
    o.backoff = 5ms;
    o.pollInterval = 10ms;
    o.maxPollsPerSecond = 1000;
    o.follow = false;
    return o;
}

int64_t queueRun(testing::TempDb& t, const std::string& job, const std::string& backend) {
    model::JobRun run;
    run.job = job;
    run.backend = backend;
    run.who = "tester";
    return store::RunStore(t.db()).insert(run);
}

struct Setup {
    Setup() : fake("tok") {
        setenv("SB_TEST_DISPATCH_TOKEN", "tok", 1);
        t.addBackend("gw", model::BackendType::Gangway, fake.url(),
                     {{"timeout_ms", 5000}, {"connect_timeout_ms", 2000}}, "",
                     "SB_TEST_DISPATCH_TOKEN");
    }
    testing::GangwayFake fake;
    testing::TempDb t;
};

model::JobRun fireOne(Setup& s, const std::string& job, const std::string& backend = "gw") {
    const int64_t id = queueRun(s.t, job, backend);
    jobs::Dispatcher dispatcher(s.t.path(), fastOptions());
    dispatcher.start();
    dispatcher.fire(id);
    auto run = dispatcher.waitTriggered(id, 30s);
    REQUIRE(run);
    return *run;
}

}  // namespace

TEST_CASE("a run that gets 500 twice then an answer succeeds on the third attempt") {
    Setup s;
    const auto run = fireOne(s, "flaky-job");
    CHECK(run.status == model::RunStatus::Running);
    CHECK(run.attempts == 3);
    CHECK(run.external_id == "exec-1");
    CHECK(run.last_error.empty());
    const auto attempts = store::RunStore(s.t.db()).attempts(run.id);
    REQUIRE(attempts.size() == 3);
    CHECK(attempts[0].outcome == "retry");
    CHECK(attempts[0].http_status == 500);
    CHECK(attempts[1].outcome == "retry");
    CHECK(attempts[2].outcome == "ok");
    CHECK(s.fake.posts("flaky-job") == 3);
}

TEST_CASE("a run that gets 500 three times fails with the last error") {
    Setup s;
    const auto run = fireOne(s, "broken-job");
    CHECK(run.status == model::RunStatus::Error);
    CHECK(run.attempts == 3);
    CHECK(run.last_error.find("HTTP 500") != std::string::npos);
    CHECK(run.last_error.find("failed to reach the cluster") != std::string::npos);
    CHECK(s.fake.posts("broken-job") == 3);
    const auto stored = store::RunStore(s.t.db()).get(run.id);
    CHECK(stored->status == model::RunStatus::Error);
    CHECK(stored->finished_at > 0);
}

TEST_CASE("a 401 and a 404 are final at once") {
    Setup s;
    setenv("SB_TEST_DISPATCH_BAD", "not-the-token", 1);
    s.t.addBackend("gw-bad", model::BackendType::Gangway, s.fake.url(), {}, "",
                   "SB_TEST_DISPATCH_BAD");
    // A base URL with a path the server does not route: its router answers 404.
    s.t.addBackend("gw-path", model::BackendType::Gangway, s.fake.url() + "/no-such-prefix", {}, "",
                   "SB_TEST_DISPATCH_TOKEN");
    const auto unauthorized = fireOne(s, "any-job", "gw-bad");
    CHECK(unauthorized.status == model::RunStatus::Error);
    CHECK(unauthorized.attempts == 1);
    CHECK(unauthorized.last_error.rfind("HTTP 401", 0) == 0);
    const auto notFound = fireOne(s, "routed-nowhere", "gw-path");
    CHECK(notFound.status == model::RunStatus::Error);
    CHECK(notFound.attempts == 1);
    CHECK(notFound.last_error.rfind("HTTP 404", 0) == 0);
    const auto attempts = store::RunStore(s.t.db()).attempts(notFound.id);
    REQUIRE(attempts.size() == 1);
    CHECK(attempts[0].http_status == 404);
    CHECK(s.fake.posts("routed-nowhere") == 0);
}

TEST_CASE("a refused port is retried, then fails naming the connection error") {
    Setup s;
    s.t.addBackend("gone", model::BackendType::Gangway, testing::refusedUrl(), {}, "",
                   "SB_TEST_DISPATCH_TOKEN");
    const auto run = fireOne(s, "any-job", "gone");
    CHECK(run.status == model::RunStatus::Error);
    CHECK(run.attempts == 3);
    const auto attempts = store::RunStore(s.t.db()).attempts(run.id);
    REQUIRE(attempts.size() == 3);
    CHECK(attempts[2].http_status == 0);
    CHECK(attempts[2].outcome == "error");
    CHECK_FALSE(run.last_error.empty());
}

TEST_CASE("a server that never answers times out while 50 other requests in flight finish") {
    Setup s;
    testing::SilentPort silent;
    s.t.addBackend("silent", model::BackendType::Gangway, silent.url(),
                   {{"timeout_ms", 300}, {"connect_timeout_ms", 300}}, "",
                   "SB_TEST_DISPATCH_TOKEN");
    const int64_t stuck = queueRun(s.t, "never-answered", "silent");
    std::vector<int64_t> others;
    for (int i = 0; i < 50; ++i) others.push_back(queueRun(s.t, "job-" + std::to_string(i), "gw"));
    jobs::Dispatcher dispatcher(s.t.path(), fastOptions());
    dispatcher.start();
    dispatcher.fire(stuck);
    for (int64_t id : others) dispatcher.fire(id);
    int accepted = 0;
    for (int64_t id : others) {
        auto run = dispatcher.waitTriggered(id, 30s);
        if (run && run->status == model::RunStatus::Running && !run->external_id.empty())
            ++accepted;
    }
    CHECK(accepted == 50);
    auto run = dispatcher.waitTriggered(stuck, 30s);
    REQUIRE(run);
    CHECK(run->status == model::RunStatus::Error);
    CHECK(run->attempts == 3);
    CHECK(run->last_error.find("timed out") != std::string::npos);
}

TEST_CASE("a token set in the environment appears nowhere in the database file or the logs") {
    const std::string secret = "tok-Zq9-very-secret-4711";
    setenv("SB_TEST_SECRET_TOKEN", secret.c_str(), 1);
    testing::GangwayFake fake(secret);
    testing::TempDb t;
    t.addBackend("gw", model::BackendType::Gangway, fake.url(), {}, "", "SB_TEST_SECRET_TOKEN");
    std::mutex logMutex;
    std::string logs;
    auto options = fastOptions();
    options.follow = true;
    options.log = [&](const std::string& line) {
        std::lock_guard<std::mutex> lock(logMutex);
        logs += line + "\n";
    };
    const int64_t ok = queueRun(t, "periodic-secret", "gw");
    const int64_t failing = queueRun(t, "broken-secret", "gw");
    {
        jobs::Dispatcher dispatcher(t.path(), options);
        dispatcher.start();
        dispatcher.fire(ok);
        dispatcher.fire(failing);
        REQUIRE(dispatcher.waitFinished(ok, 30s));
        REQUIRE(dispatcher.waitFinished(failing, 30s));
    }
    CHECK(fake.posts("periodic-secret") == 1);  // the token did reach the server
    CHECK(fake.unauthorized() == 0);
    CHECK_FALSE(logs.empty());
    CHECK(logs.find(secret) == std::string::npos);
    CHECK(t.allBytes().find(secret) == std::string::npos);
    jobs::Headers headers = {{"Authorization", "Bearer " + secret}, {"Accept", "application/json"}};
    const std::string shown = jobs::redactedHeaders(headers);
    CHECK(shown.find(secret) == std::string::npos);
    CHECK(shown.find("Accept: application/json") != std::string::npos);
}
