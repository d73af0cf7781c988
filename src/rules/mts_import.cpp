// The message-tagging-service rule file, translated into ordinary rules with that service's
// meaning (tests/fixtures/fedora/mts__rules-format.md; message_tagging_service/tagging_service.py
// RuleDef.match and consumer.py): conditions are unanchored regexes (re.search), a list of
// regexes matches when any does, dicts recurse, `dependencies` is read from the first element of
// the modulemd's dependencies, `development` defaults to false, `scratch` in a rule is ignored,
// scratch builds are dropped, and only builds in the rule's build_state (default ready) match.
#include <set>
#include <stdexcept>

#include <yaml-cpp/yaml.h>

#include "rules/rule_set.hpp"
#include "rules/rules_document.hpp"
#include "rules/yaml_json.hpp"

namespace switchboard::rules {

namespace {

using nlohmann::json;

json leafFor(const std::string& field, const json& expected) {
    if (expected.is_string()) return {{"field", field}, {"regex", expected}};
    return {{"field", field}, {"equals", expected}};
}

json listFor(const std::string& field, const json& expected) {
    json any = json::array();
    for (const auto& item : expected) any.push_back(leafFor(field, item));
    return {{"any", any}};
}

// find_diff_dict: every key must be there and match; nested dicts recurse.
void dictConditions(const std::string& base, const YAML::Node& dict, json& out) {
    for (const auto& kv : dict) {
        const std::string key = kv.first.as<std::string>();
        const std::string field = base + "/" + key;
        if (kv.second.IsMap()) {
            dictConditions(field, kv.second, out);
        } else {
            const json expected = detail::yamlToJson(kv.second);
            if (expected.is_array()) out.push_back(listFor("modulemd:" + field, expected));
            else out.push_back(leafFor("modulemd:" + field, expected));
        }
    }
}

std::string destinationTemplate(const std::string& destination) {
    std::string out;
    for (size_t i = 0; i < destination.size();) {
        if (destination.compare(i, 3, "\\g<") == 0) {
            const size_t close = destination.find('>', i + 3);
            if (close != std::string::npos) {
                out += "${match:" + destination.substr(i + 3, close - i - 3) + "}";
                i = close + 1;
                continue;
            }
        }
        if (destination.compare(i, 2, "${") == 0) {
            out += "$${";
            i += 2;
            continue;
        }
        out += destination[i++];
    }
    return out;
}

model::Rule translate(const YAML::Node& entry, size_t index, const MtsImportOptions& options) {
    std::string label = "#" + std::to_string(index + 1);
    if (!entry.IsMap()) throw RuleError(label, "an MTS rule definition must be a mapping");
    if (entry["id"] && entry["id"].IsScalar()) label = entry["id"].as<std::string>();
    for (const char* required : {"id", "type", "destinations"})
        if (!entry[required]) throw RuleError(label, std::string("the rule definition has no \"") + required + "\"");

    model::Rule rule;
    rule.name = label;
    rule.mode = options.mode;
    rule.stop = true;  // first match wins
    if (entry["description"] && entry["description"].IsScalar())
        rule.description = entry["description"].as<std::string>();

    std::string buildState = "ready";
    json conditions = json::array();
    conditions.push_back({{"field", "event"}, {"equals", "module.state.change"}});
    conditions.push_back({{"not", {{"field", "body:/scratch"}, {"equals", true}}}});
    const YAML::Node criteria = entry["rule"];
    if (criteria && !criteria.IsNull() && !criteria.IsMap())
        throw RuleError(label, "\"rule\" must be a mapping of module properties");
    json properties = json::array();
    if (criteria && criteria.IsMap()) {
        for (const auto& kv : criteria) {
            const std::string key = kv.first.as<std::string>();
            const YAML::Node& value = kv.second;
            if (key == "build_state") {
                buildState = value.as<std::string>();
                continue;
            }
            if (key == "scratch") continue;  // ignored by MTS ("removed from rule definition specification")
            if (key == "development") {
                const json expected = detail::yamlToJson(value);
                const json equals = {{"field", "modulemd:/data/development"}, {"equals", expected}};
                if (expected == false)
                    properties.push_back(
                        {{"any", json::array({{{"not", {{"field", "modulemd:/data/development"}, {"exists", true}}}},
                                              equals})}});
                else
                    properties.push_back(equals);
                continue;
            }
            const bool fromBody = key == "name" || key == "stream" || key == "version" || key == "context";
            const std::string field = fromBody ? "body:/" + key : "modulemd:/data/" + key;
            if (value.IsMap()) {
                // A dict property (dependencies) is matched against the first element.
                json nested = json::array();
                dictConditions("/data/" + key + "/0", value, nested);
                for (auto& c : nested) properties.push_back(std::move(c));
            } else {
                const json expected = detail::yamlToJson(value);
                if (expected.is_array()) properties.push_back(listFor(field, expected));
                else properties.push_back(leafFor(field, expected));
            }
        }
    }
    conditions.push_back({{"field", "state"}, {"equals", buildState}});
    if (buildState != "ready" && buildState != "done")
        conditions.push_back({{"field", "state"}, {"in", json::array({"ready", "done"})}});
    for (auto& p : properties) conditions.push_back(std::move(p));
    rule.when = {{"all", conditions}};

    std::vector<std::string> destinations;
    const YAML::Node dest = entry["destinations"];
    if (dest.IsScalar()) destinations.push_back(dest.as<std::string>());
    else if (dest.IsSequence())
        for (const auto& d : dest) destinations.push_back(d.as<std::string>());
    if (destinations.empty()) throw RuleError(label, "\"destinations\" must be a tag or a list of tags");
    json jobs = json::array();
    for (const auto& d : destinations)
        jobs.push_back({{"job", options.job}, {"params", {{"tag", destinationTemplate(d)}, {"module", "${subject}"}}}});
    rule.action = {{"backend", options.backend}, {"jobs", jobs}};
    validateRule(rule);
    return rule;
}

}  // namespace

std::vector<model::Rule> importMtsYaml(std::string_view yamlText, const MtsImportOptions& options) {
    YAML::Node doc;
    try {
        doc = YAML::Load(std::string(yamlText));
    } catch (const YAML::Exception& e) {
        throw std::runtime_error(std::string("the MTS rule file is not valid YAML: ") + e.what());
    }
    if (!doc.IsSequence()) throw std::runtime_error("an MTS rule file must be a YAML list of rule definitions");
    std::vector<model::Rule> rules;
    std::set<std::string> names;
    for (size_t i = 0; i < doc.size(); ++i) {
        model::Rule rule = translate(doc[i], i, options);
        if (!names.insert(rule.name).second) throw RuleError(rule.name, "duplicate rule id");
        rules.push_back(std::move(rule));
    }
    return rules;
}

}  // namespace switchboard::rules
