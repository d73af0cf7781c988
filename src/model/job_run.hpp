// A job run (DESIGN section 5): one fire of one job on one backend, with its history.
// A value type with no I/O; the store persists it and the dispatcher advances it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace switchboard::model {

enum class RunStatus { Queued, Running, Success, Failure, Aborted, Error };

std::string_view runStatusName(RunStatus status);
std::optional<RunStatus> parseRunStatus(std::string_view name);
// Success, failure, aborted and error are final: nothing moves a run out of them.
bool isFinal(RunStatus status);

// Why a run exists: the operator fired it, a rule fired it for an event, or it re-triggers an
// earlier run.
enum class RunCause { Operator, Rule, Retrigger };
std::string_view runCauseName(RunCause cause);
std::optional<RunCause> parseRunCause(std::string_view name);

struct JobRun {
    int64_t id = 0;  // 0 while not stored
    std::string job;
    std::string backend;  // a backend's name, as `backends add NAME` defined it
    nlohmann::json params = nlohmann::json::object();
    RunCause cause = RunCause::Operator;
    std::string reason;    // free text: the operator's --reason, or the rule's explanation
    int64_t event_id = 0;  // the event that caused it; 0 when none
    std::string rule;      // the rule's name when a rule fired it
    int64_t retrigger_of = 0;  // the run it repeats; 0 when none
    std::string who;       // $USER of the operator, or "engine" for auto rules
    RunStatus status = RunStatus::Queued;
    std::string external_id;  // Jenkins queue item / build number, Gangway execution id, ...
    std::string url;
    int attempts = 0;
    std::string last_error;
    int64_t created_at = 0;  // milliseconds since the epoch, UTC
    int64_t updated_at = 0;
    int64_t finished_at = 0;  // 0 while not final
};

}  // namespace switchboard::model
