// Internal to the rules layer: YAML (yaml-cpp) to JSON with YAML 1.1 scalar typing as PyYAML
// reads it (plain yes/no/true/false are booleans, plain digits are integers, ~/null is null,
// quoted scalars stay strings), so that MTS rules and modulemd compare as that service sees them.
#pragma once

#include <nlohmann/json.hpp>
#include <yaml-cpp/yaml.h>

namespace switchboard::rules::detail {

nlohmann::json yamlToJson(const YAML::Node& node);

}  // namespace switchboard::rules::detail
