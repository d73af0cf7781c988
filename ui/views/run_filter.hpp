// Which runs the Runs view shows: all of them, the active ones or the failed ones, narrowed by
// words typed in its filter field. Pure functions; any thread.
#pragma once

#include <string_view>

#include "model/job_run.hpp"

namespace switchboard::ui {

enum class RunShow { All, Active, Failed };

// Failure and error: what the Runs view counts as failed.
bool isFailed(model::RunStatus status);

// Whether `run` is of the kind `show` asks for and every word of `words` (split on spaces) is a
// case-insensitive part of its job, backend, rule, reason, who, status or last error.
bool runMatches(const model::JobRun& run, RunShow show, std::string_view words);

}  // namespace switchboard::ui
