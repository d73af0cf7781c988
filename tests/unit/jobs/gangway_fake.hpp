// A fake Gangway (Prow's REST API as OpenShift exposes it) for the jobs tests: Bearer token check
// (401 with a non-JSON body, as the oauth-proxy answers), POST /v1/executions/{job} and
// POST /v1/executions with job_name in the body, GET /v1/executions/{id} answering TRIGGERED,
// then PENDING, then SUCCESS, errors with grpc-status and grpc-message headers.
// Jobs named "numeric-*" are answered with job_status as the enum's number. Jobs named "flaky-*"
// fail with 500 twice then succeed, "broken-*" always 500 (a ProwJob that cannot be created: gRPC
// Unknown), "missing-*" are unknown to Prow and answered as upstream gangway.go answers them: a
// plain error, so gRPC Unknown (2), which the REST transcoder sends as HTTP 500 with the text in
// grpc-message.
#pragma once

#include <map>
#include <mutex>

#include <nlohmann/json.hpp>

#include "fakes.hpp"

namespace switchboard::testing {

class GangwayFake {
public:
    explicit GangwayFake(std::string token) : m_token(std::move(token)) {
        auto& s = m_http.server;
        s.Post(R"(/v1/executions/(.+))",
               [this](const httplib::Request& req, httplib::Response& res) {
                   create(req.matches[1].str(), req, res);
               });
        s.Post("/v1/executions", [this](const httplib::Request& req, httplib::Response& res) {
            const auto body = nlohmann::json::parse(req.body, nullptr, false);
            create(body.is_object() ? body.value("job_name", "") : "", req, res);
        });
        s.Get("/v1/executions", [this](const httplib::Request& req, httplib::Response& res) {
            if (!authorized(req, res)) return;
            res.set_content(R"({"job_execution": []})", "application/json");
        });
        s.Get(
            R"(/v1/executions/(.+))", [this](const httplib::Request& req, httplib::Response& res) {
                if (!authorized(req, res)) return;
                std::lock_guard<std::mutex> lock(m_mutex);
                const std::string id = req.matches[1].str();
                auto it = m_polls.find(id);
                if (it == m_polls.end()) {
                    res.status = 404;
                    res.set_header("grpc-status", "5");
                    res.set_header("grpc-message", "prowjobs.prow.k8s.io \"" + id + "\" not found");
                    return;
                }
                const int n = it->second++;
                const char* status = n == 0 ? "TRIGGERED" : n == 1 ? "PENDING" : "SUCCESS";
                nlohmann::json out = {{"id", id},
                                      {"job_name", m_jobOf[id]},
                                      {"job_type", "PERIODIC"},
                                      {"job_status", status}};
                // proto3's JSON mapping may also write the enum as its number.
                if (m_jobOf[id].rfind("numeric-", 0) == 0) out["job_status"] = n < 2 ? n + 1 : 3;
                if (n >= 2) out["job_url"] = "https://prow.example/view/" + id;
                res.set_content(out.dump(), "application/json");
            });
        m_http.start();
    }

    std::string url() const { return m_http.url(); }
    int posts(const std::string& job) {
        std::lock_guard<std::mutex> lock(m_mutex);
        return m_posts[job];
    }
    nlohmann::json lastBody(const std::string& job) {
        std::lock_guard<std::mutex> lock(m_mutex);
        return m_bodies[job];
    }
    int unauthorized() const { return m_unauthorized; }

private:
    bool authorized(const httplib::Request& req, httplib::Response& res) {
        if (req.get_header_value("Authorization") == "Bearer " + m_token) return true;
        ++m_unauthorized;
        res.status = 401;
        res.set_content("Unauthorized", "text/plain");
        return false;
    }

    void error(httplib::Response& res, int status, const char* code, const std::string& message) {
        res.status = status;
        res.set_header("grpc-status", code);
        res.set_header("grpc-message", message);
        res.set_content("", "text/plain");
    }

    // Gangway handles PERIODIC (1), POSTSUBMIT (2) and PRESUBMIT (3), in the forms proto3's JSON
    // mapping reads: the number as text (what clients send), the number, or the name.
    static bool handledType(const nlohmann::json& type) {
        for (const nlohmann::json& form :
             {nlohmann::json("1"), nlohmann::json(1), nlohmann::json("PERIODIC"),
              nlohmann::json("2"), nlohmann::json(2), nlohmann::json("POSTSUBMIT"),
              nlohmann::json("3"), nlohmann::json(3), nlohmann::json("PRESUBMIT")})
            if (type == form) return true;
        return false;
    }

    void create(const std::string& job, const httplib::Request& req, httplib::Response& res) {
        if (!authorized(req, res)) return;
        const auto body = nlohmann::json::parse(req.body, nullptr, false);
        std::lock_guard<std::mutex> lock(m_mutex);
        const int n = ++m_posts[job];
        m_bodies[job] = body;
        if (job.empty()) return error(res, 400, "3", "job_name field cannot be empty");
        if (!body.is_object() || !handledType(body.value("job_execution_type", nlohmann::json())))
            return error(res, 400, "3", "unsupported JobExecutionType");
        if (job.rfind("broken-", 0) == 0 || (job.rfind("flaky-", 0) == 0 && n <= 2))
            return error(res, 500, "2", "failed to reach the cluster for \"" + job + "\"");
        if (job.rfind("missing-", 0) == 0)
            return error(res, 500, "2", "failed to find associated periodic job \"" + job + "\"");
        const std::string id = "exec-" + std::to_string(++m_next);
        m_polls[id] = 0;
        m_jobOf[id] = job;
        res.set_content(nlohmann::json{{"id", id},
                                       {"job_name", job},
                                       {"job_type", "PERIODIC"},
                                       {"job_status", "TRIGGERED"}}
                            .dump(),
                        "application/json");
    }

    std::string m_token;
    std::mutex m_mutex;
    std::map<std::string, int> m_posts;
    std::map<std::string, nlohmann::json> m_bodies;
    std::map<std::string, int> m_polls;
    std::map<std::string, std::string> m_jobOf;
    int m_next = 0;
    std::atomic<int> m_unauthorized{0};
    FakeServer m_http;  // last: it stops (joins its thread) before the maps above go away
};

}  // namespace switchboard::testing
