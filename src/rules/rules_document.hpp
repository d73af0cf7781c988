// Rule files: the Switchboard rules JSON document (docs/rules-format.md) both ways, and the
// message-tagging-service YAML rule file imported with that service's meaning. Pure functions;
// any thread.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "model/rule.hpp"

namespace switchboard::rules {

// {"version": 1, "rules": [...]} (a bare array of rules is accepted too). Throws RuleError naming
// the rule for an unknown key, a wrong type, a bad mode, a duplicate name, or anything
// RuleSet::compile rejects; std::runtime_error for JSON that does not parse.
std::vector<model::Rule> parseRulesDocument(std::string_view jsonText);
model::Rule ruleFromJson(const nlohmann::json& object, size_t index);
nlohmann::ordered_json rulesDocument(const std::vector<model::Rule>& rules);

// How MTS rules become Switchboard rules: each entry fires `job` on `backend` with params
// {"tag": destination, "module": "${subject}"} (one run per destination).
struct MtsImportOptions {
    std::string job = "mts-tag-build";
    std::string backend = "dryrun";
    model::RuleMode mode = model::RuleMode::Auto;
};

// The MTS rule file (a YAML list of {id, type, rule?, destinations}): rules named by id, in file
// order, each with stop = true (first match wins). Throws RuleError naming the entry.
std::vector<model::Rule> importMtsYaml(std::string_view yamlText, const MtsImportOptions& options = {});

enum class RuleFileFormat { Json, MtsYaml };
// By extension (.json / .yaml / .yml), else by content (a first non-blank character of '{' or
// '[' followed by JSON is JSON).
RuleFileFormat detectRuleFileFormat(const std::string& path, std::string_view content);

}  // namespace switchboard::rules
