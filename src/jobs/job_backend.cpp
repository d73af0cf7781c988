#include "jobs/job_backend.hpp"

#include <cerrno>
#include <cstdlib>
#include <fstream>
#include <optional>
#include <sstream>

#include "jobs/dryrun_backend.hpp"
#include "jobs/gangway_backend.hpp"
#include "jobs/jenkins_backend.hpp"
#include "jobs/jobtrigger_backend.hpp"
#include "jobs/publish_backend.hpp"

namespace switchboard::jobs {

JobBackend::JobBackend(model::Backend config, std::string token)
    : m_config(std::move(config)), m_token(std::move(token)) {}

Verdict JobBackend::fireDirect(const model::JobRun&) {
    throw JobError("backend '" + m_config.name + "' only speaks HTTP");
}

std::string JobBackend::preview(const model::JobRun& run) {
    const HttpRequest req = trigger(run);
    std::string text = describe(req);
    if (!req.body.empty()) text += " " + req.body;
    return text;
}

Verdict JobBackend::onStop(const model::JobRun&, const HttpResponse& response) {
    if (response.status >= 200 && response.status < 400) {
        Verdict v;
        v.note = "stop requested";
        v.follow = true;
        return v;
    }
    return failure(response);
}

std::string JobBackend::onHealth(const HttpResponse& response) {
    if (response.status >= 200 && response.status < 300) return {};
    if (response.status == 401 || response.status == 403)
        return "credentials refused (" + summarize(response) + ")";
    return summarize(response);
}

HttpRequest JobBackend::request(std::string method, std::string url) const {
    HttpRequest req;
    req.method = std::move(method);
    req.url = std::move(url);
    const auto& o = m_config.options;
    req.connectTimeoutMs = numberOption("connect_timeout_ms", req.connectTimeoutMs);
    req.timeoutMs = numberOption("timeout_ms", req.timeoutMs);
    req.caFile = m_config.ca_file;
    req.verifyTls = !(o.contains("insecure") && o["insecure"] == true);
    return req;
}

Verdict JobBackend::failure(const HttpResponse& response, std::string error) {
    Verdict v;
    v.retry = response.transportFailed() || response.status >= 500;
    v.error = error.empty() ? summarize(response) : std::move(error);
    v.status = model::RunStatus::Error;
    return v;
}

std::string JobBackend::textOption(const char* key, const std::string& fallback) const {
    const auto& options = m_config.options;
    const auto it = options.is_object() ? options.find(key) : options.end();
    if (it == options.end() || it->is_null()) return fallback;
    return it->is_string() ? it->get<std::string>() : it->dump();
}

long JobBackend::numberOption(const char* key, long fallback) const {
    const auto& options = m_config.options;
    const auto it = options.is_object() ? options.find(key) : options.end();
    if (it == options.end() || it->is_null()) return fallback;
    if (it->is_number_integer()) return it->get<long>();
    if (it->is_string()) {
        const std::string& text = it->get_ref<const std::string&>();
        char* end = nullptr;
        errno = 0;
        const long value = std::strtol(text.c_str(), &end, 10);
        if (!text.empty() && *end == '\0' && errno == 0) return value;
    }
    throw JobError("backend '" + m_config.name + "': option " + key +
                   " must be a whole number, not " + it->dump());
}

std::string resolveToken(const model::Backend& backend) {
    if (!backend.token_env.empty()) {
        const char* value = std::getenv(backend.token_env.c_str());
        if (!value || !*value)
            throw JobError("backend '" + backend.name + "': environment variable " +
                           backend.token_env + " is not set");
        return value;
    }
    if (!backend.token_file.empty()) {
        std::ifstream in(backend.token_file);
        if (!in)
            throw JobError("backend '" + backend.name + "': cannot read token file " +
                           backend.token_file);
        std::stringstream ss;
        ss << in.rdbuf();
        std::string token = ss.str();
        while (!token.empty() &&
               (token.back() == '\n' || token.back() == '\r' || token.back() == ' '))
            token.pop_back();
        return token;
    }
    return {};
}

std::unique_ptr<JobBackend> makeBackend(const model::Backend& backend) {
    std::string token = resolveToken(backend);
    switch (backend.type) {
        case model::BackendType::Jenkins:
            return std::make_unique<JenkinsBackend>(backend, std::move(token));
        case model::BackendType::Gangway:
            return std::make_unique<GangwayBackend>(backend, std::move(token));
        case model::BackendType::JobTrigger:
            return std::make_unique<JobTriggerBackend>(backend, std::move(token));
        case model::BackendType::Publish:
            return std::make_unique<PublishBackend>(backend, std::move(token));
        case model::BackendType::DryRun:
            return std::make_unique<DryRunBackend>(backend);
    }
    throw JobError("backend '" + backend.name + "' has an unknown type");
}

namespace {

std::string paramText(const nlohmann::json& value) {
    return value.is_string() ? value.get<std::string>() : value.dump();
}

std::string expandString(const std::string& text, const model::JobRun& run) {
    std::string out;
    size_t pos = 0;
    while (pos < text.size()) {
        const size_t start = text.find("${", pos);
        if (start == std::string::npos) break;
        const size_t end = text.find('}', start);
        if (end == std::string::npos) break;
        out += text.substr(pos, start - pos);
        const std::string key = text.substr(start + 2, end - start - 2);
        if (key == "job") {
            out += run.job;
        } else if (key.rfind("param:", 0) == 0) {
            const std::string name = key.substr(6);
            if (run.params.contains(name)) out += paramText(run.params[name]);
        } else {
            out += text.substr(start, end - start + 1);
        }
        pos = end + 1;
    }
    out += text.substr(pos);
    return out;
}

// A string that is exactly one placeholder may stand for a JSON value, not only text.
std::optional<nlohmann::json> wholeValue(const std::string& text, const model::JobRun& run) {
    if (text.size() < 4 || text.compare(0, 2, "${") != 0 || text.back() != '}' ||
        text.find('}') != text.size() - 1)
        return std::nullopt;
    const std::string key = text.substr(2, text.size() - 3);
    if (key == "params") return run.params;
    if (key.rfind("param:", 0) == 0) {
        const std::string name = key.substr(6);
        if (run.params.is_object() && run.params.contains(name)) return run.params[name];
        return nlohmann::json("");
    }
    if (key.rfind("json:", 0) == 0) {
        // Parameters typed on a command line are text; this form lets `--param message={...}`
        // reach the service as the object its documentation shows.
        const std::string name = key.substr(5);
        if (!run.params.is_object() || !run.params.contains(name))
            throw JobError("the body template needs parameter '" + name + "', which run " +
                           std::to_string(run.id) + " does not have");
        const nlohmann::json& value = run.params[name];
        if (!value.is_string()) return value;
        auto parsed = nlohmann::json::parse(value.get<std::string>(), nullptr, false);
        if (parsed.is_discarded())
            throw JobError("parameter '" + name +
                           "' is not JSON: " + value.get<std::string>().substr(0, 200));
        return parsed;
    }
    return std::nullopt;
}

}  // namespace

nlohmann::json expandTemplate(const nlohmann::json& tmpl, const model::JobRun& run) {
    if (tmpl.is_string()) {
        const std::string& text = tmpl.get_ref<const std::string&>();
        if (auto value = wholeValue(text, run)) return *value;
        return expandString(text, run);
    }
    if (tmpl.is_object()) {
        nlohmann::json out = nlohmann::json::object();
        for (auto it = tmpl.begin(); it != tmpl.end(); ++it)
            out[it.key()] = expandTemplate(it.value(), run);
        return out;
    }
    if (tmpl.is_array()) {
        nlohmann::json out = nlohmann::json::array();
        for (const auto& item : tmpl) out.push_back(expandTemplate(item, run));
        return out;
    }
    return tmpl;
}

}  // namespace switchboard::jobs
