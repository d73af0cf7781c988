#include "store/event_store.hpp"

#include <cstring>
#include <functional>
#include <initializer_list>
#include <optional>
#include <stdexcept>

#include <SQLiteCpp/Exception.h>
#include <SQLiteCpp/Statement.h>
#include <sqlite3.h>
#include <xxhash.h>

#include "model/json_dump.hpp"
#include "store/json_text.hpp"
#include "store/prepared_statement.hpp"
#include "store/sql_glob.hpp"
#include "store/text_search.hpp"
#include "store/topic_ids.hpp"

namespace switchboard::store {

namespace {

using nlohmann::json;

// A list of names as a JSON array. Arches and tags are plain ASCII words: those are written
// directly; anything that needs escaping or is not ASCII goes through the serializer.
void listText(const std::vector<std::string>& list, std::string& out) {
    out.assign(1, '[');
    for (const std::string& item : list) {
        if (!plainJsonText(item)) {
            out = model::dumpJson(json(list));
            return;
        }
        if (out.size() > 1) out += ',';
        out += '"';
        out += item;
        out += '"';
    }
    out += ']';
}

std::vector<std::string> parseList(const char* text) {
    std::vector<std::string> out;
    const json parsed = json::parse(text, nullptr, false);
    if (!parsed.is_array()) return out;
    for (const json& item : parsed)
        if (item.is_string()) out.push_back(item.get<std::string>());
    return out;
}

json parseStored(const std::string& text) {
    if (text.empty()) return json();
    json parsed = json::parse(text, nullptr, false);
    // Text that is not JSON (a database edited by hand) is shown as a string, not dropped.
    if (parsed.is_discarded()) return json(text);
    return parsed;
}

void hashField(XXH3_state_t* state, std::string_view field) {
    // A length prefix keeps ("ab", "c") and ("a", "bc") apart.
    const uint64_t size = field.size();
    unsigned char prefix[8];
    for (int i = 0; i < 8; ++i) prefix[i] = static_cast<unsigned char>(size >> (8 * i));
    XXH3_128bits_update(state, prefix, sizeof prefix);
    XXH3_128bits_update(state, field.data(), field.size());
}

struct StateDeleter {
    void operator()(XXH3_state_t* state) const { XXH3_freeState(state); }
};

const char* const kColumns =
    "events.id, received_at, kind, event, subject, state, product, version, arch, component, tags, "
    "topic, source, msg_id";
const char* const kRawColumns = ", event_raw.headers, event_raw.body";
// LEFT: an events row whose raw part is missing (a database edited by hand) is still shown.
const char* const kRawJoin = " LEFT JOIN event_raw ON event_raw.id = events.id";

model::Event readEvent(SQLite::Statement& row, bool withRaw) {
    model::Event e;
    e.id = row.getColumn(0).getInt64();
    e.received_at = row.getColumn(1).getInt64();
    e.kind = model::parseKind(row.getColumn(2).getString()).value_or(model::Kind::Other);
    e.event = row.getColumn(3).getString();
    e.subject = row.getColumn(4).getString();
    e.state = row.getColumn(5).getString();
    e.product = row.getColumn(6).getString();
    e.version = row.getColumn(7).getString();
    e.arch = parseList(row.getColumn(8).getText());
    e.component = row.getColumn(9).getString();
    e.tags = parseList(row.getColumn(10).getText());
    e.topic = row.getColumn(11).getString();
    e.source = row.getColumn(12).getString();
    e.msg_id = row.getColumn(13).getString();
    if (withRaw) {
        e.headers = parseStored(row.getColumn(14).getString());
        e.body = parseStored(row.getColumn(15).getString());
    }
    return e;
}

// The WHERE clause of query() and count(); binds in the order appendFilters() wrote them.
struct Filter {
    std::string where;
    std::vector<std::string> texts;
    std::vector<int64_t> numbers;  // after the texts
};

// How the rows behind a filter are read: newest first until a limit is reached, or all of them
// (a count, a listing without a limit). It decides only how the raw text search is joined.
enum class Reading { NewestFirstLimited, Whole };

Filter buildFilter(const EventQuery& q, Reading reading) {
    Filter f;
    auto add = [&f](std::string_view clause) {
        f.where += f.where.empty() ? " WHERE " : " AND ";
        f.where += clause;
    };
    // A glob is model::globMatch (sb_glob), behind the index range of its literal prefix.
    // Its clauses are joined by `add` (an event filter) or `addTo` (the topic subquery's).
    auto addGlobTo = [&](const std::function<void(std::string_view)>& addTo,
                         const std::string& column, const std::string& pattern) {
        const std::optional<GlobRange> range = globPrefixRange(pattern);
        if (range && range->exact) {
            addTo(column + " = ?"), f.texts.push_back(range->low);
            return;
        }
        if (range) {
            addTo(column + " >= ?"), f.texts.push_back(range->low);
            if (range->high) addTo(column + " < ?"), f.texts.push_back(*range->high);
            if (range->whole) return;
        }
        addTo("sb_glob(?, " + column + ")"), f.texts.push_back(pattern);
    };
    // The topic index is on the topic's number (schema version 8): the glob picks the names.
    auto addTopicGlob = [&](const std::string& pattern) {
        std::string names;
        auto addName = [&names](std::string_view clause) {
            names += names.empty() ? "" : " AND ";
            names += clause;
        };
        addGlobTo(addName, "name", pattern);
        add("topic_id IN (SELECT id FROM topics WHERE " + names + ")");
    };
    if (!q.kind.empty()) add("kind = ?"), f.texts.push_back(q.kind);
    if (!q.subjectGlob.empty()) addGlobTo(add, "subject", q.subjectGlob);
    if (!q.state.empty()) add("state = ?"), f.texts.push_back(q.state);
    if (!q.topicGlob.empty()) addTopicGlob(q.topicGlob);
    if (!q.product.empty()) add("product = ?"), f.texts.push_back(q.product);
    if (!q.version.empty()) add("version = ?"), f.texts.push_back(q.version);
    if (!q.component.empty()) add("component = ?"), f.texts.push_back(q.component);
    if (!q.source.empty()) add("source = ?"), f.texts.push_back(q.source);
    // arch and tags are JSON arrays as text. Finding the quoted value in the text is cheap and
    // rules out nearly every row; json_each then confirms it is a whole element (a value with a
    // quote in it could otherwise match across an escape).
    auto addElement = [&](const std::string& column, const std::string& value) {
        add("instr(" + column + ", json_quote(?)) > 0 AND EXISTS (SELECT 1 FROM json_each(events." +
            column + ") WHERE value = ?)");
        f.texts.push_back(value);
        f.texts.push_back(value);
    };
    if (!q.arch.empty()) addElement("arch", q.arch);
    if (!q.tag.empty()) addElement("tags", q.tag);
    // With a limit, row by row newest first, so that `--contains X --limit 10` stops at the
    // tenth match. Otherwise one pass over event_raw in its own order: looked up row by row in
    // the order of whichever index the count walks, the raw pages were read at random (2.8 s
    // against 0.5 s over 1,000,000 messages).
    if (!q.contains.empty()) {
        TextSearch search;
        search.present = q.contains;
        const std::string condition = rawTextCondition(search, "r", f.texts);
        if (reading == Reading::NewestFirstLimited)
            add("EXISTS (SELECT 1 FROM event_raw r WHERE r.id = events.id AND " + condition + ")");
        else
            add("events.id IN (SELECT r.id FROM event_raw r WHERE " + condition + ")");
    }
    // Every text above binds before the numbers below (bindFilter's order).
    if (q.since != 0) add("received_at >= ?"), f.numbers.push_back(q.since);
    if (q.until != 0) add("received_at <= ?"), f.numbers.push_back(q.until);
    if (q.beforeId != 0) add("events.id < ?"), f.numbers.push_back(q.beforeId);
    if (q.afterId != 0) add("events.id > ?"), f.numbers.push_back(q.afterId);
    return f;
}

int bindFilter(SQLite::Statement& stmt, const Filter& f) {
    int index = 1;
    for (const std::string& text : f.texts) stmt.bind(index++, text);
    for (int64_t number : f.numbers) stmt.bind(index++, static_cast<int64_t>(number));
    return index;
}

// xxh3-128 of a tag byte and the fields; the tag keeps keys of different shapes apart.
std::array<uint8_t, 16> hashTagged(unsigned char tag,
                                   std::initializer_list<std::string_view> fields) {
    // One hashing state per thread: creating one costs an allocation of ~600 bytes.
    thread_local std::unique_ptr<XXH3_state_t, StateDeleter> state(XXH3_createState());
    XXH3_128bits_reset(state.get());
    XXH3_128bits_update(state.get(), &tag, 1);
    for (std::string_view field : fields) hashField(state.get(), field);
    XXH128_canonical_t canonical;
    XXH128_canonicalFromHash(&canonical, XXH3_128bits_digest(state.get()));
    std::array<uint8_t, 16> hash{};
    std::memcpy(hash.data(), canonical.digest, hash.size());
    return hash;
}

}  // namespace

std::array<uint8_t, 16> legacyDedupKey(const std::string& source, const std::string& msgId,
                                       const std::string& topic, const std::string& bodyText) {
    // The tag byte keeps an id-keyed message apart from a body-keyed one with the same texts.
    if (msgId.empty()) return hashTagged('b', {topic, bodyText});
    return hashTagged('i', {source, msgId});
}

std::array<uint8_t, 17> quarantineKey(const std::string& source, const std::string& msgId,
                                      const std::string& topic, const std::string& raw) {
    // Tags of their own ('q', 'r'), also kept in front of the hash: the length alone already
    // tells a quarantine key from an event's.
    const unsigned char tag = msgId.empty() ? 'r' : 'q';
    const std::array<uint8_t, 16> hash =
        msgId.empty() ? hashTagged(tag, {source, topic, raw}) : hashTagged(tag, {source, msgId});
    std::array<uint8_t, 17> key{};
    key[0] = tag;
    std::memcpy(key.data() + 1, hash.data(), hash.size());
    return key;
}

namespace {

// The key of dedupKey() from the hash legacyDedupKey() gives: the send time, then the hash's start.
std::array<uint8_t, 16> leadWithTime(const std::array<uint8_t, 16>& hash, int64_t sentAtMs) {
    // 40 bits of seconds last until the year 36812; a time outside them counts as none.
    constexpr int kTimeBytes = 5;
    const int64_t seconds = sentAtMs / 1000;
    const uint64_t time = seconds > 0 && seconds < (int64_t{1} << (8 * kTimeBytes))
                              ? static_cast<uint64_t>(seconds)
                              : 0;
    std::array<uint8_t, 16> key{};
    for (int i = 0; i < kTimeBytes; ++i)
        key[i] = static_cast<uint8_t>(time >> (8 * (kTimeBytes - 1 - i)));
    std::memcpy(key.data() + kTimeBytes, hash.data(), key.size() - kTimeBytes);
    return key;
}

}  // namespace

std::array<uint8_t, 16> dedupKey(const std::string& source, const std::string& msgId,
                                 const std::string& topic, const std::string& bodyText,
                                 int64_t sentAtMs) {
    return leadWithTime(legacyDedupKey(source, msgId, topic, bodyText), sentAtMs);
}

EventStore::EventStore(Database& db) : m_db(db) {
    // A larger page cache keeps the indexes' hot pages in memory across batches of an ingest.
    m_db.sql().exec("PRAGMA cache_size=-65536");
    m_insertEvent = prepare(
        "INSERT INTO events (received_at, kind, event, subject, state, product, version, arch, "
        "component, tags, topic, source, msg_id, dedup_key, topic_id) "
        "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT(dedup_key) DO NOTHING");
    m_insertRaw = prepare("INSERT INTO event_raw (id, headers, body) VALUES (?,?,?)");
    m_insertQuarantine = prepare(
        "INSERT INTO quarantine (received_at, source, line, topic, reason, raw, msg_id, headers, "
        "dedup_key) VALUES (?,?,?,?,?,?,?,?,?) ON CONFLICT(dedup_key) DO NOTHING");
    if (hasLegacyKeys()) m_findLegacyKey = prepare("SELECT 1 FROM events WHERE dedup_key = ?");
    m_topicIds = std::make_unique<TopicIds>(m_db.sql().getHandle());
}

bool EventStore::hasLegacyKeys() {
    SQLite::Database& sql = m_db.sql();
    SQLite::Statement marker(sql,
                             "SELECT value FROM store_meta WHERE name = 'legacy_dedup_max_id'");
    if (!marker.executeStep()) return false;
    const int64_t lastLegacyId = marker.getColumn(0).getInt64();
    marker.reset();
    // Once retention has deleted every row of the older version, the extra lookup stops.
    const int64_t firstId = sql.execAndGet("SELECT coalesce(min(id), 0) FROM events").getInt64();
    if (firstId > lastLegacyId || firstId == 0) {
        // Only saves the next store this check; a writer holding the lock must not fail us.
        try {
            sql.exec("DELETE FROM store_meta WHERE name = 'legacy_dedup_max_id'");
        } catch (const SQLite::Exception&) {
        }
        return false;
    }
    return true;
}

EventStore::~EventStore() {
    rollback();
}

PreparedStatement EventStore::prepare(const char* sql) {
    return preparePersistent(m_db.sql().getHandle(), sql);
}

void EventStore::begin() {
    if (m_inTransaction) throw std::logic_error("EventStore::begin: a transaction is open");
    // IMMEDIATE takes the write lock up front, so a concurrent writer makes us wait (busy
    // timeout) instead of failing half-way through the batch.
    m_db.sql().exec("BEGIN IMMEDIATE");
    m_inTransaction = true;
    m_pending = {};
}

int64_t EventStore::add(const model::Event& e, const RawText& rawText) {
    sqlite3* handle = m_db.sql().getHandle();
    // The body is serialized only when it is the dedup key (a message without an id), and never
    // for storing when its original text came with it. The key stays the serialized body (not
    // the original bytes) so that keys stored by earlier versions still match re-deliveries.
    const bool keyedByBody = e.msg_id.empty();
    if (keyedByBody) writeCompactJson(e.body, m_keyText);
    static const std::string kNoBody;
    const std::string& keyBody = keyedByBody ? m_keyText : kNoBody;
    // One hash serves both keys: the old one (looked up while old rows remain) and the new one.
    const std::array<uint8_t, 16> hash = legacyDedupKey(e.source, e.msg_id, e.topic, keyBody);
    if (m_findLegacyKey && legacyKeyStored(hash)) {
        ++m_pending.duplicates;
        return 0;
    }
    const std::array<uint8_t, 16> key = leadWithTime(hash, e.sent_at);
    listText(e.arch, m_archText);
    listText(e.tags, m_tagsText);
    sqlite3_stmt* ins = m_insertEvent.get();
    sqlite3_bind_int64(ins, 1, e.received_at);
    bindText(ins, 2, model::kindName(e.kind));
    bindText(ins, 3, e.event);
    bindText(ins, 4, e.subject);
    bindText(ins, 5, e.state);
    bindText(ins, 6, e.product);
    bindText(ins, 7, e.version);
    bindText(ins, 8, m_archText);
    bindText(ins, 9, e.component);
    bindText(ins, 10, m_tagsText);
    bindText(ins, 11, e.topic);
    bindText(ins, 12, e.source);
    bindText(ins, 13, e.msg_id);
    sqlite3_bind_blob(ins, 14, key.data(), static_cast<int>(key.size()), SQLITE_STATIC);
    sqlite3_bind_int64(ins, 15, m_topicIds->idOf(e.topic));
    stepDone(ins);
    if (sqlite3_changes(handle) == 0) {
        ++m_pending.duplicates;
        return 0;
    }
    const int64_t id = sqlite3_last_insert_rowid(handle);

    std::string_view body = rawText.body;
    if (body.empty()) {
        if (keyedByBody) {
            body = m_keyText;
        } else {
            writeCompactJson(e.body, m_bodyText);
            body = m_bodyText;
        }
    }
    std::string_view headers = rawText.headers;
    if (headers.empty()) {
        if (e.headers.is_object() && e.headers.empty()) {
            headers = "{}";
        } else {
            writeCompactJson(e.headers, m_headersText);
            headers = m_headersText;
        }
    }
    sqlite3_stmt* raw = m_insertRaw.get();
    sqlite3_bind_int64(raw, 1, id);
    bindText(raw, 2, headers);
    bindText(raw, 3, body);
    stepDone(raw);
    ++m_pending.stored;
    return id;
}

bool EventStore::legacyKeyStored(const std::array<uint8_t, 16>& key) {
    sqlite3_stmt* find = m_findLegacyKey.get();
    sqlite3_bind_blob(find, 1, key.data(), static_cast<int>(key.size()), SQLITE_STATIC);
    return stepForInt64(find).has_value();
}

int64_t EventStore::addQuarantine(const QuarantineItem& item) {
    sqlite3_stmt* q = m_insertQuarantine.get();
    sqlite3_bind_int64(q, 1, item.received_at);
    bindText(q, 2, item.source);
    sqlite3_bind_int64(q, 3, item.line);
    bindText(q, 4, item.topic);
    bindText(q, 5, item.reason);
    // The exact bytes, as a blob (a zero-length one is still a blob, not NULL: raw is NOT NULL).
    static const char kEmpty = 0;
    sqlite3_bind_blob(q, 6, item.raw.empty() ? &kEmpty : item.raw.data(),
                      static_cast<int>(item.raw.size()), SQLITE_STATIC);
    bindText(q, 7, item.msg_id);
    if (item.headers.empty()) {
        sqlite3_bind_null(q, 8);
    } else {
        bindText(q, 8, item.headers);
    }
    // NULL (a file's line) never conflicts: NULLs are distinct in a unique index.
    std::array<uint8_t, 17> key{};
    if (item.keyed) {
        key = quarantineKey(item.source, item.msg_id, item.topic, item.raw);
        sqlite3_bind_blob(q, 9, key.data(), static_cast<int>(key.size()), SQLITE_STATIC);
    } else {
        sqlite3_bind_null(q, 9);
    }
    stepDone(q);
    sqlite3* handle = m_db.sql().getHandle();
    if (sqlite3_changes(handle) == 0) {
        ++m_pending.duplicates;
        return 0;
    }
    ++m_pending.quarantined;
    return sqlite3_last_insert_rowid(handle);
}

InsertCounts EventStore::commit() {
    if (!m_inTransaction) throw std::logic_error("EventStore::commit: no open transaction");
    m_db.sql().exec("COMMIT");
    m_inTransaction = false;
    m_topicIds->committed();
    return m_pending;
}

void EventStore::rollback() {
    if (!m_inTransaction) return;
    m_inTransaction = false;
    m_pending = {};
    // A statement left mid-step would keep the rollback from releasing everything.
    sqlite3_reset(m_insertEvent.get());
    sqlite3_reset(m_insertRaw.get());
    sqlite3_reset(m_insertQuarantine.get());
    if (m_findLegacyKey) sqlite3_reset(m_findLegacyKey.get());
    m_topicIds->rolledBack();
    sqlite3* handle = m_db.sql().getHandle();
    if (!sqlite3_get_autocommit(handle))
        sqlite3_exec(handle, "ROLLBACK", nullptr, nullptr, nullptr);
}

InsertCounts EventStore::insertBatch(std::vector<model::Event>& events) {
    std::vector<QuarantineItem> none;
    return insertBatch(events, none);
}

InsertCounts EventStore::insertBatch(
    std::vector<model::Event>& events, std::vector<QuarantineItem>& quarantine,
    const std::vector<RawText>& raw,
    const std::function<void(const std::vector<model::Event>&)>& inTransaction) {
    if (events.empty() && quarantine.empty()) return {};
    InsertCounts counts;
    begin();
    try {
        for (size_t i = 0; i < events.size(); ++i)
            events[i].id = add(events[i], i < raw.size() ? raw[i] : RawText{});
        for (QuarantineItem& item : quarantine) item.id = addQuarantine(item);
        if (inTransaction) inTransaction(events);
        counts = commit();
    } catch (...) {
        rollback();
        // A failed batch leaves every id at 0: none of its rows exists.
        for (model::Event& e : events) e.id = 0;
        for (QuarantineItem& item : quarantine) item.id = 0;
        throw;
    }
    return counts;
}

std::optional<model::Event> EventStore::get(int64_t id) {
    SQLite::Statement stmt(m_db.sql(), std::string("SELECT ") + kColumns + kRawColumns +
                                           " FROM events" + kRawJoin + " WHERE events.id = ?");
    stmt.bind(1, static_cast<int64_t>(id));
    if (!stmt.executeStep()) return std::nullopt;
    return readEvent(stmt, true);
}

std::vector<model::Event> EventStore::query(const EventQuery& q) {
    const Filter f = buildFilter(q, q.limit > 0 ? Reading::NewestFirstLimited : Reading::Whole);
    std::string sql = std::string("SELECT ") + kColumns + (q.withRaw ? kRawColumns : "") +
                      " FROM events" + (q.withRaw ? kRawJoin : "") + f.where +
                      " ORDER BY events.id DESC";
    if (q.limit > 0) sql += " LIMIT ?";
    SQLite::Statement stmt(m_db.sql(), sql);
    const int next = bindFilter(stmt, f);
    if (q.limit > 0) stmt.bind(next, static_cast<int64_t>(q.limit));
    std::vector<model::Event> out;
    while (stmt.executeStep()) out.push_back(readEvent(stmt, q.withRaw));
    return out;
}

int64_t EventStore::count(const EventQuery& q) {
    const Filter f = buildFilter(q, Reading::Whole);
    SQLite::Statement stmt(m_db.sql(), "SELECT count(*) FROM events" + f.where);
    bindFilter(stmt, f);
    stmt.executeStep();
    return stmt.getColumn(0).getInt64();
}

namespace {

// The bytes come last, so that a listing leaves them out by leaving out the last column.
constexpr const char* kQuarantineColumns =
    "SELECT id, received_at, source, line, topic, reason, msg_id, coalesce(headers, ''), "
    "dedup_key IS NOT NULL, length(raw), raw FROM quarantine";
constexpr const char* kQuarantineColumnsNoRaw =
    "SELECT id, received_at, source, line, topic, reason, msg_id, coalesce(headers, ''), "
    "dedup_key IS NOT NULL, length(raw) FROM quarantine";
constexpr int kQuarantineRawColumn = 10;

QuarantineItem quarantineRow(SQLite::Statement& stmt) {
    QuarantineItem item;
    item.id = stmt.getColumn(0).getInt64();
    item.received_at = stmt.getColumn(1).getInt64();
    item.source = stmt.getColumn(2).getString();
    item.line = stmt.getColumn(3).getInt64();
    item.topic = stmt.getColumn(4).getString();
    item.reason = stmt.getColumn(5).getString();
    item.msg_id = stmt.getColumn(6).getString();
    item.headers = stmt.getColumn(7).getString();
    item.keyed = stmt.getColumn(8).getInt() != 0;
    item.size = stmt.getColumn(9).getInt64();
    if (stmt.getColumnCount() <= kQuarantineRawColumn) return item;
    const SQLite::Column raw = stmt.getColumn(kQuarantineRawColumn);
    const void* blob = raw.getBlob();
    const int bytes = raw.getBytes();
    if (blob != nullptr && bytes > 0)
        item.raw.assign(static_cast<const char*>(blob), static_cast<size_t>(bytes));
    return item;
}

}  // namespace

std::string quarantineOrigin(const std::string& source, int64_t line) {
    return line > 0 ? source + ":" + std::to_string(line) : source;
}

std::vector<QuarantineItem> EventStore::quarantine(int64_t limit, int64_t beforeId, bool withRaw) {
    std::string sql = withRaw ? kQuarantineColumns : kQuarantineColumnsNoRaw;
    if (beforeId > 0) sql += " WHERE id < ?";
    sql += " ORDER BY id DESC";
    if (limit > 0) sql += " LIMIT ?";
    SQLite::Statement stmt(m_db.sql(), sql);
    int index = 1;
    if (beforeId > 0) stmt.bind(index++, static_cast<int64_t>(beforeId));
    if (limit > 0) stmt.bind(index++, static_cast<int64_t>(limit));
    std::vector<QuarantineItem> out;
    while (stmt.executeStep()) out.push_back(quarantineRow(stmt));
    return out;
}

std::optional<QuarantineItem> EventStore::quarantined(int64_t id) {
    SQLite::Statement stmt(m_db.sql(), std::string(kQuarantineColumns) + " WHERE id = ?");
    stmt.bind(1, static_cast<int64_t>(id));
    if (!stmt.executeStep()) return std::nullopt;
    return quarantineRow(stmt);
}

int64_t EventStore::quarantineCount() {
    return m_db.sql().execAndGet("SELECT count(*) FROM quarantine").getInt64();
}

}  // namespace switchboard::store
