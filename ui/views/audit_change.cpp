#include "views/audit_change.hpp"

#include <nlohmann/json.hpp>

#include "engine/json_diff.hpp"
#include "model/text_search.hpp"

namespace switchboard::ui {

namespace {

constexpr size_t kShownDifferences = 3;
constexpr size_t kValueChars = 40;

// A value as JSON text, cut (on a UTF-8 boundary) to what a table cell can show.
std::string shortValue(const nlohmann::json& value, bool missing) {
    if (missing) return "(none)";
    std::string text = value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    if (text.size() <= kValueChars) return text;
    size_t cut = kValueChars;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
    return text.substr(0, cut) + "...";
}

bool absent(const std::string& json) { return json.empty() || json == "null"; }

}  // namespace

std::string auditChange(const std::string& beforeJson, const std::string& afterJson) {
    if (absent(beforeJson) && absent(afterJson)) return "";
    if (absent(beforeJson)) return "created";
    if (absent(afterJson)) return "removed";
    const auto before = nlohmann::json::parse(beforeJson, nullptr, false);
    const auto after = nlohmann::json::parse(afterJson, nullptr, false);
    if (before.is_discarded() || after.is_discarded())
        return "after " + shortValue(afterJson, false);
    const std::vector<engine::JsonDifference> differences = engine::jsonDiff(before, after);
    if (differences.empty()) return "no change";
    std::string line;
    for (size_t i = 0; i < differences.size() && i < kShownDifferences; ++i) {
        const engine::JsonDifference& d = differences[i];
        if (i) line += "; ";
        line += (d.pointer.empty() ? "/" : d.pointer) + ": " + shortValue(d.left, d.leftMissing) +
                " -> " + shortValue(d.right, d.rightMissing);
    }
    if (differences.size() > kShownDifferences)
        line += " (+" + std::to_string(differences.size() - kShownDifferences) + " more)";
    return line;
}

bool auditMatches(const engine::AuditEntry& entry, std::string_view change, std::string_view words) {
    for (const std::string_view word : model::splitWords(words)) {
        bool found = false;
        for (const std::string_view field : {std::string_view(entry.who), std::string_view(entry.what),
                                             std::string_view(entry.target), change})
            found = found || model::containsIgnoringCase(field, word);
        if (!found) return false;
    }
    return true;
}

}  // namespace switchboard::ui
