// Rewriting the facets of stored events in place, for when what an event means changed after it
// was stored (a field pointer added or removed). Ids, raw text and dedup keys stay as they were.
#pragma once

#include <vector>

#include "model/event.hpp"
#include "store/database.hpp"

namespace switchboard::store {

// Sets subject, state, component, product and version of each stored event (by id) to the given
// event's, in one IMMEDIATE transaction; an id no longer stored (pruned meanwhile) is skipped.
// Returns how many rows changed. Throws on a database error, having changed nothing.
int64_t updateFacets(Database& db, const std::vector<model::Event>& events);

}  // namespace switchboard::store
