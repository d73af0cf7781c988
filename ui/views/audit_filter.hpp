// Which entries the Audit view's filter field lets through. Pure; any thread.
#pragma once

#include <string_view>

#include "engine/read_model.hpp"

namespace switchboard::ui {

// Whether every word of `words` is a case-insensitive part of the entry's who, what, target or
// its change line (engine::auditChange).
bool auditMatches(const engine::AuditEntry& entry, std::string_view change, std::string_view words);

}  // namespace switchboard::ui
