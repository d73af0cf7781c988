// The Jenkins backend against a fake Jenkins on 127.0.0.1 that follows the remote access API:
// the crumb bound to its JSESSIONID cookie for user + password, 201 with a queue Location, queue
// items that become builds, stop and queue cancel.
#include <cstdlib>
#include <functional>
#include <map>
#include <mutex>
#include <optional>

#include <catch2/catch.hpp>

#include "fakes.hpp"
#include "jobs/dispatcher.hpp"
#include "jobs/http.hpp"
#include "jobs/run_control.hpp"
#include "store/run_store.hpp"

using namespace switchboard;
using namespace std::chrono_literals;

namespace {

// Jobs: "folder/app" (the only one with parameters) builds and succeeds on the second look;
// "oddqueue" reports its build number as text; "proxied" reports its build under a root URL
// that is not the server's; "long" builds until stopped;
// "blocked" stays in the queue until cancelled; "flaky" answers 500 twice, then queues; "twice"
// queues once and answers 303 to the same item while it waits, as Jenkins does for an identical
// request; "unstable" ends UNSTABLE; "forgetful" builds at once but its queue item answers 404
// from then on, as Jenkins does five minutes after an item left the queue, and "amnesiac" too
// with no build recording it; "disabled" answers 409; others 404. The password needs the
// crumb; the API token does not (ApiCrumbExclusion).
class JenkinsFake {
public:
    JenkinsFake(std::string user, std::string password, std::string apiToken = "api-token-7f3e")
        : m_user(std::move(user)),
          m_password(std::move(password)),
          m_apiToken(std::move(apiToken)) {
        auto& s = m_http.server;
        s.Get("/api/json", [this](const httplib::Request& req, httplib::Response& res) {
            if (!authed(req, res)) return;
            res.set_header("X-Jenkins", "2.440");
            res.set_content(R"({"_class":"hudson.model.Hudson","jobs":[]})", "application/json");
        });
        s.Get("/crumbIssuer/api/json", [this](const httplib::Request& req, httplib::Response& res) {
            if (!authed(req, res)) return;
            std::lock_guard<std::mutex> lock(m_mutex);
            const std::string session = "node0sess" + std::to_string(++m_sessions);
            const std::string crumb = "crumb-" + std::to_string(m_sessions);
            m_crumbs[session] = crumb;
            ++m_crumbRequests;
            res.set_header("Set-Cookie", "JSESSIONID.4a1b2c3d=" + session + "; Path=/; HttpOnly");
            res.set_content(nlohmann::json{{"_class", "hudson.security.csrf.DefaultCrumbIssuer"},
                                           {"crumb", crumb},
                                           {"crumbRequestField", "Jenkins-Crumb"}}
                                .dump(),
                            "application/json");
        });
        s.Post(R"(/job/(.+)/(buildWithParameters|build))",
               [this](const httplib::Request& req, httplib::Response& res) {
                   if (!authed(req, res) || !crumbOk(req, res)) return;
                   std::string job = req.matches[1].str();
                   for (size_t at; (at = job.find("/job/")) != std::string::npos;)
                       job.replace(at, 5, "/");
                   std::lock_guard<std::mutex> lock(m_mutex);
                   if (job == "flaky" && ++m_flakyPosts <= 2) {
                       res.status = 500;
                       res.set_content("java.lang.OutOfMemoryError: Java heap space", "text/plain");
                       return;
                   }
                   if (job == "twice" && m_twiceItem != 0) {
                       res.status = 303;
                       res.set_header("Location",
                                      url() + "/queue/item/" + std::to_string(m_twiceItem) + "/");
                       return;
                   }
                   if (job == "disabled") {
                       res.status = 409;
                       res.set_content("disabled is not buildable", "text/plain");
                       return;
                   }
                   if (job != "folder/app" && job != "long" && job != "blocked" && job != "flaky" &&
                       job != "twice" && job != "unstable" && job != "oddqueue" &&
                       job != "proxied" && job != "forgetful" && job != "amnesiac") {
                       res.status = 404;
                       res.set_content("Not Found", "text/html");
                       return;
                   }
                   // Only folder/app has parameters: each endpoint refuses the other kind of job
                   // as ParameterizedJobMixIn and Stapler do.
                   const bool withParameters = req.matches[2].str() == "buildWithParameters";
                   if (withParameters != (job == "folder/app")) {
                       res.status = 400;
                       res.set_content(withParameters ? job + " is not parameterized"
                                                      : "Nothing is submitted",
                                       "text/html");
                       return;
                   }
                   const int item = ++m_items;
                   if (job == "twice") m_twiceItem = item;
                   m_queue[item] = {job, 0, 0, false};
                   m_params[item] = req.params.count("NVR") ? req.get_param_value("NVR") : "";
                   res.status = 201;
                   res.set_header("Location", url() + "/queue/item/" + std::to_string(item) + "/");
               });
        s.Get(R"(/queue/item/(\d+)/api/json)",
              [this](const httplib::Request& req, httplib::Response& res) {
                  if (!authed(req, res)) return;
                  std::lock_guard<std::mutex> lock(m_mutex);
                  auto it = m_queue.find(std::stoi(req.matches[1].str()));
                  if (it == m_queue.end()) {
                      res.status = 404;
                      return;
                  }
                  Item& item = it->second;
                  if (item.job == "forgetful" || item.job == "amnesiac") {
                      if (item.build == 0) {
                          item.build = ++m_builds;
                          m_buildJob[item.build] = item.job;
                          m_buildQueueId[item.build] = item.job == "forgetful" ? it->first : 0;
                      }
                      res.status = 404;  // left the queue five minutes ago
                      return;
                  }
                  nlohmann::json out = {{"id", it->first},
                                        {"url", "queue/item/" + std::to_string(it->first) + "/"}};
                  if (item.cancelled) {
                      out["_class"] = "hudson.model.Queue$LeftItem";
                      out["cancelled"] = true;
                  } else if (item.job == "blocked" || item.job == "twice" || item.looks++ == 0) {
                      out["_class"] = "hudson.model.Queue$WaitingItem";
                      out["why"] = "Waiting for next available executor";
                  } else {
                      if (item.build == 0) {
                          item.build = ++m_builds;
                          m_buildJob[item.build] = item.job;
                      }
                      out["_class"] = "hudson.model.Queue$LeftItem";
                      out["cancelled"] = false;
                      out["executable"] = {{"number", item.build},
                                           {"url", buildUrl(item.job, item.build)}};
                      // A number of another JSON type than Jenkins writes.
                      if (item.job == "oddqueue") out["executable"]["number"] = "1";
                      // Jenkins' root URL setting names a host the console cannot reach.
                      if (item.job == "proxied")
                          out["executable"]["url"] =
                              "http://127.0.0.1:1/job/proxied/" + std::to_string(item.build) + "/";
                  }
                  res.set_content(out.dump(), "application/json");
              });
        s.Get(R"(/job/(.+)/(\d+)/api/json)",
              [this](const httplib::Request& req, httplib::Response& res) {
                  if (!authed(req, res)) return;
                  std::lock_guard<std::mutex> lock(m_mutex);
                  const int number = std::stoi(req.matches[2].str());
                  const std::string job = m_buildJob[number];
                  const int looks = m_buildLooks[number]++;
                  nlohmann::json out = {{"number", number}, {"url", buildUrl(job, number)}};
                  if (m_stopped[number]) {
                      out["building"] = false;
                      out["result"] = "ABORTED";
                  } else if (job == "long" || looks == 0) {
                      out["building"] = true;
                      out["result"] = nullptr;
                  } else {
                      out["building"] = false;
                      out["result"] = job == "unstable" ? "UNSTABLE" : "SUCCESS";
                  }
                  res.set_content(out.dump(), "application/json");
              });
        // After the build route: its pattern would also match /job/NAME/N/api/json.
        s.Get(R"(/job/(.+)/api/json)", [this](const httplib::Request& req, httplib::Response& res) {
            if (!authed(req, res)) return;
            const std::string job = req.matches[1].str();
            if ((job == "forgetful" || job == "amnesiac") &&
                req.get_param_value("tree") == "builds[number,url,queueId]{0,100}") {
                // Newest first, with a build from another queue item before the run's own.
                std::lock_guard<std::mutex> lock(m_mutex);
                nlohmann::json builds = nlohmann::json::array();
                builds.push_back({{"number", 900}, {"url", buildUrl(job, 900)}, {"queueId", 9999}});
                for (auto b = m_buildJob.rbegin(); b != m_buildJob.rend(); ++b) {
                    if (b->second != job) continue;
                    builds.push_back({{"number", b->first},
                                      {"url", buildUrl(job, b->first)},
                                      {"queueId", m_buildQueueId[b->first]}});
                }
                res.set_content(nlohmann::json{{"builds", builds}}.dump(), "application/json");
                return;
            }
            if (job != "folder/job/app") {
                res.status = 404;
                res.set_content("Not Found", "text/html");
                return;
            }
            res.set_content(R"({"_class": "hudson.model.FreeStyleProject", "name": "app",
                "property": [{"_class": "hudson.model.ParametersDefinitionProperty",
                  "parameterDefinitions": [
                    {"_class": "hudson.model.StringParameterDefinition", "name": "NVR",
                     "type": "StringParameterDefinition", "description": "the build to test",
                     "defaultParameterValue": {"name": "NVR", "value": "kernel-1"}},
                    {"_class": "hudson.model.BooleanParameterDefinition", "name": "DEBUG",
                     "type": "BooleanParameterDefinition", "description": "",
                     "defaultParameterValue": {"name": "DEBUG", "value": false}}]}]})",
                            "application/json");
        });
        s.Post(R"(/job/(.+)/(\d+)/stop)",
               [this](const httplib::Request& req, httplib::Response& res) {
                   if (!authed(req, res) || !crumbOk(req, res)) return;
                   std::lock_guard<std::mutex> lock(m_mutex);
                   m_stopped[std::stoi(req.matches[2].str())] = true;
                   res.status = 302;
                   res.set_header("Location", url() + "/");
               });
        s.Post("/queue/cancelItem", [this](const httplib::Request& req, httplib::Response& res) {
            if (!authed(req, res) || !crumbOk(req, res)) return;
            std::lock_guard<std::mutex> lock(m_mutex);
            auto it = m_queue.find(std::stoi(req.get_param_value("id")));
            if (it == m_queue.end() || it->second.build != 0) {
                res.status = 404;
                res.set_content("Provided id not found", "text/plain");
                return;
            }
            it->second.cancelled = true;
            res.status = 204;
        });
        m_http.start();
    }

    std::string url() const { return m_http.url(); }
    int crumbRequests() {
        std::lock_guard<std::mutex> lock(m_mutex);
        return m_crumbRequests;
    }
    int crumbRejections() const { return m_crumbRejections; }
    int tokenPosts() const { return m_tokenPosts; }
    std::string nvrOfItem(int item) {
        std::lock_guard<std::mutex> lock(m_mutex);
        return m_params[item];
    }

