#include "store/event_facets.hpp"

#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>

namespace switchboard::store {

int64_t updateFacets(Database& db, const std::vector<model::Event>& events) {
    if (events.empty()) return 0;
    // IMMEDIATE: take the write lock up front, so a busy ingest makes this wait (busy timeout)
    // instead of failing at the first UPDATE.
    SQLite::Transaction tx = db.beginWrite();
    SQLite::Statement q(db.sql(),
                        "UPDATE events SET subject=?, state=?, component=?, product=?, version=? "
                        "WHERE id=?");
    int64_t changed = 0;
    for (const model::Event& e : events) {
        q.bind(1, e.subject);
        q.bind(2, e.state);
        q.bind(3, e.component);
        q.bind(4, e.product);
        q.bind(5, e.version);
        q.bind(6, e.id);
        changed += q.exec();
        q.reset();
    }
    tx.commit();
    return changed;
}

}  // namespace switchboard::store
