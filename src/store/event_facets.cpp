#include "store/event_facets.hpp"

#include <cstdlib>
#include <string>

#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>

namespace switchboard::store {

namespace {

void noteChange(Database& db, const std::string& ids) {
    SQLite::Statement insert(db.sql(), "INSERT INTO facet_changes (changed_at, ids) VALUES (?, ?)");
    insert.bind(1, nowMs());
    insert.bind(2, ids);
    insert.exec();
    SQLite::Statement trim(db.sql(), "DELETE FROM facet_changes WHERE revision <= ?");
    trim.bind(1, db.sql().getLastInsertRowid() - kKeptFacetChanges);
    trim.exec();
}

void appendIds(const char* text, std::vector<int64_t>& out) {
    for (const char* p = text; p != nullptr && *p != '\0';) {
        char* end = nullptr;
        const long long id = std::strtoll(p, &end, 10);
        if (end == p) break;  // not ours: stop rather than loop
        out.push_back(id);
        p = *end == ',' ? end + 1 : end;
    }
}

}  // namespace

int64_t updateFacets(Database& db, const std::vector<model::Event>& events) {
    if (events.empty()) return 0;
    SQLite::Transaction tx = db.beginWrite();  // waits for a busy ingest (busy timeout)
    SQLite::Statement q(db.sql(),
                        "UPDATE events SET subject=?, state=?, component=?, product=?, version=? "
                        "WHERE id=?");
    int64_t changed = 0;
    std::string ids;
    for (const model::Event& e : events) {
        q.bind(1, e.subject);
        q.bind(2, e.state);
        q.bind(3, e.component);
        q.bind(4, e.product);
        q.bind(5, e.version);
        q.bind(6, e.id);
        if (q.exec() > 0) {
            ++changed;
            if (!ids.empty()) ids += ',';
            ids += std::to_string(e.id);
        }
        q.reset();
    }
    if (changed > 0) noteChange(db, ids);
    tx.commit();
    return changed;
}

FacetChanges facetChangesSince(Database& db, int64_t revision) {
    FacetChanges out;
    out.revision = revision;
    SQLite::Statement q(
        db.sql(), "SELECT revision, ids FROM facet_changes WHERE revision > ? ORDER BY revision");
    q.bind(1, revision);
    while (q.executeStep()) {
        out.revision = q.getColumn(0).getInt64();
        appendIds(q.getColumn(1).getText(), out.ids);
    }
    return out;
}

int64_t latestFacetRevision(Database& db) {
    return db.sql().execAndGet("SELECT coalesce(max(revision), 0) FROM facet_changes").getInt64();
}

}  // namespace switchboard::store