private:
    struct Item {
        std::string job;
        int looks = 0;
        int build = 0;
        bool cancelled = false;
    };

    std::string buildUrl(const std::string& job, int number) const {
        std::string path;
        size_t pos = 0;
        while (true) {
            const size_t slash = job.find('/', pos);
            path += "/job/" +
                    job.substr(pos, slash == std::string::npos ? std::string::npos : slash - pos);
            if (slash == std::string::npos) break;
            pos = slash + 1;
        }
        return url() + path + "/" + std::to_string(number) + "/";
    }

    bool authed(const httplib::Request& req, httplib::Response& res) {
        const std::string given = req.get_header_value("Authorization");
        if (given == "Basic " + jobs::base64(m_user + ":" + m_password) ||
            given == "Basic " + jobs::base64(m_user + ":" + m_apiToken))
            return true;
        res.status = 401;
        res.set_content("Unauthorized", "text/html");
        return false;
    }

    // Password logins need the crumb of the session whose cookie comes with it.
    bool crumbOk(const httplib::Request& req, httplib::Response& res) {
        if (req.get_header_value("Authorization") ==
            "Basic " + jobs::base64(m_user + ":" + m_apiToken)) {
            ++m_tokenPosts;
            return true;
        }
        const std::string cookie = req.get_header_value("Cookie");
        const std::string crumb = req.get_header_value("Jenkins-Crumb");
        std::lock_guard<std::mutex> lock(m_mutex);
        const size_t eq = cookie.find('=');
        const std::string session = eq == std::string::npos ? "" : cookie.substr(eq + 1);
        auto it = m_crumbs.find(session);
        if (cookie.rfind("JSESSIONID.", 0) == 0 && it != m_crumbs.end() && it->second == crumb)
            return true;
        ++m_crumbRejections;
        res.status = 403;
        res.set_content("No valid crumb was included in the request", "text/html");
        return false;
    }

    std::string m_user, m_password, m_apiToken;
    int m_flakyPosts = 0, m_twiceItem = 0;
    std::atomic<int> m_tokenPosts{0};
    std::mutex m_mutex;
    std::map<std::string, std::string> m_crumbs;
    std::map<int, Item> m_queue;
    std::map<int, std::string> m_params;
    std::map<int, std::string> m_buildJob;
    std::map<int, int> m_buildQueueId;  // forgetful's builds: the queue item each came from
    std::map<int, int> m_buildLooks;
    std::map<int, bool> m_stopped;
    int m_sessions = 0, m_items = 0, m_builds = 0, m_crumbRequests = 0;
    std::atomic<int> m_crumbRejections{0};
    testing::FakeServer m_http;  // last: stops before the state above goes away
};

