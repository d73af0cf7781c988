#include "jobs/dryrun_backend.hpp"

namespace switchboard::jobs {

DryRunBackend::DryRunBackend(model::Backend config) : JobBackend(std::move(config), {}) {}

std::string DryRunBackend::preview(const model::JobRun& run) {
    return "DRY RUN fire " + run.job + " " + run.params.dump();
}

Verdict DryRunBackend::fireDirect(const model::JobRun& run) {
    Verdict v;
    v.status = model::RunStatus::Success;
    v.external_id = "dry-run";
    v.note = preview(run);
    return v;
}

HttpRequest DryRunBackend::trigger(const model::JobRun& run) {
    throw JobError("dry run sends nothing (job " + run.job + ")");
}

Verdict DryRunBackend::onTrigger(const model::JobRun& run, const HttpResponse&) {
    return fireDirect(run);
}

HttpRequest DryRunBackend::stop(const model::JobRun&) {
    throw JobError("a dry run has nothing to stop");
}

HttpRequest DryRunBackend::health() {
    throw JobError("a dry run is always up");
}

}  // namespace switchboard::jobs
