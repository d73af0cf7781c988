// A bulk ingest into a database that holds fewer events than it brings builds the events table's
// filter indexes once, at its end, by sorting their rows, instead of inserting into each of them
// row by row. Pinned to one CPU, `switchboard ingest` of 1,000,000 lines took 14.5 s with the
// indexes kept row by row and 11.2 s with them built at the end (the build 3.1 s of it): the
// subject index alone cost 6 s row by row, since its inserts land at random pages. The dedup
// key's index stays: it finds a duplicate as its row comes.
// While they are gone, a filter reads the table instead (the same answers, slower), which a
// console reading the file meanwhile may notice for the seconds an ingest lasts.
// The dropped indexes are recorded in the database (table deferred_indexes) with the process
// that will build them, in the transaction that drops them: if that process dies first, the next
// Database opened on the file builds them (buildAbandonedIndexes).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "store/database.hpp"

namespace switchboard::store {

// Whether an ingest of about `bytes` of message lines is worth deferring the indexes for: it
// brings at least minRows events, and at least as many as the table holds (building
// sorts every row, old ones too, so a small ingest into a large table is cheaper row by row).
// Rows are estimated at kEstimatedLineBytes each, about what the real messages of the fixtures
// and the demo take (930 bytes on average). Building wins even when the two are equal: 500,000
// lines into a table of 500,000 took 7.4-7.7 s row by row and 5.8-6.2 s built at the end (one
// CPU).
constexpr uint64_t kEstimatedLineBytes = 1024;
constexpr uint64_t kMinDeferredRows = 100000;

bool worthDeferringIndexes(Database& db, uint64_t bytes, uint64_t minRows = kMinDeferredRows);

class DeferredIndexes {
public:
    // Drops the events table's indexes but the dedup key's and records them. Defers nothing (and
    // names() is empty) when indexes are already deferred by another ingest or a dead one.
    explicit DeferredIndexes(Database& db);
    // Builds the indexes if build() was not called (an ingest that failed half way). Never
    // throws: what it cannot build stays recorded for the next open.
    ~DeferredIndexes();
    DeferredIndexes(const DeferredIndexes&) = delete;
    DeferredIndexes& operator=(const DeferredIndexes&) = delete;

    // Builds every index dropped here and removes its record, in one transaction. Idempotent.
    void build();

    const std::vector<std::string>& names() const { return m_names; }

private:
    Database& m_db;
    std::vector<std::string> m_names;
    bool m_built = false;
};

// Builds the indexes recorded by a process that no longer runs, and removes their records.
// Returns how many it built. Database's constructor calls it: a killed ingest costs the next
// open the build, and never leaves the filters without their indexes.
int buildAbandonedIndexes(Database& db);

}  // namespace switchboard::store
