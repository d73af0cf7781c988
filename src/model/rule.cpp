#include "model/rule.hpp"

namespace switchboard::model {

std::string_view ruleModeName(RuleMode mode) { return mode == RuleMode::Auto ? "auto" : "suggest"; }

std::optional<RuleMode> parseRuleMode(std::string_view name) {
    if (name == "auto") return RuleMode::Auto;
    if (name == "suggest") return RuleMode::Suggest;
    return std::nullopt;
}

nlohmann::ordered_json ruleToJson(const Rule& rule) {
    nlohmann::ordered_json out = nlohmann::ordered_json::object();
    out["name"] = rule.name;
    if (!rule.description.empty()) out["description"] = rule.description;
    out["enabled"] = rule.enabled;
    out["mode"] = ruleModeName(rule.mode);
    out["stop"] = rule.stop;
    if (!rule.when.is_null()) out["when"] = nlohmann::ordered_json::parse(rule.when.dump());
    out["action"] = nlohmann::ordered_json::parse(rule.action.dump());
    return out;
}

bool sameDefinition(const Rule& a, const Rule& b) {
    return a.name == b.name && a.description == b.description && a.enabled == b.enabled &&
           a.mode == b.mode && a.stop == b.stop && a.when == b.when && a.action == b.action;
}

}  // namespace switchboard::model
