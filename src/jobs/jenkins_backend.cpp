#include "jobs/jenkins_backend.hpp"

namespace switchboard::jobs {

namespace {

nlohmann::json parseJson(const std::string& body) {
    return nlohmann::json::parse(body, nullptr, false);
}

// The queue item id from ".../queue/item/57/".
std::string queueId(const std::string& location) {
    const std::string marker = "/queue/item/";
    const size_t at = location.find(marker);
    if (at == std::string::npos) return {};
    std::string id = location.substr(at + marker.size());
    while (!id.empty() && id.back() == '/') id.pop_back();
    return id;
}

std::string withSlash(std::string url) {
    if (url.empty() || url.back() != '/') url += '/';
    return url;
}

}  // namespace

JenkinsBackend::JenkinsBackend(model::Backend config, std::string token)
    : JobBackend(std::move(config), std::move(token)) {}

bool JenkinsBackend::plainBuild(const model::JobRun& run) const {
    const bool withParams = run.params.is_object() && !run.params.empty();
    return !withParams && m_parameterized.count(run.job) == 0;
}

bool JenkinsBackend::usesCrumb() const {
    return textOption("auth", "token") == "password";
}

HttpRequest JenkinsBackend::authed(std::string method, std::string url) const {
    HttpRequest req = request(std::move(method), std::move(url));
    if (!m_config.user.empty() || !m_token.empty())
        req.headers.emplace_back("Authorization", "Basic " + base64(m_config.user + ":" + m_token));
    if (usesCrumb() && req.method == "POST" && !m_crumb.empty()) {
        req.headers.emplace_back(m_crumbField, m_crumb);
        if (!m_cookie.empty()) req.headers.emplace_back("Cookie", m_cookie);
    }
    return req;
}

std::string JenkinsBackend::jobPath(const std::string& job) {
    std::string path;
    size_t pos = 0;
    while (pos <= job.size()) {
        const size_t slash = job.find('/', pos);
        const std::string segment =
            job.substr(pos, slash == std::string::npos ? std::string::npos : slash - pos);
        if (!segment.empty()) path += "/job/" + urlEncode(segment);
        if (slash == std::string::npos) break;
        pos = slash + 1;
    }
    return path;
}

std::optional<HttpRequest> JenkinsBackend::preflight() {
    if (!usesCrumb() || !m_crumb.empty()) return std::nullopt;
    return authed("GET", joinUrl(m_config.url, "/crumbIssuer/api/json"));
}

std::string JenkinsBackend::acceptPreflight(const HttpResponse& response) {
    if (response.status != 200) return "crumb request failed: " + summarize(response);
    const auto json = parseJson(response.body);
    if (!json.is_object() || !json.contains("crumb")) return "crumb answer has no crumb";
    m_crumb = json.value("crumb", "");
    m_crumbField = json.value("crumbRequestField", "Jenkins-Crumb");
    m_cookie.clear();
    for (const auto& [name, value] : response.headers) {
        if (name != "set-cookie" || value.rfind("JSESSIONID", 0) != 0) continue;
        m_cookie = value.substr(0, value.find(';'));
    }
    return {};
}

HttpRequest JenkinsBackend::trigger(const model::JobRun& run) {
    const bool withParams = run.params.is_object() && !run.params.empty();
    HttpRequest req =
        authed("POST", joinUrl(m_config.url, jobPath(run.job) + (plainBuild(run) ? "/build"
                                                                  : "/buildWithParameters")));
    if (withParams) {
        std::string form;
        for (auto it = run.params.begin(); it != run.params.end(); ++it) {
            if (!form.empty()) form += '&';
            const std::string value =
                it.value().is_string() ? it.value().get<std::string>() : it.value().dump();
            form += urlEncode(it.key()) + "=" + urlEncode(value);
        }
        req.body = form;
        req.headers.emplace_back("Content-Type", "application/x-www-form-urlencoded");
    }
    return req;
}

Verdict JenkinsBackend::onTrigger(const model::JobRun& run, const HttpResponse& response) {
    if (response.status == 201 || response.status == 303) {
        const std::string location = response.header("location");
        const std::string item = queueId(location);
        // Jenkins redirects elsewhere when it could not schedule the build.
        if (item.empty())
            return failure(response, "Jenkins did not queue the build (Location: " +
                                         (location.empty() ? "none" : location) + ")");
        Verdict v;
        v.status = model::RunStatus::Running;
        v.url = withSlash(location);
        v.external_id = "queue/" + item;
        v.follow = true;
        v.note = response.status == 303 ? "an identical item was already queued" : "queued";
        return v;
    }
    if (response.status == 400 && plainBuild(run)) {
        m_parameterized.insert(run.job);
        // A parameterized job refuses /build without a form ("Nothing is submitted"); the
        // next attempt asks buildWithParameters, which takes each parameter's default.
        Verdict v = failure(response, "job '" + run.job +
                                          "' refused /build, as a job with parameters does: "
                                          "trying buildWithParameters with their defaults (" +
                                          summarize(response) + ")");
        v.retry = true;
        return v;
    }
    // Only a password login carries a crumb; with an API token a 403 is the credentials.
    if (usesCrumb() && response.status == 403 &&
        response.body.find("crumb") != std::string::npos) {
        // The session behind the crumb expired: fetch a new one and try again.
        m_crumb.clear();
        Verdict v = failure(response, "no valid crumb: " + summarize(response));
        v.retry = true;
        return v;
    }
    if (response.status == 409)
        return failure(response, "job '" + run.job + "' is disabled (HTTP 409)");
    if (response.status == 404) return failure(response, "no job '" + run.job + "' (HTTP 404)");
    return failure(response);
}

Verdict JenkinsBackend::onBuildLookup(const model::JobRun& run, const nlohmann::json& job) {
    Verdict v;
    v.follow = true;
    const std::string item = run.external_id.substr(7);
    const auto builds = job.is_object() ? job.find("builds") : job.end();
    if (builds != job.end() && builds->is_array()) {
        for (const nlohmann::json& build : *builds) {
            if (!build.is_object() || !build.contains("queueId") ||
                !build["queueId"].is_number_integer() ||
                std::to_string(build["queueId"].get<int64_t>()) != item)
                continue;
            v.external_id = std::to_string(build.value("number", 0));
            v.url = withSlash(build.value("url", ""));
            v.note = "build " + v.external_id + " (found by its queue item " + item + ")";
            return v;
        }
    }
    v.follow = false;
    v.status = model::RunStatus::Error;
    v.error = "queue item " + item + " is gone and none of the last 100 builds of " + run.job +
              " came from it";
    return v;
}

std::string JenkinsBackend::itemUrl(const model::JobRun& run) const {
    // Built on the configured base, not on the URL Jenkins reported: that one comes from
    // Jenkins' own root URL setting, often http://jenkins:8080/ behind a TLS proxy, and the
    // credentials must only ever go to the base the user gave.
    if (run.external_id.rfind("queue/", 0) == 0)
        return joinUrl(m_config.url, "/queue/item/" + run.external_id.substr(6) + "/");
    if (!run.external_id.empty() &&
        run.external_id.find_first_not_of("0123456789") == std::string::npos)
        return joinUrl(m_config.url, jobPath(run.job) + "/" + run.external_id + "/");
    return {};
}

std::optional<HttpRequest> JenkinsBackend::poll(const model::JobRun& run) {
    if (run.external_id.rfind("lookup/", 0) == 0) {
        // The job's last builds with the queue item each came from ({0,100}, escaped).
        return authed("GET", joinUrl(m_config.url, jobPath(run.job) +
                                                       "/api/json?tree=builds[number,url,queueId]"
                                                       "%7B0,100%7D"));
    }
    const std::string url = itemUrl(run);
    if (url.empty()) return std::nullopt;
    // Only the fields read: a build's whole JSON (actions, artifacts, change sets) can pass the
    // answer's size limit and would then not parse.
    const bool inQueue = run.external_id.rfind("queue/", 0) == 0;
    return authed("GET", url + (inQueue ? "api/json?tree=id,cancelled,why,executable[number,url]"
                                        : "api/json?tree=number,url,building,result"));
}

Verdict JenkinsBackend::onPoll(const model::JobRun& run, const HttpResponse& response) {
    Verdict v;
    v.follow = true;
    const bool inQueue = run.external_id.rfind("queue/", 0) == 0;
    if (response.status == 404 && inQueue) {
        // Jenkins forgets a left queue item after five minutes (a console closed meanwhile, a
        // long outage): its build is found by the queue id each build records.
        v.external_id = "lookup/" + run.external_id.substr(6);
        v.note = "queue item " + run.external_id.substr(6) +
                 " has left the queue; looking for its build among the job's builds";
        return v;
    }
    if (run.external_id.rfind("lookup/", 0) == 0 && response.status == 200)
        return onBuildLookup(run, parseJson(response.body));
    if (response.status != 200) {
        v = failure(response);
        v.status.reset();
        v.follow = true;
        return v;
    }
    const auto json = parseJson(response.body);
    if (!json.is_object()) {
        v.error = "status answer is not JSON";
        return v;
    }
    if (inQueue) {
        if (json.value("cancelled", false)) {
            v.status = model::RunStatus::Aborted;
            v.follow = false;
            v.error = "queue item cancelled";
            return v;
        }
        const auto exe = json.find("executable");
        if (exe != json.end() && exe->is_object()) {
            v.external_id = std::to_string(exe->value("number", 0));
            v.url = withSlash(exe->value("url", ""));
            v.note = "build " + v.external_id;
        } else if (json.contains("why") && json["why"].is_string()) {
            v.note = json["why"].get<std::string>();
        }
        return v;
    }
    // A build still running has "building": true and "result": null; a result that is not text
    // is not one Jenkins writes, so the build counts as running and the next poll looks again.
    const auto building = json.find("building");
    const auto resultField = json.find("result");
    if ((building != json.end() && *building == true) || resultField == json.end() ||
        !resultField->is_string())
        return v;
    const std::string result = resultField->get<std::string>();
    v.follow = false;
    if (result == "SUCCESS") {
        v.status = model::RunStatus::Success;
    } else if (result == "ABORTED" || result == "NOT_BUILT") {
        v.status = model::RunStatus::Aborted;
        v.error = result;
    } else {
        v.status = model::RunStatus::Failure;  // FAILURE, UNSTABLE
        v.error = result;
    }
    return v;
}

HttpRequest JenkinsBackend::stop(const model::JobRun& run) {
    if (run.external_id.rfind("queue/", 0) == 0)
        return authed("POST",
                      joinUrl(m_config.url, "/queue/cancelItem?id=" + run.external_id.substr(6)));
    const std::string url = itemUrl(run);
    if (url.empty()) throw JobError("run " + std::to_string(run.id) + " has no Jenkins build yet");
    return authed("POST", url + "stop");
}

Verdict JenkinsBackend::onStop(const model::JobRun& run, const HttpResponse& response) {
    const bool inQueue = run.external_id.rfind("queue/", 0) == 0;
    if (inQueue && (response.status == 204 || response.status == 302 || response.status == 200)) {
        Verdict v;
        v.status = model::RunStatus::Aborted;
        v.error = "queue item cancelled";
        return v;
    }
    if (inQueue && response.status == 404)
        return failure(response, "queue item already left the queue; stop the build instead");
    return JobBackend::onStop(run, response);
}

HttpRequest JenkinsBackend::health() {
    return authed("GET", joinUrl(m_config.url, "/api/json"));
}

HttpRequest JenkinsBackend::jobInfo(const std::string& job) {
    return authed("GET", joinUrl(m_config.url, jobPath(job) + "/api/json"));
}

std::vector<ParameterDefinition> JenkinsBackend::parameterDefinitions(
    const nlohmann::json& jobJson) {
    std::vector<ParameterDefinition> out;
    if (!jobJson.is_object() || !jobJson.contains("property") || !jobJson["property"].is_array())
        return out;
    for (const auto& property : jobJson["property"]) {
        if (!property.is_object() || !property.contains("parameterDefinitions")) continue;
        for (const auto& def : property["parameterDefinitions"]) {
            ParameterDefinition p;
            p.name = def.value("name", "");
            p.type = def.value("type", "");
            p.description = def.contains("description") && def["description"].is_string()
                                ? def["description"].get<std::string>()
                                : "";
            if (def.contains("defaultParameterValue") && def["defaultParameterValue"].is_object())
                p.defaultValue = def["defaultParameterValue"].value("value", nlohmann::json());
            out.push_back(std::move(p));
        }
    }
    return out;
}

}  // namespace switchboard::jobs
