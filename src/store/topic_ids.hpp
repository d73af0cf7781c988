// The number a topic has in the `topics` table (schema version 8), which the events table's topic
// index is on. The writer looks each event's topic up here; topics are few (one per message
// type), so nearly every look-up is answered from memory.
// One TopicIds per EventStore: it uses that store's connection and follows its transactions.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "store/prepared_statement.hpp"

struct sqlite3;

namespace switchboard::store {

class TopicIds {
public:
    explicit TopicIds(sqlite3* db);
    ~TopicIds();
    TopicIds(const TopicIds&) = delete;
    TopicIds& operator=(const TopicIds&) = delete;

    // The topic's number, adding it to `topics` when it is new. Call inside the write
    // transaction that stores the event; throws SQLite::Exception on a database error.
    int64_t idOf(const std::string& topic);
    // The open transaction committed: the topics it added are there for good.
    void committed();
    // The open transaction rolled back: the topics it added are gone, and so must their numbers
    // be, or a later event would point at a topic that does not exist.
    void rolledBack();

private:
    PreparedStatement m_insert;
    PreparedStatement m_find;
    std::unordered_map<std::string, int64_t> m_known;
    std::vector<std::string> m_addedInTransaction;
};

}  // namespace switchboard::store
