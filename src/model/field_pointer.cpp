#include "model/field_pointer.hpp"

#include <iterator>
#include <stdexcept>

#include "model/event.hpp"

namespace switchboard::model {

namespace {

constexpr std::string_view kNames[] = {"subject", "state", "component", "product", "version"};
constexpr std::string_view kParts[] = {"body", "headers"};

}  // namespace

std::string_view pointerFieldName(PointerField field) {
    return kNames[static_cast<int>(field)];
}

std::optional<PointerField> parsePointerField(std::string_view name) {
    for (size_t i = 0; i < std::size(kNames); ++i)
        if (kNames[i] == name) return static_cast<PointerField>(i);
    return std::nullopt;
}

std::string_view pointerPartName(PointerPart part) {
    return kParts[static_cast<int>(part)];
}

std::optional<PointerPart> parsePointerPart(std::string_view name) {
    for (size_t i = 0; i < std::size(kParts); ++i)
        if (kParts[i] == name) return static_cast<PointerPart>(i);
    return std::nullopt;
}

std::string pointerError(std::string_view pointer) {
    if (pointer.empty()) return "a JSON pointer starts with '/' (\"/errata_id\")";
    try {
        nlohmann::json::json_pointer parsed{std::string(pointer)};
        (void)parsed;
    } catch (const nlohmann::json::exception& e) {
        // nlohmann's text: "[json.exception.parse_error.107] parse error at byte 1: JSON pointer
        // must be empty or begin with '/' - was: 'x'"; keep what follows the first ": ".
        const std::string what = e.what();
        const size_t at = what.find(": ");
        return "not a JSON pointer: " + (at == std::string::npos ? what : what.substr(at + 2));
    }
    return {};
}

std::string describe(const FieldPointer& p) {
    return std::string(pointerFieldName(p.field)) + " from " +
           (p.part == PointerPart::Headers ? "headers " : "") + p.pointer + " on " + p.topic_glob;
}

nlohmann::json toJson(const FieldPointer& pointer) {
    nlohmann::json out = {{"topic", pointer.topic_glob},
                          {"field", pointerFieldName(pointer.field)},
                          {"in", pointerPartName(pointer.part)},
                          {"pointer", pointer.pointer}};
    if (pointer.id != 0) out["id"] = pointer.id;
    if (pointer.created_at != 0) out["created_at"] = formatIso8601(pointer.created_at);
    return out;
}

FieldPointer fieldPointerFromJson(const nlohmann::json& json) {
    if (!json.is_object()) throw std::invalid_argument("a field pointer is a JSON object");
    auto text = [&](const char* key, const char* fallback) -> std::string {
        if (!json.contains(key)) return fallback;
        if (!json[key].is_string())
            throw std::invalid_argument(std::string("'") + key + "' must be a string");
        return json[key].get<std::string>();
    };
    FieldPointer p;
    p.pointer = text("pointer", "");
    if (const std::string why = pointerError(p.pointer); !why.empty())
        throw std::invalid_argument("'pointer': " + why);
    const std::string field = text("field", "subject");
    const std::string part = text("in", "body");
    const auto parsedField = parsePointerField(field);
    if (!parsedField)
        throw std::invalid_argument(
            "'field' must be subject, state, component, product or version, not '" + field + "'");
    const auto parsedPart = parsePointerPart(part);
    if (!parsedPart)
        throw std::invalid_argument("'in' must be body or headers, not '" + part + "'");
    p.field = *parsedField;
    p.part = *parsedPart;
    p.topic_glob = text("topic", "*");
    if (p.topic_glob.empty())
        throw std::invalid_argument("'topic' must be a glob ('*' for every topic)");
    return p;
}

}  // namespace switchboard::model
