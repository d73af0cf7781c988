#include "store/topic_ids.hpp"

#include <sqlite3.h>

namespace switchboard::store {

namespace {

// Topics are one per message type, a few hundred on a busy bus. A stream that puts ids into its
// topics would otherwise grow the map without end; past this many it starts over.
constexpr size_t kMaxKnownTopics = 10000;

}  // namespace

// RETURNING gives the number of a new topic; a topic already there returns no row (DO NOTHING)
// and is then read by m_find.
TopicIds::TopicIds(sqlite3* db)
    : m_insert(
          preparePersistent(db,
                            "INSERT INTO topics (name) VALUES (?) ON CONFLICT (name) DO NOTHING "
                            "RETURNING id")),
      m_find(preparePersistent(db, "SELECT id FROM topics WHERE name = ?")) {}

TopicIds::~TopicIds() = default;

int64_t TopicIds::idOf(const std::string& topic) {
    if (const auto known = m_known.find(topic); known != m_known.end()) return known->second;
    if (m_known.size() >= kMaxKnownTopics) m_known.clear();
    bindText(m_insert.get(), 1, topic);
    std::optional<int64_t> id = stepForInt64(m_insert.get());
    if (id) {
        m_addedInTransaction.push_back(topic);
    } else {
        bindText(m_find.get(), 1, topic);
        id = stepForInt64(m_find.get());
    }
    // The insert made the row if it was not there, so it is there now.
    const int64_t number = id.value_or(0);
    m_known.emplace(topic, number);
    return number;
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
