#include "rules/yaml_json.hpp"

#include <cctype>
#include <cstdlib>
#include <string>

namespace switchboard::rules::detail {

namespace {

nlohmann::json plainScalar(const std::string& text) {
    static const char* const kTrue[] = {"yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"};
    static const char* const kFalse[] = {"no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"};
    for (const char* t : kTrue)
        if (text == t) return true;
    for (const char* f : kFalse)
        if (text == f) return false;
    if (text.empty() || text == "~" || text == "null" || text == "Null" || text == "NULL")
        return nullptr;
    size_t i = (text[0] == '-' || text[0] == '+') ? 1 : 0;
    if (i < text.size()) {
        bool digits = true;
        for (size_t j = i; j < text.size(); ++j)
            if (!std::isdigit(static_cast<unsigned char>(text[j]))) digits = false;
        if (digits && text.size() - i < 19) return std::stoll(text);
        char* end = nullptr;
        const double d = std::strtod(text.c_str(), &end);
        if (end == text.c_str() + text.size() && text.find_first_of(".eE") != std::string::npos &&
            std::isdigit(static_cast<unsigned char>(text[i])))
            return d;
    }
    return text;
}

}  // namespace

nlohmann::json yamlToJson(const YAML::Node& node) {
    switch (node.Type()) {
        case YAML::NodeType::Null:
        case YAML::NodeType::Undefined: return nullptr;
        case YAML::NodeType::Scalar:
            // yaml-cpp tags a plain scalar "?" and a quoted one "!".
            if (node.Tag() == "!") return node.Scalar();
            return plainScalar(node.Scalar());
        case YAML::NodeType::Sequence: {
            nlohmann::json out = nlohmann::json::array();
            for (const auto& item : node) out.push_back(yamlToJson(item));
            return out;
        }
        case YAML::NodeType::Map: {
            nlohmann::json out = nlohmann::json::object();
            for (const auto& kv : node) out[kv.first.as<std::string>()] = yamlToJson(kv.second);
            return out;
        }
    }
    return nullptr;
}

}  // namespace switchboard::rules::detail
