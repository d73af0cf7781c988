// The engine hook between ingest and jobs: for each batch of new events, evaluate the enabled
// rules; `auto` matches insert queued runs (store::RunStore, which the dispatcher consumes) and
// `suggest` matches insert suggestions, inside the batch's own transaction, so that an event is
// never stored without the runs its rules asked for (a crash between two transactions lost them,
// and the redelivered message, a duplicate by then, was not evaluated again).
// It runs on the thread that stores the events, with that thread's Database; the rules are
// compiled once and recompiled only when lists or rules changed (the audit counter moved), and
// their index means each event is tried only against the rules that can match it.
// A rule set that does not compile or an event a rule cannot evaluate is counted and kept as
// lastError, never thrown into ingest: only a database error is.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "engine/batch_hook.hpp"
#include "model/event.hpp"
#include "rules/rule_set.hpp"
#include "store/database.hpp"

namespace switchboard::engine {

struct RuleHookCounts {
    int64_t evaluated = 0;    // events evaluated
    int64_t runs = 0;         // queued runs inserted
    int64_t suggestions = 0;  // suggestions inserted
    int64_t errors = 0;       // batches that failed (rules did not compile, database error)
};

class RuleHook : public BatchHook {
public:
    // `afterCommit` runs after each batch that held new events committed, whether or not rules
    // ran (the console wakes its read model with it).
    explicit RuleHook(store::Database& db, std::function<void()> afterCommit = {});

    // BatchHook: evaluates the batch's new events (id 0, a duplicate, is skipped) and inserts
    // their runs and suggestions in the open transaction. Throws on a database error only.
    void inTransaction(const std::vector<model::Event>& events) override;
    void committed() override;
    void rolledBack() override;

    // The same in a transaction of its own, for callers that stored the events already (tests).
    // Never throws: a database error is counted. Returns what this batch added.
    RuleHookCounts onCommitted(const std::vector<model::Event>& events);

    void setEnabled(bool enabled) { m_enabled = enabled; }
    bool enabled() const { return m_enabled; }
    const RuleHookCounts& totals() const { return m_totals; }
    const std::string& lastError() const { return m_lastError; }
    // Forces a reload before the next batch (tests, or after an edit on this same thread that
    // the counter cannot see).
    void invalidate() { m_loadedCounter = -1; }

private:
    bool reloadIfChanged();

    store::Database& m_db;
    std::function<void()> m_afterCommit;
    RuleHookCounts m_batch;      // counted by inTransaction, not yet committed
    bool m_batchHasNew = false;  // the batch inTransaction saw held a new event
    rules::RuleSet m_rules;
    int64_t m_loadedCounter = -1;
    bool m_enabled = true;
    RuleHookCounts m_totals;
    std::string m_lastError;
};

}  // namespace switchboard::engine
