#include "cli/retention_options.hpp"

#include "cli/context.hpp"
#include "model/time_bound.hpp"

namespace switchboard::cli {

store::RetentionPolicy retentionPolicy(const std::string& age, const char* ageOption, int64_t keep,
                                       const char* keepOption) {
    store::RetentionPolicy policy;
    if (!age.empty()) {
        const auto ms = model::parseAge(age);
        if (!ms)
            throw UsageError{std::string(ageOption) + ": '" + age +
                             "' is not an age (a whole number and a unit: 90s, 45m, 12h, 30d, 2w)"};
        policy.maxAgeMs = *ms;
    }
    if (keep < 0) throw UsageError{std::string(keepOption) + ": must be 1 or more"};
    policy.maxEvents = keep;
    return policy;
}

std::string describePrune(const store::PruneCounts& counts) {
    return std::to_string(counts.events) + (counts.events == 1 ? " event" : " events") + " and " +
           std::to_string(counts.quarantined) +
           (counts.quarantined == 1 ? " quarantined message" : " quarantined messages");
}

}  // namespace switchboard::cli
