#include "jobs/gangway_backend.hpp"

#include <cctype>
#include <cstdint>
#include <iterator>

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
        {"job_execution_type", textOption("execution_type", "1")}};
    if (textOption("endpoint", "path") == "body")
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
    const bool inPath = textOption("endpoint", "path") != "body";
    HttpRequest req = authed(
        "POST",
        joinUrl(m_config.url, inPath ? "/v1/executions/" + urlEncode(run.job) : "/v1/executions"));
    req.headers.emplace_back("Content-Type", "application/json");
    req.body = body(run).dump();
    return req;
}

namespace {

// grpc-message is percent-encoded (gRPC over HTTP/2 spec): "%" and non-printable bytes.
std::string percentDecoded(const std::string& text) {
    std::string out;
    for (size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '%' && i + 2 < text.size() &&
            std::isxdigit(static_cast<unsigned char>(text[i + 1])) &&
            std::isxdigit(static_cast<unsigned char>(text[i + 2]))) {
            out += static_cast<char>(std::stoi(text.substr(i + 1, 2), nullptr, 16));
            i += 2;
        } else {
            out += text[i];
        }
    }
    return out;
}

// gRPC codes (google.rpc.Code) whose answer a retry cannot change: InvalidArgument, NotFound,
// AlreadyExists, PermissionDenied, FailedPrecondition, OutOfRange, Unimplemented, Unauthenticated.
bool finalCode(int code) {
    return code == 3 || code == 5 || code == 6 || code == 7 || code == 9 || code == 11 ||
           code == 12 || code == 16;
}

// Gangway returns some request errors as plain Go errors, which gRPC sends as Unknown (2) and the
// REST transcoder as HTTP 500 (prow pkg/gangway/gangway.go: the job is not in Prow's config, or
// the name matches several jobs, or the execution type is not handled). They are the caller's
// mistake, so retrying only repeats them; other Unknown errors (the ProwJob could not be created)
// may pass and are retried.
bool requestError(const std::string& message) {
    return message.rfind("failed to find associated ", 0) == 0 ||
           message.find(" matches multiple prow jobs") != std::string::npos ||
           message.rfind("unsupported JobExecutionType", 0) == 0;
}

}  // namespace

Verdict GangwayBackend::error(const HttpResponse& response) {
    const std::string message = percentDecoded(response.header("grpc-message"));
    if (message.empty()) return failure(response);
    Verdict v = failure(response, "HTTP " + std::to_string(response.status) + ": " + message);
    const std::string code = response.header("grpc-status");
    int grpcCode = -1;
    if (!code.empty() && code.find_first_not_of("0123456789") == std::string::npos &&
        code.size() < 4)
        grpcCode = std::stoi(code);
    if (v.retry && (finalCode(grpcCode) || (grpcCode == 2 && requestError(message)))) {
        v.retry = false;
        v.note = "final: gRPC code " + code;
    }
    return v;
}

namespace {

// job_status as text: proto3's JSON mapping may write an enum as its number (JobExecutionStatus:
// UNSPECIFIED=0, TRIGGERED, PENDING, SUCCESS, FAILURE, ABORTED, ERROR, SCHEDULING).
std::string statusName(const nlohmann::json& execution) {
    static const char* const kNames[] = {"JOB_EXECUTION_STATUS_UNSPECIFIED", "TRIGGERED",
                                         "PENDING", "SUCCESS", "FAILURE", "ABORTED", "ERROR",
                                         "SCHEDULING"};
    const auto it = execution.find("job_status");
    if (it == execution.end()) return {};
    if (it->is_string()) return it->get<std::string>();
    if (it->is_number_integer() && it->get<int64_t>() >= 0 &&
        it->get<int64_t>() < static_cast<int64_t>(std::size(kNames)))
        return kNames[it->get<int64_t>()];
    return it->dump();
}

}  // namespace

Verdict GangwayBackend::fromStatus(const nlohmann::json& execution) {
    Verdict v;
    const std::string status = statusName(execution);
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
    const std::string path =
        textOption("health_path", "/v1/executions?job_name=switchboard-health-check");
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
