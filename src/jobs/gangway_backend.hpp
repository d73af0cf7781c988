// Prow Gangway REST: POST /v1/executions/{job} (option endpoint=path, OpenShift's form) or
// POST /v1/executions with job_name in the body (endpoint=body, upstream's form), Bearer token,
// status by GET /v1/executions/{id}. Errors carry their text in the grpc-message header and their
// gRPC code in grpc-status: codes a retry cannot change (InvalidArgument, NotFound, ...) and an
// unknown job (Unknown / HTTP 500 "failed to find associated periodic job") are final, other 5xx
// are retried. Gangway cannot abort one execution, and stop() says so. One thread at a time.
#pragma once

#include "jobs/job_backend.hpp"

namespace switchboard::jobs {

class GangwayBackend : public JobBackend {
public:
    GangwayBackend(model::Backend config, std::string token);

    HttpRequest trigger(const model::JobRun& run) override;
    Verdict onTrigger(const model::JobRun& run, const HttpResponse& response) override;
    std::optional<HttpRequest> poll(const model::JobRun& run) override;
    Verdict onPoll(const model::JobRun& run, const HttpResponse& response) override;
    HttpRequest stop(const model::JobRun& run) override;  // always throws JobError
    HttpRequest health() override;
    std::string onHealth(const HttpResponse& response) override;

    // The request body: job_execution_type plus pod_spec_options from the parameters (string
    // values become envs; objects under "envs", "labels", "annotations" are taken as they are).
    nlohmann::json body(const model::JobRun& run) const;

private:
    HttpRequest authed(std::string method, std::string url) const;
    static Verdict fromStatus(const nlohmann::json& execution);
    static Verdict error(const HttpResponse& response);
};

}  // namespace switchboard::jobs
