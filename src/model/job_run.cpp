#include "model/job_run.hpp"

#include <array>

namespace switchboard::model {

namespace {
constexpr std::array<std::string_view, 6> kStatusNames = {"queued",  "running", "success",
                                                          "failure", "aborted", "error"};
constexpr std::array<std::string_view, 3> kCauseNames = {"operator", "rule", "retrigger"};

template <typename Enum, size_t N>
std::optional<Enum> lookup(const std::array<std::string_view, N>& names, std::string_view name) {
    for (size_t i = 0; i < N; ++i)
        if (names[i] == name) return static_cast<Enum>(i);
    return std::nullopt;
}
}  // namespace

std::string_view runStatusName(RunStatus status) { return kStatusNames[static_cast<size_t>(status)]; }

std::optional<RunStatus> parseRunStatus(std::string_view name) {
    return lookup<RunStatus>(kStatusNames, name);
}

bool isFinal(RunStatus status) {
    return status != RunStatus::Queued && status != RunStatus::Running;
}

std::string_view runCauseName(RunCause cause) { return kCauseNames[static_cast<size_t>(cause)]; }

std::optional<RunCause> parseRunCause(std::string_view name) {
    return lookup<RunCause>(kCauseNames, name);
}

}  // namespace switchboard::model
