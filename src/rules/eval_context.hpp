// Internal to the rules layer: what evaluating one event against one rule carries along (the
// event, the modulemd parsed at most once, regex captures, and where a failure reason goes).
// One context per evaluation; not shared between threads.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "model/event.hpp"

namespace switchboard::rules::detail {

struct EvalContext {
    explicit EvalContext(const model::Event& e) : event(e) {}

    const model::Event& event;
    // Captured named-group values: (rule-wide slot, value), in match order.
    std::vector<std::pair<int, std::string>> captures;
    // Where the first failing condition writes its explanation; null on the fast path.
    std::string* reason = nullptr;

    // The modulemd YAML the body carries (body.modulemd), as JSON; null when there is none or it
    // does not parse. Parsed on first use only.
    const nlohmann::json& modulemd();

private:
    bool m_modulemdTried = false;
    nlohmann::json m_modulemd;
};

}  // namespace switchboard::rules::detail
