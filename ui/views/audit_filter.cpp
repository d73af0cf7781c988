#include "views/audit_filter.hpp"

#include "model/text_search.hpp"

namespace switchboard::ui {

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
