// The retention options `prune` and `serve` share: an age ("30d") and a count of events to keep.
#pragma once

#include <cstdint>
#include <string>

#include "store/retention.hpp"

namespace switchboard::cli {

// `age` as given to `ageOption` ("" for none), `keep` as given to `keepOption` (0 for none).
// Throws UsageError naming the option for a malformed age or a negative count.
store::RetentionPolicy retentionPolicy(const std::string& age, const char* ageOption, int64_t keep,
                                       const char* keepOption);

// "12,345 events and 3 quarantined messages", the figures a prune reports.
std::string describePrune(const store::PruneCounts& counts);

}  // namespace switchboard::cli
