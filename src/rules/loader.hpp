// Loads the stored rules and trigger lists and compiles them into a RuleSet. Used by the engine
// hook, `rules test` and the GUI's preview. Call on the thread that owns the Database.
#pragma once

#include "rules/rule_set.hpp"
#include "store/database.hpp"

namespace switchboard::rules {

// Throws RuleError when a stored rule no longer compiles (it was validated when saved, so this
// means the table was edited by hand).
RuleSet loadRuleSet(store::Database& db);

}  // namespace switchboard::rules
