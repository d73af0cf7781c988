// Events and quarantine in SQLite: batched inserts that absorb re-deliveries, and the queries
// behind `switchboard events` and the console's feed. One EventStore per thread (it holds
// prepared statements on one connection).
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "model/event.hpp"
#include "store/database.hpp"

namespace SQLite {
class Statement;
}

namespace switchboard::store {

// A message that could not be parsed, kept byte for byte with the reason.
struct QuarantineItem {
    int64_t id = 0;
    int64_t received_at = 0;
    std::string source;  // connection name or file path
    int64_t line = 0;    // line number in a file; 0 for a bus delivery
    std::string topic;
    std::string reason;
    std::string raw;  // the exact bytes
};

struct InsertCounts {
    int64_t stored = 0;
    int64_t duplicates = 0;
    int64_t quarantined = 0;
};

// Filters of `switchboard events` (DESIGN section 6); an empty field does not filter.
struct EventQuery {
    std::string kind;
    std::string subjectGlob;
    std::string state;
    std::string topicGlob;
    int64_t since = 0;       // received_at >= since (ms); 0 = no bound
    int64_t limit = 100;     // 0 = no limit
    int64_t beforeId = 0;    // only ids below this (paging, newest first); 0 = no bound
    int64_t afterId = 0;     // only ids above this (the feed's watermark); 0 = no bound
    bool withRaw = true;     // false leaves headers and body empty (cheaper: the feed, the CLI)
};

// The key that makes a re-delivered message a no-op: xxh3-128 of (source, msg_id) when the
// message has an id, else of (topic, body text).
std::array<uint8_t, 16> dedupKey(const std::string& source, const std::string& msgId,
                                 const std::string& topic, const std::string& bodyText);

class EventStore {
public:
    explicit EventStore(Database& db);
    ~EventStore();
    EventStore(const EventStore&) = delete;
    EventStore& operator=(const EventStore&) = delete;

    // Stores events and quarantine items in one transaction. Events whose dedup key is already
    // stored are counted as duplicates and set id = 0; stored ones get their row id.
    // Throws on a database error, in which case nothing of the batch was written.
    InsertCounts insertBatch(std::vector<model::Event>& events,
                             const std::vector<QuarantineItem>& quarantine);

    std::optional<model::Event> get(int64_t id);
    std::vector<model::Event> query(const EventQuery& q);  // newest first
    int64_t count(const EventQuery& q);
    std::vector<QuarantineItem> quarantine(int64_t limit, int64_t beforeId = 0);
    int64_t quarantineCount();

private:
    Database& m_db;
    // Prepared once and reused by every batch: preparing costs more than the insert itself.
    std::unique_ptr<SQLite::Statement> m_insertEvent;
    std::unique_ptr<SQLite::Statement> m_insertRaw;
    std::unique_ptr<SQLite::Statement> m_insertQuarantine;
    // Scratch text for one row at a time, kept so that its capacity is reused.
    std::string m_bodyText;
    std::string m_headersText;
};

}  // namespace switchboard::store
