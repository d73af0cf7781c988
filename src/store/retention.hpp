// Retention: how much event history a database keeps. A `serve` on a busy bus stores a few hundred
// thousand messages a day; without a bound the file grows until the disk is full. Pruning deletes
// the oldest events (their raw text goes with them) and old quarantine rows, in short transactions,
// so that a writer running beside it (serve's ingest) waits at most one of them for the lock.
// Runs, edits and the audit log are never pruned: they are the record of what people did.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

#include "store/database.hpp"

namespace switchboard::store {

struct RetentionPolicy {
    // Events and quarantine rows received more than this long ago go (received_at is the
    // message's own send time when it had one); 0 keeps every age.
    int64_t maxAgeMs = 0;
    // At most this many events are kept, the newest by id; 0 keeps every count.
    int64_t maxEvents = 0;

    bool prunesAnything() const { return maxAgeMs > 0 || maxEvents > 0; }
};

struct PruneCounts {
    int64_t events = 0;
    int64_t quarantined = 0;
};


// What prune() would delete now, without deleting.
PruneCounts pruneCandidates(Database& db, const RetentionPolicy& policy, int64_t nowMs);

// Deletes what `policy` no longer keeps, oldest first, at most `chunkRows` rows a transaction,
// and stops between two transactions once `cancel` is set. Throws SQLite::Exception on a database
// error; what earlier transactions deleted stays deleted.
// The newest event and the newest quarantine row are never deleted by age, so that an id is
// never handed out twice.
PruneCounts prune(Database& db, const RetentionPolicy& policy, int64_t nowMs,
                  int64_t chunkRows = 2000, const std::atomic<bool>* cancel = nullptr);
// The same, adding to `done` chunk by chunk: when it throws, `done` holds what was committed.
void prune(Database& db, const RetentionPolicy& policy, int64_t nowMs, int64_t chunkRows,
           const std::atomic<bool>* cancel, PruneCounts& done);

// Prunes a database on a thread of its own: once at start, then every `interval`. Used by
// `serve`, whose ingest thread must not stop for a long delete. Threads: construct and destroy on
// one thread; `report` runs on the pruning thread after each pass that deleted anything or failed.
class RetentionTask {
public:
    struct Pass {
        PruneCounts counts;
        std::string error;  // empty when the pass succeeded
    };
    // Throws std::runtime_error when the database cannot be opened.
    RetentionTask(const std::string& dbPath, RetentionPolicy policy,
                  std::chrono::milliseconds interval, std::function<void(const Pass&)> report);
    ~RetentionTask();  // stops the thread between two transactions and joins it
    RetentionTask(const RetentionTask&) = delete;
    RetentionTask& operator=(const RetentionTask&) = delete;

    PruneCounts pruned() const;  // deleted by every pass so far; any thread

private:
    void run();

    Database m_db;
    const RetentionPolicy m_policy;
    const std::chrono::milliseconds m_interval;
    const std::function<void(const Pass&)> m_report;
    mutable std::mutex m_mutex;
    std::condition_variable m_wake;
    bool m_stop = false;                  // under m_mutex: ends the wait between passes
    std::atomic<bool> m_stopping{false};  // read by prune(): ends a pass between transactions
    PruneCounts m_pruned;                 // under m_mutex
    std::thread m_thread;
};

}  // namespace switchboard::store