struct Setup {
    Setup() : fake("alice", "pa55word") {
        setenv("SB_TEST_JENKINS_PW", "pa55word", 1);
        t.addBackend("jenkins", model::BackendType::Jenkins, fake.url(),
                     {{"auth", "password"}, {"timeout_ms", 5000}}, "alice", "SB_TEST_JENKINS_PW");
        options.backoff = 5ms;
        options.pollInterval = 10ms;
        options.maxPollsPerSecond = 1000;
    }
    int64_t queue(const std::string& job, nlohmann::json params = nlohmann::json::object()) {
        model::JobRun run;
        run.job = job;
        run.backend = "jenkins";
        run.params = std::move(params);
        return store::RunStore(t.db()).insert(run);
    }
    // Bounded wait until the stored run satisfies `done`.
    model::JobRun waitStored(int64_t id, const std::function<bool(const model::JobRun&)>& done) {
        model::JobRun run;
        for (int i = 0; i < 2000; ++i) {
            run = *store::RunStore(t.db()).get(id);
            if (done(run)) break;
            std::this_thread::sleep_for(5ms);
        }
        return run;
    }
    // Fires one queued run through a dispatcher of its own and waits until it has finished.
    std::optional<model::JobRun> fireAndWait(int64_t id) {
        jobs::Dispatcher dispatcher(t.path(), options);
        dispatcher.start();
        dispatcher.fire(id);
        return dispatcher.waitFinished(id, 30s);
    }
    JenkinsFake fake;
    testing::TempDb t;
    jobs::DispatcherOptions options;
};

}  // namespace

