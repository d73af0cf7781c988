// The job-trigger REST service: POST /jobs/trigger, /jobs/trigger-by-list, /jobs/build_image and
// /jobs/stop with JSON bodies. Its API is not public, so each endpoint's body is a template stored
// in the backend's options ("templates": {"trigger": {...}, ...}) and editable per backend; the
// endpoint is the backend's "endpoint" option or the run's "_endpoint" parameter. The service has
// no status API known to us: a 2xx answer means accepted, and the run is done.
// One thread at a time (see JobBackend).
#pragma once

#include "jobs/job_backend.hpp"

namespace switchboard::jobs {

class JobTriggerBackend : public JobBackend {
public:
    JobTriggerBackend(model::Backend config, std::string token);

    HttpRequest trigger(const model::JobRun& run) override;
    Verdict onTrigger(const model::JobRun& run, const HttpResponse& response) override;
    HttpRequest stop(const model::JobRun& run) override;
    Verdict onStop(const model::JobRun& run, const HttpResponse& response) override;
    HttpRequest health() override;

    // The built-in body templates by endpoint name (trigger, trigger-by-list, build_image, stop).
    static nlohmann::json defaultTemplates();

private:
    HttpRequest post(const std::string& endpoint, const model::JobRun& run) const;
};

}  // namespace switchboard::jobs
