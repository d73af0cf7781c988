// Firing a whole trigger list (`lists fire`), as the trigger-jobs step does but without its blind
// hour: check each backend's health with a bounded wait, fire every active-now entry at once with
// a bounded concurrency, and say what fired, what failed and why, and what was skipped.
// Blocks the calling thread (the CLI's, or a GUI worker); it runs its own Dispatcher.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "jobs/dispatcher.hpp"
#include "model/trigger_list.hpp"

namespace switchboard::jobs {

struct ListFireOptions {
    bool dryRun = false;  // show what would be sent; send nothing, record nothing
    std::chrono::milliseconds healthTimeout{60000};
    std::chrono::milliseconds healthInterval{2000};
    size_t concurrency = 20;
    // The wait for every run to be accepted or given up; each request is bounded by its own
    // timeouts, so this only guards against a stuck dispatcher.
    std::chrono::milliseconds fireTimeout{std::chrono::minutes(10)};
    DispatcherOptions dispatcher;  // retries, backoff, log; concurrency and follow are set here
    std::string who;
    std::function<void(const std::string&)> progress;  // health progress and per-job lines
};

struct ListFireResult {
    struct Fired {
        std::string job;
        int64_t runId;
        std::string externalId;
    };
    struct Failed {
        std::string job;
        std::string reason;
        int64_t runId;
    };  // runId 0: not sent
    struct Skipped {
        std::string job;
        std::string state;
    };  // inactive, not-yet, expired
    struct Preview {
        std::string job;
        std::string request;
    };
    std::vector<Fired> fired;
    std::vector<Failed> failed;
    std::vector<Skipped> skipped;
    std::vector<Preview> previews;  // dry run only
};

ListFireResult fireList(const std::string& dbPath, const model::TriggerList& list,
                        const ListFireOptions& options);

}  // namespace switchboard::jobs
