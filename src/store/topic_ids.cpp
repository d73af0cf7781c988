#include "store/topic_ids.hpp"

#include <SQLiteCpp/Exception.h>
#include <sqlite3.h>

namespace switchboard::store {

namespace {

// Topics are one per message type, a few hundred on a busy bus. A stream that puts ids into its
// topics would otherwise grow the map without end; past this many it starts over.
constexpr size_t kMaxKnownTopics = 10000;

sqlite3_stmt* prepareOn(sqlite3* db, const char* sql) {
    sqlite3_stmt* stmt = nullptr;
    const int rc = sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
    if (rc != SQLITE_OK) throw SQLite::Exception(db, rc);
    return stmt;
}

// Steps a statement that returns at most one row; its first column, or 0 without a row.
int64_t stepForId(sqlite3_stmt* stmt) {
    const int rc = sqlite3_step(stmt);
    const int64_t id = rc == SQLITE_ROW ? sqlite3_column_int64(stmt, 0) : 0;
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
        const std::string message = sqlite3_errmsg(sqlite3_db_handle(stmt));
        sqlite3_reset(stmt);
        throw SQLite::Exception(message, rc);
    }
    sqlite3_reset(stmt);
    return id;
}

}  // namespace

void TopicIds::Finalizer::operator()(sqlite3_stmt* stmt) const {
    sqlite3_finalize(stmt);
}

// RETURNING gives the number of a new topic; a topic already there returns no row (DO NOTHING)
// and is then read by m_find.
TopicIds::TopicIds(sqlite3* db)
    : m_insert(prepareOn(db,
                         "INSERT INTO topics (name) VALUES (?) ON CONFLICT (name) DO NOTHING "
                         "RETURNING id")),
      m_find(prepareOn(db, "SELECT id FROM topics WHERE name = ?")) {}

TopicIds::~TopicIds() = default;

int64_t TopicIds::idOf(const std::string& topic) {
    if (const auto known = m_known.find(topic); known != m_known.end()) return known->second;
    if (m_known.size() >= kMaxKnownTopics) m_known.clear();
    sqlite3_bind_text(m_insert.get(), 1, topic.data(), static_cast<int>(topic.size()),
                      SQLITE_STATIC);
    int64_t id = stepForId(m_insert.get());
    if (id != 0) {
        m_addedInTransaction.push_back(topic);
    } else {
        sqlite3_bind_text(m_find.get(), 1, topic.data(), static_cast<int>(topic.size()),
                          SQLITE_STATIC);
        id = stepForId(m_find.get());
    }
    m_known.emplace(topic, id);
    return id;
}

void TopicIds::committed() {
    m_addedInTransaction.clear();
}

void TopicIds::rolledBack() {
    sqlite3_reset(m_insert.get());
    sqlite3_reset(m_find.get());
    for (const std::string& topic : m_addedInTransaction) m_known.erase(topic);
    m_addedInTransaction.clear();
}

}  // namespace switchboard::store
