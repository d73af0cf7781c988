#include "store/deferred_indexes.hpp"

#include <cerrno>
#include <exception>
#include <functional>
#include <iostream>
#include <utility>

#include <signal.h>
#include <unistd.h>

#include <SQLiteCpp/Exception.h>
#include <SQLiteCpp/Statement.h>

namespace switchboard::store {

namespace {

struct IndexDefinition {
    std::string name;
    std::string sql;
};

// Whether a process with this id runs on this machine. A WAL database is only ever opened from
// one machine (the log's index lives in shared memory), so the recorded owner's id is one of
// this machine's processes; a process of another user answers EPERM and still counts as alive.
bool processAlive(int64_t pid) {
    if (pid <= 0) return false;
    return ::kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM;
}

bool indexExists(SQLite::Database& sql, const std::string& name) {
    SQLite::Statement query(sql, "SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = ?");
    query.bind(1, name);
    return query.executeStep();
}

// The recorded indexes `chosen` picks from the rows (name, sql, owner_pid).
std::vector<IndexDefinition> recorded(SQLite::Database& sql,
                                      const std::function<bool(int64_t ownerPid)>& chosen) {
    SQLite::Statement rows(sql, "SELECT name, sql, owner_pid FROM deferred_indexes");
    std::vector<IndexDefinition> indexes;
    while (rows.executeStep())
        if (chosen(rows.getColumn(2).getInt64()))
            indexes.push_back({rows.getColumn(0).getString(), rows.getColumn(1).getString()});
    return indexes;
}

// Builds the recorded indexes `chosen` picks (one another process built already is left as it
// is) and removes their records, in one write transaction. Returns how many it picked.
int buildInOneTransaction(Database& db, const std::function<bool(int64_t ownerPid)>& chosen) {
    SQLite::Database& sql = db.sql();
    SQLite::Transaction tx = db.beginWrite();
    const std::vector<IndexDefinition> indexes = recorded(sql, chosen);
    SQLite::Statement forget(sql, "DELETE FROM deferred_indexes WHERE name = ?");
    for (const IndexDefinition& index : indexes) {
        if (!indexExists(sql, index.name)) sql.exec(index.sql);
        forget.bind(1, index.name);
        forget.exec();
        forget.reset();
    }
    tx.commit();
    return static_cast<int>(indexes.size());
}

// Each build sorts its rows in runs that are written aside and merged. In memory (the
// connection's usual temp_store, Database's) those runs are held in small pieces allocated and
// freed by the hundred thousand; in temporary files they are written and read whole: building
// the five indexes over 1,000,000 events took 3.3-3.5 s in memory and 2.8-3.0 s in files (three
// pairs of runs, one CPU). A temporary directory too small or not writable fails that build
// (rolled back whole), which then runs again in memory.
int buildChosen(Database& db, const std::function<bool(int64_t ownerPid)>& chosen) {
    SQLite::Database& sql = db.sql();
    sql.exec("PRAGMA temp_store=FILE");
    int built = 0;
    try {
        built = buildInOneTransaction(db, chosen);
    } catch (const SQLite::Exception&) {
        sql.exec("PRAGMA temp_store=MEMORY");
        return buildInOneTransaction(db, chosen);
    }
    sql.exec("PRAGMA temp_store=MEMORY");
    return built;
}

}  // namespace

bool worthDeferringIndexes(Database& db, uint64_t bytes, uint64_t minRows) {
    const uint64_t expected = bytes / kEstimatedLineBytes;
    if (expected < minRows) return false;
    // max(id) reads one end of the table's B-tree; after retention deleted old rows it says more
    // than the table holds, which errs towards not deferring.
    const int64_t stored =
        db.sql().execAndGet("SELECT coalesce(max(id), 0) FROM events").getInt64();
    return expected >= static_cast<uint64_t>(stored);
}

DeferredIndexes::DeferredIndexes(Database& db) : m_db(db) {
    SQLite::Database& sql = db.sql();
    SQLite::Transaction tx = db.beginWrite();
    if (sql.execAndGet("SELECT count(*) FROM deferred_indexes").getInt() > 0) return;
    // The statements as sqlite_master keeps them, so that every index there is now (a later
    // migration's too) comes back as it was. Automatic indexes (UNIQUE constraints) have no SQL.
    SQLite::Statement list(sql,
                           "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND "
                           "tbl_name = 'events' AND sql IS NOT NULL AND name <> 'events_dedup' "
                           "ORDER BY name");
    std::vector<IndexDefinition> indexes;
    while (list.executeStep())
        indexes.push_back({list.getColumn(0).getString(), list.getColumn(1).getString()});
    SQLite::Statement record(
        sql, "INSERT INTO deferred_indexes (name, sql, owner_pid) VALUES (?, ?, ?)");
    for (const IndexDefinition& index : indexes) {
        record.bind(1, index.name);
        record.bind(2, index.sql);
        record.bind(3, static_cast<int64_t>(::getpid()));
        record.exec();
        record.reset();
        sql.exec("DROP INDEX \"" + index.name + "\"");
        m_names.push_back(index.name);
    }
    tx.commit();
}

DeferredIndexes::~DeferredIndexes() {
    try {
        build();
    } catch (const std::exception& e) {
        std::cerr << "switchboard: could not build the event indexes again (" << e.what()
                  << "); the next start that opens " << m_db.path() << " builds them\n";
    }
}

void DeferredIndexes::build() {
    if (m_built) return;
    m_built = true;
    if (m_names.empty()) return;
    const int64_t self = ::getpid();
    buildChosen(m_db, [self](int64_t owner) { return owner == self; });
}

int buildAbandonedIndexes(Database& db) {
    // The common case, nothing deferred, costs one read of an empty table and no write lock.
    if (db.sql().execAndGet("SELECT count(*) FROM deferred_indexes").getInt() == 0) return 0;
    return buildChosen(db, [](int64_t owner) { return !processAlive(owner); });
}

}  // namespace switchboard::store
