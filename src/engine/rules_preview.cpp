#include "engine/rules_preview.hpp"

#include <map>
#include <optional>

namespace switchboard::engine {

namespace {

constexpr size_t kHitsShown = 300;

}  // namespace

std::vector<model::Rule> withoutStops(std::vector<model::Rule> draft) {
    for (model::Rule& rule : draft) rule.stop = false;
    return draft;
}

RulesPreviewed previewRules(const rules::RuleSet& rules, const rules::RuleSet& withoutStops,
                            size_t ruleCount, const std::vector<model::Event>& events,
                            int64_t nowMs) {
    RulesPreviewed out;
    out.events = events.size();
    out.matchedPerRule.assign(ruleCount, 0);
    out.notReachedPerRule.assign(ruleCount, 0);
    out.stoppedBy.assign(ruleCount, "");
    // Per rule, how often each earlier rule was the one that stopped before it.
    std::vector<std::map<std::string, size_t>> stoppers(ruleCount);
    for (const model::Event& event : events) {
        const rules::Explanation ex = rules.explain(event, nowMs);
        std::optional<rules::Explanation> unstopped;  // only for an event a rule stopped
        const std::string* stopper = nullptr;
        for (size_t i = 0; i < ex.rules.size() && i < ruleCount; ++i) {
            if (stopper) {
                if (!unstopped) unstopped = withoutStops.explain(event, nowMs);
                if (i < unstopped->rules.size() && unstopped->rules[i].matched) {
                    ++out.notReachedPerRule[i];
                    ++stoppers[i][*stopper];
                }
                continue;
            }
            if (ex.rules[i].matched) ++out.matchedPerRule[i];
            if (ex.rules[i].stopped) stopper = &ex.rules[i].rule;
        }
        for (const rules::PlannedRun& run : ex.runs) {
            ++out.runs;
            if (out.hits.size() < kHitsShown)
                out.hits.push_back({event.id, event.subject, run.rule, run.job, run.backend});
        }
    }
    for (size_t i = 0; i < ruleCount; ++i) {
        size_t most = 0;
        for (const auto& [name, count] : stoppers[i])
            if (count > most) most = count, out.stoppedBy[i] = name;
    }
    return out;
}

}  // namespace switchboard::engine
