// A bulk ingest into a database that holds fewer events than it brings builds the events table's
// filter indexes once, at its end, by sorting their rows, instead of inserting into each of them
// row by row. Pinned to one CPU, `switchboard ingest` of 1,000,000 bench lines (440 bytes each)
// took 14.5 s with the indexes kept row by row and 11.2 s with them built at the end, the build
// included: the subject index alone cost 6 s row by row, since its inserts land at random pages.
// Unique indexes (the dedup key's) stay: they find a duplicate as its row comes.
// While the indexes are gone, a filter reads the table instead (the same answers, slower), which
// a console reading the file meanwhile notices for as long as the ingest lasts.
// The dropped indexes are recorded in the database (table deferred_indexes), in the transaction
// that drops them, and their owner holds a lock on the file "<database>-indexes" beside it. The
// kernel lets go of that lock when the owner ends, however it ends (killed, out of memory, its
// container stopped), and no later process can hold it by having the same pid: the next Database
// opened on the file then builds what is recorded (buildAbandonedIndexes).
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

class DeferredIndexes {
public:
    // Takes the owner's lock, builds what a dead owner left recorded, then drops the events
    // table's indexes that are not unique and records them. Defers nothing (names() is empty)
    // when another live ingest owns deferred indexes.
    explicit DeferredIndexes(Database& db);
    // Builds the indexes if build() did not (an ingest that failed half way). Never throws: what
    // it cannot build stays recorded, and the next open builds it once this process is gone.
    ~DeferredIndexes();
    DeferredIndexes(const DeferredIndexes&) = delete;
    DeferredIndexes& operator=(const DeferredIndexes&) = delete;

    // Builds each index dropped here, one transaction each (so that another writer waits for
    // one build at a time), and lets go of the lock. One that fails does not stop the others; the
    // first failure is thrown at the end, naming its index, and what was not built stays
    // recorded. Does nothing once it succeeded.
    void build();

    const std::vector<std::string>& names() const { return m_names; }

private:
    void releaseLock();

    Database& m_db;
    int m_lockFd = -1;
    std::vector<std::string> m_names;
    bool m_built = false;
};

// Builds the indexes recorded by an owner that no longer runs, and removes their records.
// Returns how many it built. Costs one read of an empty table when nothing is recorded, and takes
// the write lock only when an owner is gone. Database's constructor calls it.
int buildAbandonedIndexes(Database& db);

// The lock file beside a database (its path + "-indexes").
std::string deferredIndexesLockPath(const std::string& databasePath);

}  // namespace switchboard::store
