#include "store/retention.hpp"

#include <algorithm>
#include <initializer_list>
#include <stdexcept>
#include <string>

#include <SQLiteCpp/Exception.h>
#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>

namespace switchboard::store {

namespace {

// A pass of the task holds the write lock for one chunk at a time. Deleting the oldest rows is
// cheap in every index but the subject one, whose entries sit on random pages: on a database of
// a million events a chunk of 2,000 took about 80 ms, which is what serve's ingest may wait.
constexpr int64_t kTaskChunkRows = 2000;

// Each DELETE takes at most ?1 rows and walks an index in order (the rowid, received_at), so a
// chunk reads only what it deletes; the trigger events_delete_raw removes each event's raw text
// with it. The age deletes never take the newest row (?3 is the highest id when the pass began):
// the ids are INTEGER PRIMARY KEY without AUTOINCREMENT, so deleting the highest one would hand
// its id to the next row, and the console's loader (which reads ids above the last it saw) and
// runs.event_id both rely on an id never coming back.
const char* const kDeleteEventsBelow =
    "DELETE FROM events WHERE id IN (SELECT id FROM events WHERE id < ?2 ORDER BY id LIMIT ?1)";
const char* const kDeleteOlderEvents =
    "DELETE FROM events WHERE id IN (SELECT id FROM events WHERE received_at < ?2 AND id < ?3 "
    "ORDER BY received_at LIMIT ?1)";
const char* const kDeleteOlderQuarantine =
    "DELETE FROM quarantine WHERE id IN (SELECT id FROM quarantine WHERE received_at < ?2 AND "
    "id < ?3 ORDER BY received_at LIMIT ?1)";

// Runs `remove` with `bounds` bound from ?2 on, in transactions of at most `chunkRows` rows,
// until it deletes nothing or `cancel` is set; adds each committed chunk to `deleted` as it goes,
// so a pass that fails half-way still reports what it did.
void deleteInChunks(SQLite::Database& sql, const char* remove,
                    std::initializer_list<int64_t> bounds, int64_t chunkRows,
                    const std::atomic<bool>* cancel, int64_t& deleted) {
    SQLite::Statement stmt(sql, remove);
    while (cancel == nullptr || !cancel->load()) {
        // IMMEDIATE: take the write lock before reading, so a writer beside us is waited for
        // (busy timeout) instead of failing the transaction half-way.
        SQLite::Transaction transaction(sql, SQLite::TransactionBehavior::IMMEDIATE);
        stmt.bind(1, static_cast<int64_t>(chunkRows));
        int index = 2;
        for (const int64_t bound : bounds) stmt.bind(index++, static_cast<int64_t>(bound));
        const int changed = stmt.exec();
        stmt.reset();
        transaction.commit();
        if (changed == 0) break;
        deleted += changed;
    }
}

// The one integer `query` selects, with `a` bound at 1 and `b` at 2 when it has those parameters.
int64_t selectInt(SQLite::Database& sql, const char* query, int64_t a = 0, int64_t b = 0) {
    SQLite::Statement q(sql, query);
    if (q.getBindParameterCount() > 0) q.bind(1, static_cast<int64_t>(a));
    if (q.getBindParameterCount() > 1) q.bind(2, static_cast<int64_t>(b));
    return q.executeStep() ? q.getColumn(0).getInt64() : 0;
}

// The lowest id among the newest `keep` events: every id below it is beyond the count. 0 when
// there are no more than `keep`. Reads as many ids as there are to delete, not the whole table.
// One statement, so the count and the ids come from one snapshot: another prune deleting
// between two statements moved the offset past rows that had to stay.
int64_t firstKeptId(SQLite::Database& sql, int64_t keep) {
    return selectInt(sql,
                     "WITH n AS (SELECT count(*) AS c FROM events) "
                     "SELECT CASE WHEN (SELECT c FROM n) > ?1 THEN "
                     "(SELECT id FROM events ORDER BY id LIMIT 1 OFFSET (SELECT c FROM n) - ?1) "
                     "ELSE 0 END",
                     keep);
}

int64_t highestId(SQLite::Database& sql, const std::string& table) {
    return sql.execAndGet("SELECT coalesce(max(id), 0) FROM " + table).getInt64();
}

}  // namespace

PruneCounts pruneCandidates(Database& db, const RetentionPolicy& policy, int64_t nowMs) {
    SQLite::Database& sql = db.sql();
    PruneCounts counts;
    const int64_t firstKept = policy.maxEvents > 0 ? firstKeptId(sql, policy.maxEvents) : 0;
    if (firstKept > 0)
        counts.events = selectInt(sql, "SELECT count(*) FROM events WHERE id < ?", firstKept);
    if (policy.maxAgeMs > 0) {
        const int64_t cutoff = nowMs - policy.maxAgeMs;
        // Past the age, not already counted as beyond the count, and not the newest row.
        counts.events += selectInt(sql,
                                   "SELECT count(*) FROM events WHERE id >= ?1 AND "
                                   "received_at < ?2 AND id < (SELECT max(id) FROM events)",
                                   firstKept, cutoff);
        counts.quarantined = selectInt(sql,
                                       "SELECT count(*) FROM quarantine WHERE received_at < ? AND "
                                       "id < (SELECT max(id) FROM quarantine)",
                                       cutoff);
    }
    return counts;
}

void prune(Database& db, const RetentionPolicy& policy, int64_t nowMs, int64_t chunkRows,
           const std::atomic<bool>* cancel, PruneCounts& done) {
    if (chunkRows <= 0) throw std::invalid_argument("prune: chunkRows must be positive");
    SQLite::Database& sql = db.sql();
    if (policy.maxEvents > 0) {
        // A fixed boundary, not a number of rows: events arriving meanwhile get higher ids and
        // are never taken for old ones, and two prunes at once (serve and a cron job) cannot
        // together leave fewer than the count.
        const int64_t firstKept = firstKeptId(sql, policy.maxEvents);
        if (firstKept > 0)
            deleteInChunks(sql, kDeleteEventsBelow, {firstKept}, chunkRows, cancel, done.events);
    }
    if (policy.maxAgeMs > 0) {
        const int64_t cutoff = nowMs - policy.maxAgeMs;
        deleteInChunks(sql, kDeleteOlderEvents, {cutoff, highestId(sql, "events")}, chunkRows,
                       cancel, done.events);
        deleteInChunks(sql, kDeleteOlderQuarantine, {cutoff, highestId(sql, "quarantine")},
                       chunkRows, cancel, done.quarantined);
    }
}

PruneCounts prune(Database& db, const RetentionPolicy& policy, int64_t nowMs, int64_t chunkRows,
                  const std::atomic<bool>* cancel) {
    PruneCounts done;
    prune(db, policy, nowMs, chunkRows, cancel, done);
    return done;
}

RetentionTask::RetentionTask(const std::string& dbPath, RetentionPolicy policy,
                             std::chrono::milliseconds interval,
                             std::function<void(const Pass&)> report)
    : m_db(dbPath), m_policy(policy), m_interval(interval), m_report(std::move(report)) {
    // Commits only signal; a checkpoint thread copies the log, so a pass does not stop for it.
    m_db.checkpointInBackground();
    m_thread = std::thread([this] { run(); });
}

RetentionTask::~RetentionTask() {
    m_stopping = true;
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_stop = true;
    }
    m_wake.notify_all();
    m_thread.join();
}

PruneCounts RetentionTask::pruned() const {
    std::lock_guard<std::mutex> lock(m_mutex);
    return m_pruned;
}

void RetentionTask::run() {
    std::unique_lock<std::mutex> lock(m_mutex);
    while (!m_stop) {
        lock.unlock();
        Pass pass;
        try {
            prune(m_db, m_policy, nowMs(), kTaskChunkRows, &m_stopping, pass.counts);
        } catch (const std::exception& e) {
            pass.error = e.what();  // pass.counts still holds the chunks that were committed
        }
        lock.lock();
        // Counted before it is reported, so whoever reads the report also reads the totals.
        m_pruned.events += pass.counts.events;
        m_pruned.quarantined += pass.counts.quarantined;
        lock.unlock();
        const bool deleted = pass.counts.events > 0 || pass.counts.quarantined > 0;
        if (m_report && (deleted || !pass.error.empty())) {
            try {
                m_report(pass);
            } catch (...) {
                // A report that fails (a full stderr) must not end the process from this thread.
            }
        }
        lock.lock();
        m_wake.wait_for(lock, m_interval, [this] { return m_stop; });
    }
}

}  // namespace switchboard::store
