// A bulk ingest into a database that holds fewer events than it brings builds the events table's
// filter indexes once, at its end, by sorting their rows, instead of inserting into each of them
// row by row. Pinned to one CPU, `switchboard ingest` of 1,000,000 bench lines (440 bytes each)
// took 14.5 s with the indexes kept row by row and 11.2 s with them built at the end, the build
// included: the subject index alone cost 6 s row by row, since its inserts land at random pages.
// Unique indexes (the dedup key's) stay: they find a duplicate as its row comes.
// While the indexes are gone, a filter reads the table instead (the same answers, slower), which
// a console reading the file meanwhile notices for as long as the ingest lasts.
// The dropped indexes are recorded in the database (table deferred_indexes), in the transaction
// that drops them, and whoever owns them holds an exclusive lock on the file "<database>-indexes"
// beside it (IndexLock): the ingest that dropped them, or a process building what a dead one
// left. The kernel lets go of that lock when its holder ends, however it ends (killed, out of
// memory, its container stopped), and no later process can hold it by having the same pid. The
// next Database opened on the file after that builds what is recorded (buildAbandonedIndexes);
// a console or serve that was open all along builds them when it is started again.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "store/database.hpp"

namespace switchboard::store {

// Whether an ingest of about `bytes` of message lines is worth deferring the indexes for: it
// brings at least minRows events, and at least as many as the table holds (building sorts every
// row, old ones too, so a small ingest into a large table is cheaper row by row).
// Rows are estimated at kEstimatedLineBytes each, about what the real messages of the fixtures
// and the demo take (930 bytes on average). Building wins even when the two are equal: 500,000
// lines into a table of 500,000 took 7.4-7.7 s row by row and 5.8-6.2 s built at the end (one
// CPU).
constexpr uint64_t kEstimatedLineBytes = 1024;
constexpr uint64_t kMinDeferredRows = 100000;

bool worthDeferringIndexes(Database& db, uint64_t bytes, uint64_t minRows = kMinDeferredRows);

// The exclusive lock on a database's "-indexes" file, taken without waiting: held() says whether
// it was. Released when it goes, or by release().
class IndexLock {
public:
    explicit IndexLock(Database& db);
    ~IndexLock();
    IndexLock(const IndexLock&) = delete;
    IndexLock& operator=(const IndexLock&) = delete;

    bool held() const { return m_fd >= 0; }
    void release();

private:
    int m_fd = -1;
};

class DeferredIndexes {
public:
    // Takes the lock, builds what a dead owner left recorded, then drops the events table's
    // indexes that are not unique and records them. Defers nothing (names() is empty) when
    // another process holds the lock.
    explicit DeferredIndexes(Database& db);
    // Builds the indexes if build() was never called (an ingest that failed half way). Never
    // throws: what it cannot build stays recorded, for the next open once the lock is let go.
    ~DeferredIndexes();
    DeferredIndexes(const DeferredIndexes&) = delete;
    DeferredIndexes& operator=(const DeferredIndexes&) = delete;

    // Builds each index dropped here, one transaction each (so that another writer waits for
    // one build at a time), and lets go of the lock. One that fails does not stop the others;
    // then it throws, naming each index left unbuilt and why, and those stay recorded. Runs once.
    void build();

    const std::vector<std::string>& names() const { return m_names; }

private:
    Database& m_db;
    IndexLock m_lock;
    std::vector<std::string> m_names;
    bool m_tried = false;  // build() ran, whatever its outcome
};

// Builds the indexes recorded by an owner that no longer runs, holding the lock while it does,
// and removes their records. Returns how many it built; throws, naming each index left unbuilt,
// when some could not be. Costs one read of an empty table when nothing is recorded. Database's
// constructor calls it.
int buildAbandonedIndexes(Database& db);

// The lock file beside a database: its file as SQLite names it (symbolic links resolved) +
// "-indexes".
std::string deferredIndexesLockPath(Database& db);

}  // namespace switchboard::store
