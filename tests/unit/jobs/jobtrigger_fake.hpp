// A fake job-trigger REST service for the jobs tests: POST /jobs/trigger, /jobs/trigger-by-list,
// /jobs/build_image and /jobs/stop with JSON bodies and a Bearer token (401 without it). Every
// request is recorded; by default it answers 200 {"id": "jt-N"}, and a test scripts other answers
// per path (a 500 before the 200, a 400 with a reason) to drive the dispatcher's retries.
#pragma once

#include <deque>
#include <map>
#include <mutex>
#include <vector>

#include <nlohmann/json.hpp>

#include "fakes.hpp"

namespace switchboard::testing {

class JobTriggerFake {
public:
    struct Received {
        std::string path;
        std::string authorization;
        std::string contentType;
        nlohmann::json body;  // discarded when the body was not JSON
    };
    struct Answer {
        int status = 200;
        std::string body;
    };

    explicit JobTriggerFake(std::string token) : m_token(std::move(token)) {
        m_http.server.Post(
            R"(/jobs/(trigger|trigger-by-list|build_image|stop))",
            [this](const httplib::Request& req, httplib::Response& res) { handle(req, res); });
        m_http.server.Get("/", [](const httplib::Request&, httplib::Response& res) {
            res.set_content("job-trigger", "text/plain");
        });
        m_http.start();
    }

    std::string url() const { return m_http.url(); }

    // The next answers for this path ("/jobs/build_image"), in order; then 200 again.
    void script(const std::string& path, std::vector<Answer> answers) {
        std::lock_guard<std::mutex> lock(m_mutex);
        for (auto& a : answers) m_script[path].push_back(std::move(a));
    }
    std::vector<Received> received() {
        std::lock_guard<std::mutex> lock(m_mutex);
        return m_received;
    }
    size_t count(const std::string& path) {
        std::lock_guard<std::mutex> lock(m_mutex);
        size_t n = 0;
        for (const auto& r : m_received) n += r.path == path;
        return n;
    }

private:
    void handle(const httplib::Request& req, httplib::Response& res) {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_received.push_back({req.path, req.get_header_value("Authorization"),
                              req.get_header_value("Content-Type"),
                              nlohmann::json::parse(req.body, nullptr, false)});
        if (req.get_header_value("Authorization") != "Bearer " + m_token) {
            res.status = 401;
            res.set_content("Unauthorized", "text/plain");
            return;
        }
        if (!m_received.back().body.is_object()) {
            res.status = 400;
            res.set_content(R"({"error": "body is not a JSON object"})", "application/json");
            return;
        }
        auto& queue = m_script[req.path];
        if (!queue.empty()) {
            const Answer a = queue.front();
            queue.pop_front();
            if (a.status != 200 || !a.body.empty()) {
                res.status = a.status;
                res.set_content(a.body, "application/json");
                return;
            }
        }
        res.set_content(nlohmann::json{{"id", "jt-" + std::to_string(++m_next)}}.dump(),
                        "application/json");
    }

    std::string m_token;
    std::mutex m_mutex;
    std::map<std::string, std::deque<Answer>> m_script;
    std::vector<Received> m_received;
    int m_next = 0;
    FakeServer m_http;  // last: it stops before the members above go away
};

}  // namespace switchboard::testing
