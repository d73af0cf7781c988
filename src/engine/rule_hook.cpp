#include "engine/rule_hook.hpp"

#include <SQLiteCpp/Transaction.h>

#include "rules/loader.hpp"
#include "store/database.hpp"
#include "store/rule_store.hpp"
#include "store/run_store.hpp"
#include "store/suggestion_store.hpp"

namespace switchboard::engine {

RuleHook::RuleHook(store::Database& db, std::function<void()> afterCommit)
    : m_db(db), m_afterCommit(std::move(afterCommit)) {}

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

void RuleHook::inTransaction(const std::vector<model::Event>& events) {
    m_batch = RuleHookCounts{};
    m_batchHasNew = false;
    for (const model::Event& event : events) m_batchHasNew = m_batchHasNew || event.id != 0;
    if (!m_enabled || !m_batchHasNew) return;
    bool compiled = false;
    try {
        compiled = reloadIfChanged();
    } catch (const std::exception& e) {  // the rules could not even be read
        m_lastError = e.what();
    }
    if (!compiled) {
        m_batch.errors = 1;
        return;
    }
    if (m_rules.enabledCount() == 0) return;
    const int64_t now = store::nowMs();
    store::RunStore runStore(m_db);
    store::SuggestionStore suggestions(m_db);
    for (const model::Event& event : events) {
        if (event.id == 0) continue;
        ++m_batch.evaluated;
        std::vector<rules::PlannedRun> runs;
        try {
            runs = m_rules.evaluate(event, now);
        } catch (const std::exception& e) {
            // One event a rule cannot evaluate must not hold up the bus: count it, go on.
            m_lastError = "event " + std::to_string(event.id) + ": " + e.what();
            ++m_batch.errors;
            continue;
        }
        for (rules::PlannedRun& planned : runs) {
            if (planned.mode == model::RuleMode::Auto) {
                model::JobRun run;
                run.job = std::move(planned.job);
                run.backend = std::move(planned.backend);
                run.params = std::move(planned.params);
                run.cause = model::RunCause::Rule;
                run.rule = planned.rule;
                run.event_id = event.id;
                run.reason = "rule " + planned.rule + " matched event " + std::to_string(event.id);
                run.who = "engine";
                run.status = model::RunStatus::Queued;
                run.created_at = now;
                runStore.insert(std::move(run));
                ++m_batch.runs;
            } else {
                store::Suggestion s;
                s.event_id = event.id;
                s.rule = planned.rule;
                s.job = std::move(planned.job);
                s.backend = std::move(planned.backend);
                s.params = std::move(planned.params);
                s.created_at = now;
                suggestions.insert(std::move(s));
                ++m_batch.suggestions;
            }
        }
    }
}

void RuleHook::committed() {
    m_totals.evaluated += m_batch.evaluated;
    m_totals.runs += m_batch.runs;
    m_totals.suggestions += m_batch.suggestions;
    m_totals.errors += m_batch.errors;
    m_batch = RuleHookCounts{};
    if (m_batchHasNew && m_afterCommit) m_afterCommit();
    m_batchHasNew = false;
}

void RuleHook::rolledBack() {
    m_batch = RuleHookCounts{};
    m_batchHasNew = false;
}

RuleHookCounts RuleHook::onCommitted(const std::vector<model::Event>& events) {
    try {
        SQLite::Transaction tx = m_db.beginWrite();
        inTransaction(events);
        tx.commit();
    } catch (const std::exception& e) {
        rolledBack();
        m_lastError = e.what();
        m_totals.errors += 1;
        RuleHookCounts failed;
        failed.errors = 1;
        return failed;
    }
    const RuleHookCounts counts = m_batch;
    committed();
    return counts;
}

}  // namespace switchboard::engine
