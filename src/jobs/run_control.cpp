#include "jobs/run_control.hpp"

#include <thread>

#include "bus/publisher.hpp"
#include "jobs/curl_transfer.hpp"
#include "jobs/jenkins_backend.hpp"
#include "store/backend_store.hpp"
#include "store/run_store.hpp"

namespace switchboard::jobs {

namespace {

using Clock = std::chrono::steady_clock;

// Sends a request after the backend's preflight (the Jenkins crumb), when it needs one.
HttpResponse sendWithPreflight(JobBackend& backend, const std::function<HttpRequest()>& build) {
    if (auto pre = backend.preflight()) {
        const HttpResponse answer = sendOnce(*pre);
        const std::string err = backend.acceptPreflight(answer);
        if (!err.empty()) throw JobError(err);
    }
    return sendOnce(build());
}

std::string tryOnce(const model::Backend& config, JobBackend& backend, long timeoutMs) {
    if (config.type == model::BackendType::DryRun) return {};
    if (config.type == model::BackendType::Publish) {
        bus::PublishTarget target;
        target.url = config.url;
        target.user = config.user;
        target.password = resolveToken(config);
        target.caFile = config.ca_file;
        target.timeout = std::chrono::milliseconds(timeoutMs);
        try {
            bus::Publisher publisher(target);
            publisher.open();
            publisher.close();
            return {};
        } catch (const std::exception& e) {
            return e.what();
        }
    }
    HttpRequest req;
    try {
        req = backend.health();
    } catch (const std::exception& e) {
        return e.what();  // the backend's own configuration (an option that is not a number)
    }
    req.timeoutMs = std::min(req.timeoutMs, timeoutMs);
    req.connectTimeoutMs = std::min(req.connectTimeoutMs, timeoutMs);
    return backend.onHealth(sendOnce(req));
}

}  // namespace

std::string checkHealth(const model::Backend& config, const HealthOptions& options) {
    std::unique_ptr<JobBackend> backend;
    try {
        backend = makeBackend(config);
    } catch (const std::exception& e) {
        return e.what();
    }
    const auto deadline = Clock::now() + options.timeout;
    int tries = 0;
    while (true) {
        const auto left =
            std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
        const std::string why =
            tryOnce(config, *backend, std::max<long>(100, static_cast<long>(left.count())));
        ++tries;
        if (why.empty()) return {};
        const auto remaining =
            std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
        if (remaining <= std::chrono::milliseconds(0))
            return why + " (after " + std::to_string(tries) + " tries)";
        if (options.progress)
            options.progress("backend " + config.name + " not ready: " + why + "; retrying, " +
                             std::to_string(remaining.count() / 1000) + " s left");
        std::this_thread::sleep_for(std::min(options.interval, remaining));
    }
}

model::JobRun stopRunNow(store::Database& db, int64_t runId) {
    store::RunStore runs(db);
    auto run = runs.get(runId);
    if (!run) throw JobError("no run " + std::to_string(runId));
    if (model::isFinal(run->status))
        throw JobError("run " + std::to_string(runId) + " is already " +
                       std::string(model::runStatusName(run->status)));
    if (run->status == model::RunStatus::Queued && runs.claim(runId)) {
        run->status = model::RunStatus::Aborted;
        run->last_error = "stopped before it was sent";
        run->finished_at = store::nowMs();
        runs.update(*run);
        return *run;
    }
    store::BackendStore backends(db);
    auto config = backends.get(run->backend);
    if (!config) throw JobError("no backend named '" + run->backend + "'");
    auto backend = makeBackend(*config);
    if (config->type == model::BackendType::DryRun) {
        run->status = model::RunStatus::Aborted;
        run->last_error = "stopped";
    } else {
        HttpRequest stopRequest = backend->stop(*run);  // throws for Gangway
        const HttpResponse answer =
            sendWithPreflight(*backend, [&] { return backend->stop(*run); });
        const Verdict v = backend->onStop(*run, answer);
        store::RunAttempt a;
        a.run_id = runId;
        a.attempt = run->attempts;
        a.request = describe(stopRequest);
        a.http_status = answer.status;
        a.outcome = v.error.empty() || v.status == model::RunStatus::Aborted ? "ok" : "final";
        a.detail = "stop: " + (v.error.empty() ? v.note : v.error);
        runs.addAttempt(a);
        if (v.status == model::RunStatus::Aborted) {
            run->status = model::RunStatus::Aborted;
            run->last_error = v.error;
        } else if (!v.error.empty()) {
            run->last_error = "stop failed: " + v.error;
            runs.update(*run);
            throw JobError(run->last_error);
        }
    }
    run->updated_at = store::nowMs();
    if (model::isFinal(run->status)) run->finished_at = run->updated_at;
    runs.update(*run);
    return *run;
}

std::vector<ParameterDefinition> fetchJobParameters(const model::Backend& config,
                                                    const std::string& job) {
    if (config.type != model::BackendType::Jenkins)
        throw JobError("backend '" + config.name + "' has no parameter definitions to read");
    JenkinsBackend backend(config, resolveToken(config));
    const HttpResponse answer = sendOnce(backend.jobInfo(job));
    if (answer.status != 200) throw JobError("cannot read job '" + job + "': " + summarize(answer));
    const auto json = nlohmann::json::parse(answer.body, nullptr, false);
    return JenkinsBackend::parameterDefinitions(json);
}

}  // namespace switchboard::jobs