TEST_CASE(
    "a Jenkins job in a folder is built with the crumb and its cookie, and followed to SUCCESS") {
    Setup s;
    const int64_t id = s.queue("folder/app", {{"NVR", "kernel-5.14.0-1.el9"}});
    auto run = s.fireAndWait(id);
    REQUIRE(run);
    CHECK(run->status == model::RunStatus::Success);
    CHECK(run->attempts == 1);
    CHECK(run->external_id == "1");
    CHECK(run->url == s.fake.url() + "/job/folder/job/app/1/");
    CHECK(s.fake.crumbRequests() == 1);
    CHECK(s.fake.crumbRejections() == 0);
    CHECK(s.fake.nvrOfItem(1) == "kernel-5.14.0-1.el9");
}

TEST_CASE("Jenkins answers for a disabled and an unknown job are final at once") {
    Setup s;
    const int64_t disabled = s.queue("disabled");
    const int64_t unknown = s.queue("no-such-job");
    jobs::Dispatcher dispatcher(s.t.path(), s.options);
    dispatcher.start();
    dispatcher.fire(disabled);
    dispatcher.fire(unknown);
    auto d = dispatcher.waitFinished(disabled, 30s);
    auto u = dispatcher.waitFinished(unknown, 30s);
    REQUIRE(d);
    REQUIRE(u);
    CHECK(d->status == model::RunStatus::Error);
    CHECK(d->attempts == 1);
    CHECK(d->last_error.find("disabled") != std::string::npos);
    CHECK(u->status == model::RunStatus::Error);
    CHECK(u->attempts == 1);
    CHECK(u->last_error.find("404") != std::string::npos);
}

