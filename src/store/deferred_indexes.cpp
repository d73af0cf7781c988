#include "store/deferred_indexes.hpp"

#include <exception>
#include <optional>
#include <stdexcept>
#include <utility>

#include <fcntl.h>
#include <sqlite3.h>
#include <sys/file.h>
#include <unistd.h>

#include <SQLiteCpp/Exception.h>
#include <SQLiteCpp/Statement.h>

namespace switchboard::store {

namespace {

struct IndexDefinition {
    std::string name;
    std::string sql;
};

std::vector<IndexDefinition> recorded(SQLite::Database& sql) {
    SQLite::Statement rows(sql, "SELECT name, sql FROM deferred_indexes ORDER BY name");
    std::vector<IndexDefinition> indexes;
    while (rows.executeStep())
        indexes.push_back({rows.getColumn(0).getString(), rows.getColumn(1).getString()});
    return indexes;
}

bool indexExists(SQLite::Database& sql, const std::string& name) {
    SQLite::Statement query(sql, "SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = ?");
    query.bind(1, name);
    return query.executeStep();
}

// Builds one recorded index (one that is there already, built by another process, is left as it
// is) and removes its record, in one write transaction. False when another process removed the
// record first.
bool buildOne(Database& db, const std::string& name) {
    SQLite::Database& sql = db.sql();
    SQLite::Transaction tx = db.beginWrite();
    SQLite::Statement find(sql, "SELECT sql FROM deferred_indexes WHERE name = ?");
    find.bind(1, name);
    if (!find.executeStep()) return false;
    const std::string statement = find.getColumn(0).getString();
    if (!indexExists(sql, name)) sql.exec(statement);
    SQLite::Statement forget(sql, "DELETE FROM deferred_indexes WHERE name = ?");
    forget.bind(1, name);
    forget.exec();
    tx.commit();
    return true;
}

// With the temp store in memory (Database's setting) SQLite's sorter allocates each row's key on
// its own, hundreds of thousands of mallocs and frees per index; with temporary files it packs
// the keys into one buffer, and writes runs to a file only past the connection's page cache.
// Building the five indexes over 1,000,000 events took 3.3-3.5 s the first way and 2.8-3.0 s the
// second (three pairs of runs, one CPU, each right after the ingest). A temporary directory that
// is full or cannot be written fails that build (rolled back whole), which then runs in memory.
bool buildWithTemporaryFiles(Database& db, const std::string& name) {
    SQLite::Database& sql = db.sql();
    sql.exec("PRAGMA temp_store=FILE");
    std::optional<bool> built;
    try {
        built = buildOne(db, name);
    } catch (const SQLite::Exception& e) {
        const int code = e.getErrorCode() & 0xff;
        if (code != SQLITE_FULL && code != SQLITE_IOERR && code != SQLITE_CANTOPEN) {
            sql.exec("PRAGMA temp_store=MEMORY");
            throw;
        }
    }
    sql.exec("PRAGMA temp_store=MEMORY");
    return built ? *built : buildOne(db, name);
}

// Builds every recorded index it can: one that fails does not leave the others unbuilt. Once it
// has tried them all, throws naming each that failed and why.
int buildRecorded(Database& db) {
    int built = 0;
    std::string failures;
    for (const IndexDefinition& index : recorded(db.sql())) {
        try {
            if (buildWithTemporaryFiles(db, index.name)) ++built;
        } catch (const std::exception& e) {
            failures += (failures.empty() ? "" : "; ") + index.name + ": " + e.what();
        }
    }
    if (!failures.empty()) throw std::runtime_error(failures);
    return built;
}

}  // namespace

std::string deferredIndexesLockPath(Database& db) {
    // The file as SQLite names it (symbolic links resolved, as for its -wal file), so that every
    // spelling of the path that reaches the database reaches the same lock.
    const char* file = sqlite3_db_filename(db.sql().getHandle(), "main");
    return std::string(file != nullptr && *file != '\0' ? file : db.path().c_str()) + "-indexes";
}

IndexLock::IndexLock(Database& db) {
    m_fd = ::open(deferredIndexesLockPath(db).c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (m_fd >= 0 && ::flock(m_fd, LOCK_EX | LOCK_NB) != 0) release();
}

IndexLock::~IndexLock() {
    release();
}

void IndexLock::release() {
    if (m_fd >= 0) ::close(m_fd);  // closing lets go of the lock
    m_fd = -1;
}

bool worthDeferringIndexes(Database& db, uint64_t bytes, uint64_t minRows) {
    const uint64_t expected = bytes / kEstimatedLineBytes;
    if (expected < minRows) return false;
    // max(id) reads one end of the table's B-tree; after retention deleted old rows it says more
    // than the table holds, which errs towards not deferring.
    const int64_t stored =
        db.sql().execAndGet("SELECT coalesce(max(id), 0) FROM events").getInt64();
    return expected >= static_cast<uint64_t>(stored);
}

DeferredIndexes::DeferredIndexes(Database& db) : m_db(db), m_lock(db) {
    if (!m_lock.held()) return;  // another process owns deferred indexes, or builds them
    // Holding the lock, whatever is recorded was left by an owner that is gone.
    buildRecorded(db);
    SQLite::Database& sql = db.sql();
    SQLite::Transaction tx = db.beginWrite();
    // The statements as sqlite_master keeps them, so that every such index (a later migration's
    // too) comes back as it was. Unique ones stay: their rows must be checked as they come.
    // Automatic indexes (UNIQUE constraints) have no SQL.
    SQLite::Statement list(sql,
                           "SELECT m.name, m.sql FROM sqlite_master m "
                           "JOIN pragma_index_list('events') l ON l.name = m.name "
                           "WHERE m.type = 'index' AND m.sql IS NOT NULL AND l.\"unique\" = 0 "
                           "ORDER BY m.name");
    std::vector<IndexDefinition> indexes;
    while (list.executeStep())
        indexes.push_back({list.getColumn(0).getString(), list.getColumn(1).getString()});
    SQLite::Statement record(
        sql, "INSERT INTO deferred_indexes (name, sql, owner_pid) VALUES (?, ?, ?)");
    std::vector<std::string> names;
    for (const IndexDefinition& index : indexes) {
        record.bind(1, index.name);
        record.bind(2, index.sql);
        record.bind(3, static_cast<int64_t>(::getpid()));  // for people: which process
        record.exec();
        record.reset();
        sql.exec("DROP INDEX \"" + index.name + "\"");
        names.push_back(index.name);
    }
    tx.commit();
    m_names = std::move(names);
}

DeferredIndexes::~DeferredIndexes() {
    // An ingest that failed half way never called build(); one that did and failed is not made
    // to try again (each failure can cost a full sort).
    if (!m_tried) {
        try {
            build();
        } catch (const std::exception&) {  // still recorded, for the next open
        }
    }
}

void DeferredIndexes::build() {
    if (m_tried) return;
    m_tried = true;
    try {
        if (!m_names.empty()) buildRecorded(m_db);
    } catch (...) {
        m_lock.release();
        throw;
    }
    m_lock.release();
}

int buildAbandonedIndexes(Database& db) {
    // The common case, nothing deferred, costs one read of an empty table and no lock.
    if (db.sql().execAndGet("SELECT count(*) FROM deferred_indexes").getInt() == 0) return 0;
    // The owner's lock, held for the whole build: an owner that still runs keeps it, and a new
    // ingest cannot drop the indexes again while they are built here.
    IndexLock lock(db);
    if (!lock.held()) return 0;
    return buildRecorded(db);
}

}  // namespace switchboard::store
