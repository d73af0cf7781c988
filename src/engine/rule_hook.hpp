// The engine hook between ingest and jobs: after a batch of events has been committed, evaluate
// the enabled rules; `auto` matches insert queued runs (store::RunStore, which the dispatcher
// consumes) and `suggest` matches insert suggestions, all in one transaction per batch.
// It runs on the thread that committed the events, with that thread's Database; the rules are
// compiled once and recompiled only when lists or rules changed (the audit counter moved), and
// their index means each event is tried only against the rules that can match it.
// It never throws into ingest: failures are counted and kept as lastError.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

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

class RuleHook {
public:
    explicit RuleHook(store::Database& db);

    // Call right after the batch committed. Events with id 0 (duplicates) are skipped. Returns
    // what this batch added.
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
    rules::RuleSet m_rules;
    int64_t m_loadedCounter = -1;
    bool m_enabled = true;
    RuleHookCounts m_totals;
    std::string m_lastError;
};

}  // namespace switchboard::engine
