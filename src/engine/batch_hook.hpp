// The interface between live ingest and what must be written with each batch (the rules).
#pragma once

#include <vector>

#include "model/event.hpp"

namespace switchboard::engine {

// What ingest runs with each batch: the rules. Pipeline thread.
class BatchHook {
public:
    virtual ~BatchHook() = default;
    // Inside the batch's write transaction, after its rows were added, with the batch's events
    // (id 0: a duplicate). What it writes commits with the events or not at all, so a crash or a
    // failed commit between the two cannot store an event whose rules never ran. It throws only
    // for a database error, which rolls the batch back to be retried (nothing is acked).
    virtual void inTransaction(const std::vector<model::Event>& events) = 0;
    virtual void committed() {}   // after the commit
    virtual void rolledBack() {}  // after a rollback: what inTransaction counted did not happen
};

}  // namespace switchboard::engine
