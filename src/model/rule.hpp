// A rule (DESIGN section 4): when an event matches its conditions, fire a trigger list or named
// jobs. The value type as stored; the rules layer validates and compiles it (rules/rule_set.hpp),
// and docs/rules-format.md describes the JSON of `when` and `action`. No I/O; any thread.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace switchboard::model {

// Auto rules fire by themselves; suggest rules create suggestions the operator accepts.
enum class RuleMode { Auto, Suggest };
std::string_view ruleModeName(RuleMode mode);  // "auto", "suggest"
std::optional<RuleMode> parseRuleMode(std::string_view name);

struct Rule {
    int64_t id = 0;  // 0 while not stored
    std::string name;  // unique
    std::string description;
    bool enabled = true;
    RuleMode mode = RuleMode::Suggest;
    bool stop = false;  // when it matches, later rules are not evaluated (first match wins)
    nlohmann::json when;    // condition tree; null matches every event
    nlohmann::json action = nlohmann::json::object();  // {"list"|"jobs", "backend", "params", "per_arch"}
    int64_t updated_at = 0;
};

// The rule as one object of the rules document: name, description (when set), enabled, mode,
// stop, when (when set), action. Keys in that order.
nlohmann::ordered_json ruleToJson(const Rule& rule);

// Two rules are the same definition (ignores id and updated_at).
bool sameDefinition(const Rule& a, const Rule& b);

}  // namespace switchboard::model
