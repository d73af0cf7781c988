// Synchronous job operations for the CLI (and a GUI worker): backend health with a bounded wait,
// stopping one run, reading a Jenkins job's parameters. They block the calling thread, which must
// not be the UI thread; each call uses only what it is given.
#pragma once

#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include "jobs/job_backend.hpp"
#include "store/database.hpp"

namespace switchboard::jobs {

struct HealthOptions {
    std::chrono::milliseconds timeout{60000};          // the whole wait, every retry included
    std::chrono::milliseconds interval{2000};          // between tries
    std::function<void(const std::string&)> progress;  // one line per failed try
};

// "" once the backend answers healthy, else why not when the wait is over.
std::string checkHealth(const model::Backend& backend, const HealthOptions& options);

// Asks the run's backend to stop it (Jenkins: stop the build or cancel the queue item) and
// records the outcome on the run. Returns the run as it stands. Throws JobError with the reason
// when it cannot be stopped (Gangway, a finished run, an unknown run).
model::JobRun stopRunNow(store::Database& db, int64_t runId);

// Jenkins only: the job's parameter definitions. Throws JobError.
std::vector<ParameterDefinition> fetchJobParameters(const model::Backend& backend,
                                                    const std::string& job);

}  // namespace switchboard::jobs
