#include "engine/rule_hook.hpp"

#include <SQLiteCpp/Exception.h>
#include <SQLiteCpp/Transaction.h>

#include "rules/loader.hpp"
#include "store/database.hpp"
#include "store/rule_store.hpp"
#include "store/run_store.hpp"
#include "store/suggestion_store.hpp"

namespace switchboard::engine {

namespace {

// Adds one planned run (auto) or suggestion (suggest) for `event` and counts it in `counts`.
void insertPlanned(rules::PlannedRun& planned, const model::Event& event, int64_t now,
                   store::RunStore& runStore, store::SuggestionStore& suggestions,
                   RuleHookCounts& counts) {
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
        ++counts.runs;
    } else {
        store::Suggestion s;
        s.event_id = event.id;
        s.rule = planned.rule;
        s.job = std::move(planned.job);
        s.backend = std::move(planned.backend);
        s.params = std::move(planned.params);
        s.created_at = now;
        suggestions.insert(std::move(s));
        ++counts.suggestions;
    }
}

// Evaluates `event` and writes what its rules planned, adding to `counts` only once all of it is
// written: inside a savepoint, so that an event that fails halfway leaves none of its runs behind
// (only around the writes, since most events match nothing). Throws what evaluation or a store
// threw.
void fireRules(const rules::RuleSet& rules, const model::Event& event, int64_t now,
               store::Database& db, store::RunStore& runStore, store::SuggestionStore& suggestions,
               RuleHookCounts& counts) {
    std::vector<rules::PlannedRun> runs = rules.evaluate(event, now);
    if (runs.empty()) return;
    RuleHookCounts added;
    db.sql().exec("SAVEPOINT rule_event");
    try {
        for (rules::PlannedRun& planned : runs)
            insertPlanned(planned, event, now, runStore, suggestions, added);
    } catch (const SQLite::Exception&) {
        throw;  // the whole batch rolls back, this savepoint with it
    } catch (...) {
        db.sql().exec("ROLLBACK TO rule_event");
        db.sql().exec("RELEASE rule_event");
        throw;
    }
    db.sql().exec("RELEASE rule_event");
    counts.runs += added.runs;
    counts.suggestions += added.suggestions;
}

}  // namespace

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
        try {
            fireRules(m_rules, event, now, m_db, runStore, suggestions, m_batch);
        } catch (const SQLite::Exception&) {
            throw;  // the database's own failure: the batch rolls back and is retried
        } catch (const std::exception& e) {
            // Anything else is this one event's failure (a rule it cannot evaluate, a value a
            // store cannot write): count it and go on. Thrown on, it would roll back a batch that
            // ingest then retries forever, acking nothing, stalling every connection.
            m_lastError = "event " + std::to_string(event.id) + ": " + e.what();
            ++m_batch.errors;
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
