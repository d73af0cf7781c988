#include "engine/rule_hook.hpp"

#include <SQLiteCpp/Transaction.h>

#include "rules/loader.hpp"
#include "store/database.hpp"
#include "store/rule_store.hpp"
#include "store/run_store.hpp"
#include "store/suggestion_store.hpp"

namespace switchboard::engine {

RuleHook::RuleHook(store::Database& db) : m_db(db) {}

bool RuleHook::reloadIfChanged() {
    const int64_t counter = store::RuleStore(m_db).changeCounter();
    if (counter == m_loadedCounter) return true;
    try {
        m_rules = rules::loadRuleSet(m_db);
        m_loadedCounter = counter;
        return true;
    } catch (const std::exception& e) {
        // Keep evaluating nothing rather than stale rules; say why on every batch until fixed.
        m_rules = rules::RuleSet();
        m_loadedCounter = counter;
        m_lastError = e.what();
        return false;
    }
}

RuleHookCounts RuleHook::onCommitted(const std::vector<model::Event>& events) {
    RuleHookCounts counts;
    if (!m_enabled || events.empty()) return counts;
    try {
        if (!reloadIfChanged()) {
            counts.errors = 1;
            m_totals.errors += 1;
            return counts;
        }
        if (m_rules.enabledCount() == 0) return counts;
        const int64_t now = store::nowMs();
        std::vector<std::pair<const model::Event*, std::vector<rules::PlannedRun>>> matched;
        for (const auto& event : events) {
            if (event.id == 0) continue;
            ++counts.evaluated;
            auto runs = m_rules.evaluate(event, now);
            if (!runs.empty()) matched.emplace_back(&event, std::move(runs));
        }
        if (!matched.empty()) {
            SQLite::Transaction tx = m_db.beginWrite();
            store::RunStore runStore(m_db);
            store::SuggestionStore suggestions(m_db);
            for (auto& [event, runs] : matched) {
                for (auto& planned : runs) {
                    if (planned.mode == model::RuleMode::Auto) {
                        model::JobRun run;
                        run.job = std::move(planned.job);
                        run.backend = std::move(planned.backend);
                        run.params = std::move(planned.params);
                        run.cause = model::RunCause::Rule;
                        run.rule = planned.rule;
                        run.event_id = event->id;
                        run.reason = "rule " + planned.rule + " matched event " + std::to_string(event->id);
                        run.who = "engine";
                        run.status = model::RunStatus::Queued;
                        run.created_at = now;
                        runStore.insert(std::move(run));
                        ++counts.runs;
                    } else {
                        store::Suggestion s;
                        s.event_id = event->id;
                        s.rule = planned.rule;
                        s.job = std::move(planned.job);
                        s.backend = std::move(planned.backend);
                        s.params = std::move(planned.params);
                        s.created_at = now;
                        suggestions.insert(std::move(s));
                        ++counts.suggestions;
                    }
                }
            }
            tx.commit();
        }
    } catch (const std::exception& e) {
        m_lastError = e.what();
        counts.errors += 1;
        counts.runs = 0;
        counts.suggestions = 0;
    }
    m_totals.evaluated += counts.evaluated;
    m_totals.runs += counts.runs;
    m_totals.suggestions += counts.suggestions;
    m_totals.errors += counts.errors;
    return counts;
}

}  // namespace switchboard::engine
