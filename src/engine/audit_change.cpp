#include "engine/audit_change.hpp"

#include <nlohmann/json.hpp>

#include "engine/json_diff.hpp"
#include "model/json_dump.hpp"

namespace switchboard::engine {

namespace {

constexpr size_t kShownDifferences = 3;
constexpr size_t kValueChars = 40;

// A value as JSON text, cut (on a UTF-8 boundary) to what a table cell can show.
std::string shortValue(const nlohmann::json& value, bool missing) {
    if (missing) return "(none)";
    std::string text = model::dumpJson(value);
    if (text.size() <= kValueChars) return text;
    size_t cut = kValueChars;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
    return text.substr(0, cut) + "...";
}

}  // namespace

std::string auditChange(const nlohmann::json& before, const nlohmann::json& after) {
    if (before.is_null() && after.is_null()) return "";
    if (before.is_null()) return "created";
    if (after.is_null()) return "removed";
    const std::vector<JsonDifference> differences = jsonDiff(before, after);
    if (differences.empty()) return "no change";
    std::string line;
    for (size_t i = 0; i < differences.size() && i < kShownDifferences; ++i) {
        const JsonDifference& d = differences[i];
        if (i) line += "; ";
        line += (d.pointer.empty() ? "/" : d.pointer) + ": " + shortValue(d.left, d.leftMissing) +
                " -> " + shortValue(d.right, d.rightMissing);
    }
    if (differences.size() > kShownDifferences)
        line += " (+" + std::to_string(differences.size() - kShownDifferences) + " more)";
    return line;
}

std::string auditChangeOfText(const std::string& beforeJson, const std::string& afterJson) {
    const auto parse = [](const std::string& text) {
        return text.empty() ? nlohmann::json() : nlohmann::json::parse(text, nullptr, false);
    };
    const nlohmann::json before = parse(beforeJson);
    const nlohmann::json after = parse(afterJson);
    if (before.is_discarded() || after.is_discarded()) {
        if (after.is_discarded()) return "after " + shortValue(afterJson, false);
        return auditChange(nlohmann::json(), after);
    }
    return auditChange(before, after);
}

}  // namespace switchboard::engine
