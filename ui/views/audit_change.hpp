// What an audit entry changed, as the Audit view shows it in one line, and which entries its
// filter field lets through. Pure functions; any thread.
#pragma once

#include <string>
#include <string_view>

#include "engine/read_model.hpp"

namespace switchboard::ui {

// "created", "removed", "no change", or the leaves that differ between the before and after
// JSON texts, by JSON pointer: `/active: true -> false; /until: (none) -> "2027-01-01"`, at most
// three, then "(+N more)". Text that is not JSON is shown as it is, shortened.
std::string auditChange(const std::string& beforeJson, const std::string& afterJson);

// Whether every word of `words` is a case-insensitive part of the entry's who, what, target or
// its change line.
bool auditMatches(const engine::AuditEntry& entry, std::string_view change, std::string_view words);

}  // namespace switchboard::ui
