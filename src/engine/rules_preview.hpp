// The rules editor's live preview: what a draft rule set would do over recent events, and for
// each rule how many events it matched and how many it would have matched but never reached
// because an earlier rule matched and stopped evaluation (first match wins, as in the module tagging service). Without
// the second count, a rule hidden behind a stop rule just read "matches 0", as if its conditions
// were wrong. Pure; any thread.
#pragma once

#include <cstdint>
#include <vector>

#include "engine/console_facts.hpp"
#include "model/event.hpp"
#include "rules/rule_set.hpp"

namespace switchboard::engine {

// `rules` is the compiled draft of `ruleCount` rules, `withoutStops` the same draft with every
// stop flag off (to learn whether a rule an event never reached would have matched it). The
// answer's generation is left 0.
RulesPreviewed previewRules(const rules::RuleSet& rules, const rules::RuleSet& withoutStops,
                            size_t ruleCount, const std::vector<model::Event>& events,
                            int64_t nowMs);

// The draft with every stop flag off, for previewRules' second rule set.
std::vector<model::Rule> withoutStops(std::vector<model::Rule> draft);

}  // namespace switchboard::engine
