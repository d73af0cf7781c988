#include "views/audit_filter.hpp"

#include "model/text_search.hpp"

namespace switchboard::ui {

bool auditMatches(const engine::AuditEntry& entry, std::string_view change, std::string_view words) {
    return model::everyWordIn(words, {entry.who, entry.what, entry.target, change});
}

}  // namespace switchboard::ui
