#include "store/retention.hpp"

#include <algorithm>
#include <cctype>
#include <limits>
#include <stdexcept>

#include <SQLiteCpp/Exception.h>
#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>

namespace switchboard::store {

namespace {

// A pass of the task holds the write lock for one chunk at a time. Deleting the oldest rows is
// cheap in every index but the subject one, whose entries sit on random pages: on a database of
// a million events a chunk of 2,000 took about 80 ms, which is what serve's ingest may wait.
constexpr int64_t kTaskChunkRows = 2000;

// Each DELETE walks an index in order (the rowid, received_at), so a chunk reads only what it
// deletes; the trigger events_delete_raw removes each event's raw text with it.
const char* const kDeleteOldestEvents =
    "DELETE FROM events WHERE id IN (SELECT id FROM events ORDER BY id LIMIT ?1)";
const char* const kDeleteOlderEvents =
    "DELETE FROM events WHERE id IN "
    "(SELECT id FROM events WHERE received_at < ?2 ORDER BY received_at LIMIT ?1)";
const char* const kDeleteOlderQuarantine =
    "DELETE FROM quarantine WHERE id IN "
    "(SELECT id FROM quarantine WHERE received_at < ?2 ORDER BY received_at LIMIT ?1)";

// Runs `remove` (a DELETE of at most ?1 rows, with the cutoff at ?2 when it has one) in
// transactions of at most `chunkRows` rows until it deletes nothing, `budget` rows are gone or
// `cancel` is set.
int64_t deleteInChunks(SQLite::Database& sql, const char* remove, std::optional<int64_t> cutoff,
                       int64_t chunkRows, int64_t budget, const std::atomic<bool>* cancel) {
    SQLite::Statement stmt(sql, remove);
    int64_t deleted = 0;
    while (deleted < budget && (cancel == nullptr || !cancel->load())) {
        const int64_t chunk = std::min(chunkRows, budget - deleted);
        // IMMEDIATE: take the write lock before reading, so a writer beside us is waited for
        // (busy timeout) instead of failing the transaction half-way.
        SQLite::Transaction transaction(sql, SQLite::TransactionBehavior::IMMEDIATE);
        stmt.bind(1, static_cast<int64_t>(chunk));
        if (cutoff) stmt.bind(2, static_cast<int64_t>(*cutoff));
        const int changed = stmt.exec();
        stmt.reset();
        transaction.commit();
        if (changed == 0) break;
        deleted += changed;
    }
    return deleted;
}

// The one integer `query` selects, with `a` bound at 1 and `b` at 2 when it has a second parameter.
int64_t selectInt(SQLite::Database& sql, const char* query, int64_t a, int64_t b = 0) {
    SQLite::Statement q(sql, query);
    q.bind(1, static_cast<int64_t>(a));
    if (q.getBindParameterCount() > 1) q.bind(2, static_cast<int64_t>(b));
    return q.executeStep() ? q.getColumn(0).getInt64() : 0;
}

int64_t countEvents(SQLite::Database& sql) {
    return sql.execAndGet("SELECT count(*) FROM events").getInt64();
}

}  // namespace

std::optional<int64_t> parseRetentionAge(std::string_view text) {
    if (text.size() < 2) return std::nullopt;
    int64_t unitMs = 0;
    switch (text.back()) {
        case 's':
            unitMs = 1000;
            break;
        case 'm':
            unitMs = 60 * 1000;
            break;
        case 'h':
            unitMs = 3600 * 1000;
            break;
        case 'd':
            unitMs = 24 * 3600 * 1000;
            break;
        case 'w':
            unitMs = 7 * 24 * 3600 * 1000;
            break;
        default:
            return std::nullopt;
    }
    int64_t value = 0;
    for (const char c : text.substr(0, text.size() - 1)) {
        if (!std::isdigit(static_cast<unsigned char>(c))) return std::nullopt;
        if (value > std::numeric_limits<int64_t>::max() / 10 / unitMs) return std::nullopt;
        value = value * 10 + (c - '0');
    }
    if (value == 0) return std::nullopt;
    return value * unitMs;
}

PruneCounts pruneCandidates(Database& db, const RetentionPolicy& policy, int64_t nowMs) {
    SQLite::Database& sql = db.sql();
    PruneCounts counts;
    int64_t firstKept = 0;  // every id below it goes for the count limit
    if (policy.maxEvents > 0) {
        const int64_t excess = countEvents(sql) - policy.maxEvents;
        if (excess > 0) {
            counts.events = excess;
            firstKept =
                selectInt(sql, "SELECT id FROM events ORDER BY id LIMIT 1 OFFSET ?", excess);
        }
    }
    if (policy.maxAgeMs > 0) {
        const int64_t cutoff = nowMs - policy.maxAgeMs;
        // Past the age and not already counted as beyond the count.
        counts.events +=
            selectInt(sql, "SELECT count(*) FROM events WHERE id >= ?1 AND received_at < ?2",
                      firstKept, cutoff);
        counts.quarantined =
            selectInt(sql, "SELECT count(*) FROM quarantine WHERE received_at < ?", cutoff);
    }
    return counts;
}

PruneCounts prune(Database& db, const RetentionPolicy& policy, int64_t nowMs, int64_t chunkRows,
                  const std::atomic<bool>* cancel) {
    if (chunkRows <= 0) throw std::invalid_argument("prune: chunkRows must be positive");
    SQLite::Database& sql = db.sql();
    constexpr int64_t kAll = std::numeric_limits<int64_t>::max();
    PruneCounts counts;
    if (policy.maxEvents > 0) {
        // The oldest ids go, as many as were beyond the count when the pass began: events that
        // arrive meanwhile get higher ids and are never taken for old ones.
        const int64_t excess = countEvents(sql) - policy.maxEvents;
        if (excess > 0)
            counts.events +=
                deleteInChunks(sql, kDeleteOldestEvents, std::nullopt, chunkRows, excess, cancel);
    }
    if (policy.maxAgeMs > 0) {
        const int64_t cutoff = nowMs - policy.maxAgeMs;
        counts.events += deleteInChunks(sql, kDeleteOlderEvents, cutoff, chunkRows, kAll, cancel);
        counts.quarantined +=
            deleteInChunks(sql, kDeleteOlderQuarantine, cutoff, chunkRows, kAll, cancel);
    }
    return counts;
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

uint64_t RetentionTask::passes() const {
    std::lock_guard<std::mutex> lock(m_mutex);
    return m_passes;
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
            pass.counts = prune(m_db, m_policy, nowMs(), kTaskChunkRows, &m_stopping);
        } catch (const std::exception& e) {
            pass.error = e.what();
        }
        lock.lock();
        // Counted before it is reported, so whoever reads the report also reads the totals.
        m_pruned.events += pass.counts.events;
        m_pruned.quarantined += pass.counts.quarantined;
        lock.unlock();
        const bool deleted = pass.counts.events > 0 || pass.counts.quarantined > 0;
        if (m_report && (deleted || !pass.error.empty())) m_report(pass);
        lock.lock();
        ++m_passes;
        m_wake.wait_for(lock, m_interval, [this] { return m_stop; });
    }
}

}  // namespace switchboard::store