// Jenkins keeps a queue item for five minutes after it left the queue: a console closed (or
// cut off) longer than that used to end the run in error while its build ran on.
TEST_CASE("a build whose queue item Jenkins forgot is found by its queue id and followed") {
    Setup s;
    const int64_t id = s.queue("forgetful");
    auto run = s.fireAndWait(id);
    REQUIRE(run);
    CHECK(run->status == model::RunStatus::Success);
    CHECK(run->external_id == "1");
    CHECK(run->url == s.fake.url() + "/job/forgetful/1/");

    const int64_t lost = s.queue("amnesiac");
    run = s.fireAndWait(lost);
    REQUIRE(run);
    CHECK(run->status == model::RunStatus::Error);
    CHECK(run->last_error.find("none of the last 100 builds of amnesiac came from it") !=
          std::string::npos);
}

TEST_CASE("a running Jenkins build is stopped and ends ABORTED") {
    Setup s;
    const int64_t id = s.queue("long");
    jobs::Dispatcher dispatcher(s.t.path(), s.options);
    dispatcher.start();
    dispatcher.fire(id);
    const auto building = s.waitStored(id, [](const model::JobRun& r) {
        return !r.external_id.empty() && r.external_id.rfind("queue/", 0) != 0;
    });
    REQUIRE(building.external_id == "1");
    const auto asked = jobs::stopRunNow(s.t.db(), id);
    CHECK(asked.status == model::RunStatus::Running);  // Jenkins stops it in its own time
    auto run = dispatcher.waitFinished(id, 30s);
    REQUIRE(run);
    CHECK(run->status == model::RunStatus::Aborted);
}

TEST_CASE("a queued Jenkins item is cancelled") {
    Setup s;
    const int64_t id = s.queue("blocked");
    auto options = s.options;
    options.follow = false;
    jobs::Dispatcher dispatcher(s.t.path(), options);
    dispatcher.start();
    dispatcher.fire(id);
    auto run = dispatcher.waitTriggered(id, 30s);
    REQUIRE(run);
    REQUIRE(run->external_id == "queue/1");
    dispatcher.stop();
    const auto stopped = jobs::stopRunNow(s.t.db(), id);
    CHECK(stopped.status == model::RunStatus::Aborted);
    CHECK(store::RunStore(s.t.db()).get(id)->status == model::RunStatus::Aborted);
}

TEST_CASE("the Jenkins health check asks /api/json with the credentials") {
    Setup s;
    auto config = store::BackendStore(s.t.db()).get("jenkins");
    REQUIRE(config);
    jobs::HealthOptions health;
    health.timeout = 2s;
    CHECK(jobs::checkHealth(*config, health).empty());
    setenv("SB_TEST_JENKINS_PW", "wrong", 1);
    health.timeout = 50ms;
    CHECK_FALSE(jobs::checkHealth(*config, health).empty());
}

