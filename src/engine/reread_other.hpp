// Re-reading stored `other` events after the field pointers changed: each one's stored topic,
// headers and body go through normalize() and the pointers again, and the facets that come out
// different are written back (store::updateFacets). Newest first, in chunks, each its own short
// transaction, so a live ingest waits at most one chunk for the write lock.
// Runs on the caller's thread with the caller's Database (not the event writer's).
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <vector>

#include "ingest/field_pointers.hpp"
#include "store/database.hpp"

namespace switchboard::engine {

struct RereadOptions {
    bool dryRun = false;                        // count what would change, write nothing
    size_t chunk = 2000;                        // events read, and rows rewritten, per transaction
    const std::atomic<bool>* cancel = nullptr;  // checked between chunks
};

struct RereadCounts {
    int64_t examined = 0;  // `other` events read
    int64_t changed = 0;   // of which the facets changed (or would, on a dry run)
    bool cancelled = false;  // stopped between chunks by options.cancel before the oldest event
};

// `onChanged` (may be empty) gets the ids rewritten by each chunk after it committed, so that a
// console can reload those rows. Throws std::runtime_error on a database error; chunks committed
// before it stay rewritten.
RereadCounts rereadOtherEvents(
    store::Database& db, const ingest::FieldPointers& pointers, const RereadOptions& options,
    const std::function<void(const std::vector<int64_t>&)>& onChanged = {});

}  // namespace switchboard::engine
