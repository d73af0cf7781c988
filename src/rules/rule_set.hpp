// The compiled rule set: validates rules once (regexes compiled, JSON pointers and templates
// parsed), then evaluates events against them in order and explains the outcome: which rules
// matched, why the others did not (the first failing condition and the value it saw), and the
// runs that would be created with their rendered parameters.
// A RuleSet is immutable after compile(): evaluate/explain are const and may be called from any
// thread at once.
#pragma once

#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "model/event.hpp"
#include "model/rule.hpp"
#include "model/trigger_list.hpp"

namespace switchboard::rules {

// A rule that cannot be compiled; what() names the rule (and, for a regex, the position).
struct RuleError : std::runtime_error {
    RuleError(std::string ruleName, const std::string& message);
    std::string rule;
};

// One rule's outcome for one event.
struct RuleOutcome {
    std::string rule;
    bool matched = false;
    // Empty when matched; else the first failing condition with the value it saw, "disabled",
    // or "not evaluated: an earlier rule stopped evaluation".
    std::string reason;
    model::RuleMode mode = model::RuleMode::Suggest;
    bool stopped = false;  // it matched and stops evaluation
};

// A run a matched rule would create.
struct PlannedRun {
    std::string rule;
    model::RuleMode mode = model::RuleMode::Suggest;
    std::string job;
    std::string backend;
    nlohmann::json params = nlohmann::json::object();
};

struct Explanation {
    std::vector<RuleOutcome> rules;  // every rule, in order
    std::vector<PlannedRun> runs;

    // {"rules": [{"name", "matched", "stopped", "reason"}...],
    //  "runs": [{"job", "backend", "params"}...]} (DESIGN section 6, `rules test --json`); runs
    // also carry "rule" and "mode".
    nlohmann::json toJson() const;
    // Aligned human text: one line per rule, then one line per run.
    std::string toText() const;
};

class RuleSet {
public:
    RuleSet();
    ~RuleSet();
    RuleSet(RuleSet&&) noexcept;
    RuleSet& operator=(RuleSet&&) noexcept;

    // Throws RuleError for the first bad rule: unknown key or field, bad operator value, invalid
    // regex, JSON pointer without a leading '/', template naming an unknown variable or a regex
    // group no condition defines, duplicate name. `lists` are the trigger lists that `list`
    // actions fire (a rule naming a list that is not there is an explained non-match, not an
    // error, so lists can be imported after rules).
    static RuleSet compile(const std::vector<model::Rule>& rules,
                           std::vector<model::TriggerList> lists = {});

    size_t size() const;
    size_t enabledCount() const;
    // Enabled rules that evaluate() tries only for events whose values hit their index key (a
    // required equals / in); the others are tried for every event.
    size_t indexedCount() const;

    // Every rule with its outcome and reason, and the runs. nowMs decides which list entries are
    // active now.
    Explanation explain(const model::Event& event, int64_t nowMs) const;
    // The fast path for the engine hook: only the runs (no reasons are built), and only the rules
    // the index cannot rule out are evaluated; it plans exactly the runs explain() plans.
    std::vector<PlannedRun> evaluate(const model::Event& event, int64_t nowMs) const;
    // evaluate() without the index: every enabled rule in order. The reference the index is
    // tested and benchmarked against.
    std::vector<PlannedRun> evaluateAll(const model::Event& event, int64_t nowMs) const;

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

// Checks one rule alone (the GUI editor validates a draft before saving); throws RuleError.
void validateRule(const model::Rule& rule);

}  // namespace switchboard::rules
