// Events and quarantine in SQLite: batched inserts that absorb re-deliveries, and the queries
// behind `switchboard events` and the console's feed. One EventStore per thread (it holds
// prepared statements on one connection and at most one open write transaction).
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/event.hpp"
#include "store/database.hpp"
#include "store/prepared_statement.hpp"

namespace switchboard::store {

class TopicIds;

// A message that could not be parsed, kept byte for byte with the reason.
struct QuarantineItem {
    int64_t id = 0;
    int64_t received_at = 0;
    std::string source;  // connection name or file path
    int64_t line = 0;    // line number in a file; 0 for a bus delivery
    std::string topic;
    std::string reason;
    std::string raw;  // the exact bytes
    int64_t size = 0;  // how many bytes were kept (read back by the store; raw may be left out)
    // What a bus delivery brought beside its bytes: the broker's message id and the headers as
    // JSON text. Empty for a file's line, whose id and headers (if any) are in its bytes.
    std::string msg_id;
    std::string headers;
    // A bus delivery has a key (quarantineKey), so that its re-delivery is a duplicate instead of
    // a second row. A file's line has none: ingesting a file again keeps its bad lines again.
    bool keyed = false;
};

// Where a quarantined message came from as people read it: "file.jsonl:12" for a line of a
// file, the connection's name for a bus delivery (line 0).
std::string quarantineOrigin(const std::string& source, int64_t line);

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
    // Exact values; no index serves them, so alone they scan the facets (~150 bytes a row).
    std::string product, version, component, source;
    std::string arch;  // one element of the event's arch list
    std::string tag;   // one element of its tags
    // Texts that must all appear in the message's body or headers as received (text_search.hpp):
    // a scan of the raw messages, stopped early by a limit.
    std::vector<std::string> contains;
    int64_t since = 0;       // received_at >= since (ms); 0 = no bound
    int64_t until = 0;       // received_at <= until (ms); 0 = no bound
    int64_t limit = 100;     // 0 = no limit
    int64_t beforeId = 0;    // only ids below this (paging, newest first); 0 = no bound
    int64_t afterId = 0;     // only ids above this (the feed's watermark); 0 = no bound
    bool withRaw = true;     // false leaves headers and body empty (cheaper: the feed, a table)
};

// An event's headers and body as JSON text exactly as they arrived (ingest::Message's bodyText and
// headersText), stored as they are instead of re-serializing the parsed values. An empty view
// means "serialize the parsed value". The views must stay valid until the row is added.
struct RawText {
    std::string_view headers;
    std::string_view body;
};

// The key that makes a re-delivered message a no-op: the message's own send time in whole seconds
// (5 bytes, big-endian; 0 when it has none), then 11 bytes of xxh3-128 over (source, msg_id) when
// the message has an id, else over (topic, body text). A re-delivery carries the same send time,
// so it gets the same key; leading with the time puts each new key at the right edge of the
// unique index instead of on a random page, so a batch dirties a few index pages, not one each.
std::array<uint8_t, 16> dedupKey(const std::string& source, const std::string& msgId,
                                 const std::string& topic, const std::string& bodyText,
                                 int64_t sentAtMs);
// The key rows stored before schema version 5 carry: the whole 16-byte hash, no time.
std::array<uint8_t, 16> legacyDedupKey(const std::string& source, const std::string& msgId,
                                       const std::string& topic, const std::string& bodyText);
// The key of a quarantined bus delivery: a tag byte, then the xxh3-128 of (source, msg_id) when
// the message has an id, else of (source, topic, raw bytes). Its 17 bytes can never equal an
// event's 16, should the two ever share an index.
std::array<uint8_t, 17> quarantineKey(const std::string& source, const std::string& msgId,
                                      const std::string& topic, const std::string& raw);

class EventStore {
public:
    explicit EventStore(Database& db);
    ~EventStore();
    EventStore(const EventStore&) = delete;
    EventStore& operator=(const EventStore&) = delete;

    // Stores events and quarantine items in one transaction. Events whose dedup key is already
    // stored are counted as duplicates and set id = 0; stored ones get their row id, and so do
    // quarantine items (0 for a re-delivered one). raw[i], when given, is events[i]'s original text
    // (raw may be empty). `inTransaction`, when given, runs before the commit with the events' ids
    // set (0 for a duplicate), to write more rows that commit with them; if it throws, nothing is
    // written. Throws on a database error, in which case nothing of the batch was written.
    InsertCounts insertBatch(
        std::vector<model::Event>& events, std::vector<QuarantineItem>& quarantine,
        const std::vector<RawText>& raw = {},
        const std::function<void(const std::vector<model::Event>&)>& inTransaction = {});
    // The same for a batch with nothing to quarantine.
    InsertCounts insertBatch(std::vector<model::Event>& events);

    // Row-at-a-time writing of one transaction, for a caller that streams its input (file
    // ingest) and so never holds a batch of parsed messages: begin(), add() / addQuarantine() any
    // number of times, then commit(), or rollback() after a failure. add() and addQuarantine()
    // return the new row's id, or 0 for a duplicate; nothing is stored (or may be reported as
    // stored) before commit() returned. add(), addQuarantine() and commit() throw on a database
    // error: call rollback().
    void begin();
    int64_t add(const model::Event& event, const RawText& raw = {});
    int64_t addQuarantine(const QuarantineItem& item);
    InsertCounts commit();  // what this transaction added
    void rollback();        // never throws; a no-op outside a transaction
    bool inTransaction() const { return m_inTransaction; }
    Database& database() { return m_db; }

    std::optional<model::Event> get(int64_t id);
    std::vector<model::Event> query(const EventQuery& q);  // newest first
    int64_t count(const EventQuery& q);
    // Newest first; without `withRaw` the bytes are left out (raw empty, size set): a listing
    // of thousands of rows must not read megabytes of binary bodies.
    std::vector<QuarantineItem> quarantine(int64_t limit, int64_t beforeId = 0, bool withRaw = true);
    std::optional<QuarantineItem> quarantined(int64_t id);  // nullopt when no such row
    int64_t quarantineCount();

private:
    Database& m_db;
    using Prepared = PreparedStatement;
    Prepared prepare(const char* sql);  // on this store's connection
    bool hasLegacyKeys();  // also forgets the marker once no legacy row is left
    bool legacyKeyStored(const std::array<uint8_t, 16>& key);

    // Prepared once and reused by every batch: preparing costs more than the insert itself.
    // Plain SQLite statements: the insert path binds and steps through the C API.
    Prepared m_insertEvent;
    Prepared m_insertRaw;
    Prepared m_insertQuarantine;
    // Set while rows from before schema 5 remain: a new row's legacy key is looked up too, so a
    // message stored by an older version and delivered again is still a duplicate.
    Prepared m_findLegacyKey;
    std::unique_ptr<TopicIds> m_topicIds;  // events.topic_id, which the topic index is on
    bool m_inTransaction = false;
    InsertCounts m_pending;  // counts of the open transaction
    // Scratch text for one row at a time, kept so that its capacity is reused.
    std::string m_bodyText;
    std::string m_keyText;
    std::string m_headersText;
    std::string m_archText;
    std::string m_tagsText;
};

}  // namespace switchboard::store
