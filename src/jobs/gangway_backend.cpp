#include "jobs/gangway_backend.hpp"

namespace switchboard::jobs {

GangwayBackend::GangwayBackend(model::Backend config, std::string token)
    : JobBackend(std::move(config), std::move(token)) {}

HttpRequest GangwayBackend::authed(std::string method, std::string url) const {
    HttpRequest req = request(std::move(method), std::move(url));
    if (!m_token.empty()) req.headers.emplace_back("Authorization", "Bearer " + m_token);
    return req;
}

nlohmann::json GangwayBackend::body(const model::JobRun& run) const {
    nlohmann::json body = {
        {"job_execution_type", m_config.options.value("execution_type", std::string("1"))}};
    if (m_config.options.value("endpoint", std::string("path")) == "body")
        body["job_name"] = run.job;
    nlohmann::json pod = nlohmann::json::object();
    for (auto it = run.params.begin(); run.params.is_object() && it != run.params.end(); ++it) {
        const std::string& key = it.key();
        if ((key == "envs" || key == "labels" || key == "annotations") && it.value().is_object()) {
            for (auto kv = it.value().begin(); kv != it.value().end(); ++kv)
                pod[key][kv.key()] =
                    kv.value().is_string() ? kv.value().get<std::string>() : kv.value().dump();
        } else {
            pod["envs"][key] =
                it.value().is_string() ? it.value().get<std::string>() : it.value().dump();
        }
    }
    if (!pod.empty()) body["pod_spec_options"] = pod;
    return body;
}

HttpRequest GangwayBackend::trigger(const model::JobRun& run) {
    const bool inPath = m_config.options.value("endpoint", std::string("path")) != "body";
    HttpRequest req = authed(
        "POST",
        joinUrl(m_config.url, inPath ? "/v1/executions/" + urlEncode(run.job) : "/v1/executions"));
    req.headers.emplace_back("Content-Type", "application/json");
    req.body = body(run).dump();
    return req;
}

Verdict GangwayBackend::error(const HttpResponse& response) {
    std::string message = response.header("grpc-message");
    if (message.empty()) return failure(response);
    return failure(response, "HTTP " + std::to_string(response.status) + ": " + message);
}

Verdict GangwayBackend::fromStatus(const nlohmann::json& execution) {
    Verdict v;
    const std::string status = execution.value("job_status", "");
    if (execution.contains("job_url") && execution["job_url"].is_string())
        v.url = execution["job_url"].get<std::string>();
    v.note = status;
    if (status == "SUCCESS") {
        v.status = model::RunStatus::Success;
    } else if (status == "FAILURE") {
        v.status = model::RunStatus::Failure;
        v.error = "FAILURE";
    } else if (status == "ABORTED") {
        v.status = model::RunStatus::Aborted;
        v.error = "ABORTED";
    } else if (status == "ERROR") {
        v.status = model::RunStatus::Error;
        v.error = "ERROR";
    } else {
        // TRIGGERED, PENDING (Gangway has no running state), SCHEDULING, or unknown.
        v.status = model::RunStatus::Running;
        v.follow = true;
    }
    return v;
}

Verdict GangwayBackend::onTrigger(const model::JobRun&, const HttpResponse& response) {
    if (response.status != 200) return error(response);
    const auto json = nlohmann::json::parse(response.body, nullptr, false);
    if (!json.is_object() || !json.contains("id") || !json["id"].is_string())
        return failure(response, "Gangway answer has no execution id: " + summarize(response));
    Verdict v = fromStatus(json);
    v.external_id = json["id"].get<std::string>();
    return v;
}

std::optional<HttpRequest> GangwayBackend::poll(const model::JobRun& run) {
    if (run.external_id.empty()) return std::nullopt;
    return authed("GET", joinUrl(m_config.url, "/v1/executions/" + urlEncode(run.external_id)));
}

Verdict GangwayBackend::onPoll(const model::JobRun&, const HttpResponse& response) {
    if (response.status != 200) {
        Verdict v = error(response);
        v.status.reset();
        v.follow = true;
        return v;
    }
    const auto json = nlohmann::json::parse(response.body, nullptr, false);
    if (!json.is_object()) {
        Verdict v;
        v.follow = true;
        v.error = "status answer is not JSON";
        return v;
    }
    return fromStatus(json);
}

HttpRequest GangwayBackend::stop(const model::JobRun&) {
    throw JobError(
        "Gangway cannot abort an execution: its API has no cancel for one id; abort it in Prow "
        "(Deck or the ProwJob) instead");
}

HttpRequest GangwayBackend::health() {
    const std::string path = m_config.options.value(
        "health_path", std::string("/v1/executions?job_name=switchboard-health-check"));
    return authed("GET", joinUrl(m_config.url, path));
}

std::string GangwayBackend::onHealth(const HttpResponse& response) {
    // An unknown execution still proves Gangway and the token work; only auth and 5xx do not.
    if (response.status == 404) return {};
    std::string why = JobBackend::onHealth(response);
    const std::string message = response.header("grpc-message");
    if (!why.empty() && !message.empty()) why += " (" + message + ")";
    return why;
}

}  // namespace switchboard::jobs
