// Rewriting the facets of stored events in place, for when what an event means changed after it
// was stored (a field pointer added or removed). Ids, raw text and dedup keys stay as they were.
// Each rewrite is noted in facet_changes, so that a reader in any process (the console's loader)
// learns which rows to read again.
#pragma once

#include <cstdint>
#include <vector>

#include "model/event.hpp"
#include "store/database.hpp"

namespace switchboard::store {

// How many rewrites facet_changes keeps; a reader that fell further behind than this misses the
// oldest (a console polls every second, and a re-read makes one per chunk of its events).
inline constexpr int64_t kKeptFacetChanges = 1000;

// Sets subject, state, component, product and version of each stored event (by id) to the given
// event's, and notes the ids it changed, in one IMMEDIATE transaction; an id no longer stored
// (pruned meanwhile) is skipped. Returns how many rows changed. Throws on a database error,
// having changed nothing.
int64_t updateFacets(Database& db, const std::vector<model::Event>& events);

struct FacetChanges {
    int64_t revision = 0;      // the newest rewrite read; pass it to the next call
    std::vector<int64_t> ids;  // the events they changed, in order (an id may repeat)
};

// The rewrites after `revision` (0: every one kept); with none, `revision` comes back as given.
FacetChanges facetChangesSince(Database& db, int64_t revision);
// The newest rewrite's revision, 0 when none: where a reader that has just read the events
// afresh starts from.
int64_t latestFacetRevision(Database& db);

}  // namespace switchboard::store