TEST_CASE("a Jenkins API token needs no crumb and builds at once") {
    Setup s;
    setenv("SB_TEST_JENKINS_TOKEN", "api-token-7f3e", 1);
    s.t.addBackend("jenkins-token", model::BackendType::Jenkins, s.fake.url(),
                   {{"timeout_ms", 5000}}, "alice", "SB_TEST_JENKINS_TOKEN");
    model::JobRun queued;
    queued.job = "folder/app";
    queued.backend = "jenkins-token";
    queued.params = {{"NVR", "kernel-6.1-1.fc41"}};
    const int64_t id = store::RunStore(s.t.db()).insert(queued);
    auto run = s.fireAndWait(id);
    REQUIRE(run);
    CHECK(run->status == model::RunStatus::Success);
    CHECK(run->attempts == 1);
    CHECK(s.fake.crumbRequests() == 0);
    CHECK(s.fake.tokenPosts() == 1);
}

TEST_CASE("a Jenkins 500 twice then 201 succeeds on the third attempt") {
    Setup s;
    const int64_t id = s.queue("flaky");
    auto run = s.fireAndWait(id);
    REQUIRE(run);
    CHECK(run->status == model::RunStatus::Success);
    CHECK(run->attempts == 3);
    const auto attempts = store::RunStore(s.t.db()).attempts(id);
    REQUIRE(attempts.size() >= 3);
    CHECK(attempts[0].http_status == 500);
    CHECK(attempts[0].outcome == "retry");
    CHECK(attempts[0].detail.find("OutOfMemoryError") != std::string::npos);
    CHECK(attempts[1].http_status == 500);
    CHECK(attempts[2].http_status == 201);
    CHECK(attempts[2].outcome == "ok");
}

TEST_CASE("a Jenkins 303 for an identical queued item follows that same item") {
    Setup s;
    const int64_t first = s.queue("twice");
    const int64_t second = s.queue("twice");
    auto options = s.options;
    options.follow = false;
    jobs::Dispatcher dispatcher(s.t.path(), options);
    dispatcher.start();
    dispatcher.fire(first);
    auto a = dispatcher.waitTriggered(first, 30s);
    REQUIRE(a);
    dispatcher.fire(second);
    auto b = dispatcher.waitTriggered(second, 30s);
    REQUIRE(b);
    CHECK(a->status == model::RunStatus::Running);
    CHECK(b->status == model::RunStatus::Running);
    CHECK(a->external_id == "queue/1");
    CHECK(b->external_id == "queue/1");
    const auto attempts = store::RunStore(s.t.db()).attempts(second);
    REQUIRE(attempts.size() == 1);
    CHECK(attempts[0].http_status == 303);
    CHECK(attempts[0].detail == "an identical item was already queued");
}

TEST_CASE("a Jenkins job's parameter definitions are read from the server") {
    Setup s;
    auto config = store::BackendStore(s.t.db()).get("jenkins");
    REQUIRE(config);
    const auto defs = jobs::fetchJobParameters(*config, "folder/app");
    REQUIRE(defs.size() == 2);
    CHECK(defs[0].name == "NVR");
    CHECK(defs[0].description == "the build to test");
    CHECK(defs[0].defaultValue == "kernel-1");
    CHECK(defs[1].name == "DEBUG");
    CHECK(defs[1].defaultValue == false);
    CHECK_THROWS_WITH(jobs::fetchJobParameters(*config, "no-such-job"),
                      Catch::Contains("HTTP 404"));
}

