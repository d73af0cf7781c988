#include "rules/rules_document.hpp"

#include <cctype>
#include <set>
#include <stdexcept>

#include "rules/rule_set.hpp"

namespace switchboard::rules {

namespace {

std::string ruleLabel(const nlohmann::json& object, size_t index) {
    if (object.is_object() && object.contains("name") && object["name"].is_string())
        return object["name"].get<std::string>();
    return "#" + std::to_string(index + 1);
}

}  // namespace

model::Rule ruleFromJson(const nlohmann::json& object, size_t index) {
    const std::string label = ruleLabel(object, index);
    if (!object.is_object()) throw RuleError(label, "a rule must be a JSON object");
    model::Rule rule;
    for (auto it = object.begin(); it != object.end(); ++it) {
        const std::string& key = it.key();
        const auto& value = it.value();
        auto wrongType = [&](const char* expected) {
            throw RuleError(label, "\"" + key + "\" must be " + expected + ", got " + value.dump());
        };
        if (key == "name") {
            if (!value.is_string() || value.get<std::string>().empty()) wrongType("a non-empty string");
            rule.name = value.get<std::string>();
        } else if (key == "description") {
            if (!value.is_string()) wrongType("a string");
            rule.description = value.get<std::string>();
        } else if (key == "enabled") {
            if (!value.is_boolean()) wrongType("true or false");
            rule.enabled = value.get<bool>();
        } else if (key == "mode") {
            const auto mode = value.is_string() ? model::parseRuleMode(value.get<std::string>()) : std::nullopt;
            if (!mode) wrongType("\"auto\" or \"suggest\"");
            rule.mode = *mode;
        } else if (key == "stop") {
            if (!value.is_boolean()) wrongType("true or false");
            rule.stop = value.get<bool>();
        } else if (key == "when") {
            rule.when = value;
        } else if (key == "action") {
            rule.action = value;
        } else {
            throw RuleError(label, "unknown key \"" + key +
                                       "\" (keys: name, description, enabled, mode, stop, when, action)");
        }
    }
    if (rule.name.empty()) throw RuleError(label, "the rule has no \"name\"");
    if (!object.contains("action")) throw RuleError(label, "the rule has no \"action\"");
    validateRule(rule);
    return rule;
}

std::vector<model::Rule> parseRulesDocument(std::string_view jsonText) {
    nlohmann::json doc;
    try {
        doc = nlohmann::json::parse(jsonText.begin(), jsonText.end());
    } catch (const nlohmann::json::parse_error& e) {
        throw std::runtime_error(std::string("the rules document is not valid JSON: ") + e.what());
    }
    const nlohmann::json* list = &doc;
    if (doc.is_object()) {
        for (auto it = doc.begin(); it != doc.end(); ++it)
            if (it.key() != "version" && it.key() != "rules")
                throw std::runtime_error("the rules document has an unknown key \"" + it.key() +
                                         "\" (keys: version, rules)");
        if (doc.contains("version") && doc["version"] != 1)
            throw std::runtime_error("the rules document has version " + doc["version"].dump() +
                                     "; this Switchboard reads version 1");
        if (!doc.contains("rules")) throw std::runtime_error("the rules document has no \"rules\" array");
        list = &doc["rules"];
    }
    if (!list->is_array())
        throw std::runtime_error("the rules document must be {\"version\": 1, \"rules\": [...]} or an array of rules");
    std::vector<model::Rule> rules;
    std::set<std::string> names;
    for (size_t i = 0; i < list->size(); ++i) {
        model::Rule rule = ruleFromJson((*list)[i], i);
        if (!names.insert(rule.name).second)
            throw RuleError(rule.name, "duplicate rule name (rule #" + std::to_string(i + 1) + ")");
        rules.push_back(std::move(rule));
    }
    return rules;
}

nlohmann::ordered_json rulesDocument(const std::vector<model::Rule>& rules) {
    nlohmann::ordered_json doc = nlohmann::ordered_json::object();
    doc["version"] = 1;
    doc["rules"] = nlohmann::ordered_json::array();
    for (const auto& rule : rules) doc["rules"].push_back(model::ruleToJson(rule));
    return doc;
}

RuleFileFormat detectRuleFileFormat(const std::string& path, std::string_view content) {
    auto endsWith = [&](const char* suffix) {
        const std::string s(suffix);
        if (path.size() < s.size()) return false;
        for (size_t i = 0; i < s.size(); ++i)
            if (std::tolower(static_cast<unsigned char>(path[path.size() - s.size() + i])) != s[i]) return false;
        return true;
    };
    if (endsWith(".json")) return RuleFileFormat::Json;
    if (endsWith(".yaml") || endsWith(".yml")) return RuleFileFormat::MtsYaml;
    for (char c : content) {
        if (std::isspace(static_cast<unsigned char>(c))) continue;
        if (c == '{') return RuleFileFormat::Json;
        if (c == '[') {
            // A YAML flow sequence also starts with '['; JSON if it parses as JSON.
            return nlohmann::json::accept(content) ? RuleFileFormat::Json : RuleFileFormat::MtsYaml;
        }
        break;
    }
    return RuleFileFormat::MtsYaml;
}

}  // namespace switchboard::rules
