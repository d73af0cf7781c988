// The dry-run backend: records the run and what would have been sent; sends nothing. The demo
// uses it. One thread at a time (see JobBackend).
#pragma once

#include "jobs/job_backend.hpp"

namespace switchboard::jobs {

class DryRunBackend : public JobBackend {
public:
    explicit DryRunBackend(model::Backend config);

    bool isHttp() const override { return false; }
    Verdict fireDirect(const model::JobRun& run) override;
    std::string preview(const model::JobRun& run) override;

    HttpRequest trigger(const model::JobRun& run) override;
    Verdict onTrigger(const model::JobRun& run, const HttpResponse& response) override;
    HttpRequest stop(const model::JobRun& run) override;
    HttpRequest health() override;
};

}  // namespace switchboard::jobs