TEST_CASE("a followed Jenkins queue item stopped through the dispatcher is cancelled") {
    Setup s;
    const int64_t id = s.queue("blocked");
    jobs::Dispatcher dispatcher(s.t.path(), s.options);
    dispatcher.start();
    dispatcher.fire(id);
    auto queued = dispatcher.waitTriggered(id, 30s);
    REQUIRE(queued);
    REQUIRE(queued->external_id == "queue/1");
    dispatcher.stopRun(id);
    auto run = dispatcher.waitFinished(id, 30s);
    REQUIRE(run);
    CHECK(run->status == model::RunStatus::Aborted);
    CHECK(run->last_error == "queue item cancelled");
    const auto attempts = store::RunStore(s.t.db()).attempts(id);
    REQUIRE(attempts.size() == 2);
    CHECK(attempts[1].request.find("/queue/cancelItem?id=1") != std::string::npos);
    CHECK(attempts[1].http_status == 204);
}

TEST_CASE("a Jenkins build that ends UNSTABLE is a failure that names the result") {
    Setup s;
    const int64_t id = s.queue("unstable");
    auto run = s.fireAndWait(id);
    REQUIRE(run);
    CHECK(run->status == model::RunStatus::Failure);
    CHECK(run->last_error == "UNSTABLE");
    CHECK(run->external_id == "1");
}

TEST_CASE("a Jenkins job with parameters fired without any is retried with buildWithParameters") {
    Setup s;
    const int64_t id = s.queue("folder/app");
    auto run = s.fireAndWait(id);
    REQUIRE(run);
    CHECK(run->status == model::RunStatus::Success);
    CHECK(run->attempts == 2);
    const auto attempts = store::RunStore(s.t.db()).attempts(id);
    REQUIRE(attempts.size() >= 2);
    CHECK(attempts[0].request.find("/job/folder/job/app/build") != std::string::npos);
    CHECK(attempts[0].detail.find("refused /build") != std::string::npos);
    CHECK(attempts[1].request.find("/buildWithParameters") != std::string::npos);

    // The backend remembers: the next run of that job goes to buildWithParameters at once, and a
    // job without parameters is still sent to /build.
    const int64_t again = s.queue("folder/app");
    const int64_t plain = s.queue("unstable");
    jobs::Dispatcher dispatcher(s.t.path(), s.options);
    dispatcher.start();
    dispatcher.fire(again);
    dispatcher.fire(plain);
    REQUIRE(dispatcher.waitFinished(again, 30s));
    REQUIRE(dispatcher.waitFinished(plain, 30s));
    CHECK(store::RunStore(s.t.db()).get(plain)->attempts == 1);
}

TEST_CASE("a Jenkins answer the backend cannot read fails that run alone, the others go on") {
    Setup s;
    s.options.maxPollFailures = 3;
    const int64_t odd = s.queue("oddqueue");
    const int64_t good = s.queue("folder/app", {{"NVR", "bash-5.2-1.fc41"}});
    jobs::Dispatcher dispatcher(s.t.path(), s.options);
    dispatcher.start();
    dispatcher.fire(odd);
    dispatcher.fire(good);
    auto oddRun = dispatcher.waitFinished(odd, 30s);
    auto goodRun = dispatcher.waitFinished(good, 30s);
    REQUIRE(oddRun);
    REQUIRE(goodRun);
    CHECK(oddRun->status == model::RunStatus::Error);
    CHECK(oddRun->last_error.find("cannot read the answer") != std::string::npos);
    CHECK(goodRun->status == model::RunStatus::Success);
    // Both outcomes were committed, not rolled back with a failed turn.
    CHECK(store::RunStore(s.t.db()).get(odd)->status == model::RunStatus::Error);
    CHECK(store::RunStore(s.t.db()).get(good)->status == model::RunStatus::Success);
}

TEST_CASE("a Jenkins build is followed under the configured URL, not Jenkins' own root URL") {
    Setup s;
    const int64_t id = s.queue("proxied");
    auto run = s.fireAndWait(id);
    REQUIRE(run);
    CHECK(run->status == model::RunStatus::Success);
    // The link shown is the one Jenkins gave; the polls went to the server that was configured.
    CHECK(run->url.rfind("http://127.0.0.1:1/job/proxied/", 0) == 0);
}
