#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <random>
#include <stdexcept>
#include <string>

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include "../temp_dir.hpp"
#include "older_schema.hpp"
#include "store/database.hpp"
#include "store/event_store.hpp"
#include "store/migrations.hpp"

using namespace switchboard;
using nlohmann::json;
using store::EventQuery;
using store::EventStore;
using store::InsertCounts;
using store::QuarantineItem;

namespace {

// A fresh database file in its own temporary directory, removed at the end of the test.
struct TempDb {
    std::filesystem::path dir;
    std::unique_ptr<store::Database> db;
    TempDb() {
        std::random_device rd;
        dir = std::filesystem::temp_directory_path() /
              ("sb-event-store-" + std::to_string(rd()) + std::to_string(rd()));
        std::filesystem::create_directories(dir);
        db = std::make_unique<store::Database>((dir / "test.db").string());
    }
    ~TempDb() {
        db.reset();
        std::error_code ec;
        std::filesystem::remove_all(dir, ec);
    }
};

model::Event makeEvent(model::Kind kind, std::string subject, std::string state, std::string topic,
                       int64_t receivedAt, std::string msgId = "") {
    model::Event e;
    e.kind = kind;
    e.event = "status.change";
    e.subject = std::move(subject);
    e.state = std::move(state);
    e.topic = std::move(topic);
    e.source = "test";
    e.msg_id = std::move(msgId);
    e.received_at = receivedAt;
    e.body = {{"subject", e.subject}, {"state", e.state}, {"at", receivedAt}};
    return e;
}

InsertCounts insert(EventStore& store, std::vector<model::Event> events,
                    std::vector<QuarantineItem> quarantine = {}) {
    return store.insertBatch(events, quarantine);
}

// Ten events across kinds, states, topics and times; ids 1..10 in this order.
void seed(EventStore& store) {
    using model::Kind;
    std::vector<model::Event> events = {
        makeEvent(Kind::Compose, "RHEL-9.4.0-20240101.1", "STARTED", "org.fedoraproject.prod.pungi.compose.status.change", 1000),
        makeEvent(Kind::Compose, "RHEL-9.4.0-20240101.1", "FINISHED", "org.fedoraproject.prod.pungi.compose.status.change", 2000),
        makeEvent(Kind::Compose, "Fedora-40-20240101.n.0", "FINISHED", "org.fedoraproject.prod.pungi.compose.status.change", 3000),
        makeEvent(Kind::Module, "nodejs:20:9040020240101:abcd", "init", "VirtualTopic.eng.mbs.module.state.change", 4000),
        makeEvent(Kind::Module, "nodejs:20:9040020240101:abcd", "ready", "VirtualTopic.eng.mbs.module.state.change", 5000),
        makeEvent(Kind::Package, "bash-5.2-1.el9", "COMPLETE", "VirtualTopic.eng.brew.build.complete", 6000),
        makeEvent(Kind::Package, "bash-5.2-1.el9", "tagged", "VirtualTopic.eng.brew.build.tag", 7000),
        makeEvent(Kind::Checkout, "redhat:12345", "build_setups_finished", "VirtualTopic.eng.cki.dw.checkout", 8000),
        makeEvent(Kind::Checkout, "redhat:12346", "ready_to_report", "VirtualTopic.eng.cki.dw.checkout", 9000),
        makeEvent(Kind::Other, "", "", "org.example.Unknown.Thing", 10000),
    };
    REQUIRE(store.insertBatch(events).stored == 10);
}

std::vector<int64_t> ids(const std::vector<model::Event>& events) {
    std::vector<int64_t> out;
    for (const auto& e : events) out.push_back(e.id);
    return out;
}

}  // namespace

TEST_CASE("an event stored and read back keeps every field, its headers and its body") {
    TempDb t;
    EventStore store(*t.db);
    model::Event e = makeEvent(model::Kind::Module, "nodejs:20:9040020240101:abcd", "ready",
                               "VirtualTopic.eng.mbs.module.state.change", 1704067200250, "id-1");
    e.product = "RHEL";
    e.version = "9.4";
    e.arch = {"x86_64", "s390x"};
    e.component = "nodejs";
    e.tags = {"rhel-9.4.0-candidate"};
    e.headers = {{"priority", 4}, {"sent-at", "2024-01-01T00:00:00Z"}};
    e.body = {{"nested", {{"list", {1, 2.5, "three", nullptr, true}}}}, {"unicode", "Grüße ✓"}};
    std::vector<model::Event> batch = {e};
    const InsertCounts counts = store.insertBatch(batch);
    CHECK(counts.stored == 1);
    CHECK(counts.duplicates == 0);
    REQUIRE(batch[0].id > 0);

    const auto got = store.get(batch[0].id);
    REQUIRE(got.has_value());
    CHECK(got->id == batch[0].id);
    CHECK(got->kind == model::Kind::Module);
    CHECK(got->event == e.event);
    CHECK(got->subject == e.subject);
    CHECK(got->state == "ready");
    CHECK(got->product == "RHEL");
    CHECK(got->version == "9.4");
    CHECK(got->arch == std::vector<std::string>{"x86_64", "s390x"});
    CHECK(got->component == "nodejs");
    CHECK(got->tags == std::vector<std::string>{"rhel-9.4.0-candidate"});
    CHECK(got->topic == e.topic);
    CHECK(got->source == "test");
    CHECK(got->msg_id == "id-1");
    CHECK(got->received_at == 1704067200250);
    CHECK(got->headers == e.headers);
    CHECK(got->body == e.body);
    CHECK_FALSE(store.get(batch[0].id + 1).has_value());
}

TEST_CASE("the same message id from the same source twice is one row and one duplicate") {
    TempDb t;
    EventStore store(*t.db);
    auto e = makeEvent(model::Kind::Package, "bash-5.2-1.el9", "COMPLETE", "brew.build.complete", 1, "m-1");
    CHECK(insert(store, {e}).stored == 1);
    auto again = e;
    again.body = {{"different", "body"}};  // a re-delivery is keyed by its id, not its body
    std::vector<model::Event> batch = {again};
    const InsertCounts counts = store.insertBatch(batch);
    CHECK(counts.stored == 0);
    CHECK(counts.duplicates == 1);
    CHECK(batch[0].id == 0);
    CHECK(store.count({}) == 1);

    auto otherSource = e;
    otherSource.source = "another-connection";
    CHECK(insert(store, {otherSource}).stored == 1);
    CHECK(store.count({}) == 2);
}

TEST_CASE("a message without an id is deduplicated by its topic and body") {
    TempDb t;
    EventStore store(*t.db);
    auto e = makeEvent(model::Kind::Compose, "RHEL-9", "FINISHED", "pungi.compose.status.change", 1);
    CHECK(insert(store, {e}).stored == 1);
    auto sameBody = e;
    sameBody.source = "elsewhere";  // the source does not matter without an id
    sameBody.received_at = 99;
    CHECK(insert(store, {sameBody}).duplicates == 1);

    auto otherTopic = e;
    otherTopic.topic = "pungi.compose.status.change.v2";
    auto otherBody = e;
    otherBody.body["state"] = "DOOMED";
    const InsertCounts counts = insert(store, {otherTopic, otherBody});
    CHECK(counts.stored == 2);
    CHECK(store.count({}) == 3);
}

TEST_CASE("duplicates inside one batch are counted, not stored twice") {
    TempDb t;
    EventStore store(*t.db);
    auto e = makeEvent(model::Kind::Other, "x", "", "t", 1, "same");
    std::vector<model::Event> batch = {e, e, e};
    const InsertCounts counts = store.insertBatch(batch);
    CHECK(counts.stored == 1);
    CHECK(counts.duplicates == 2);
    CHECK(batch[0].id > 0);
    CHECK(batch[1].id == 0);
    CHECK(batch[2].id == 0);
}

TEST_CASE("the dedup key keeps its fields apart and tells id-keyed from body-keyed messages") {
    using store::dedupKey;
    CHECK(dedupKey("ab", "c", "", "", 0) != dedupKey("a", "bc", "", "", 0));
    CHECK(dedupKey("", "", "ab", "c", 0) != dedupKey("", "", "a", "bc", 0));
    CHECK(dedupKey("s", "id", "t", "b", 0) == dedupKey("s", "id", "t2", "b2", 0));
    CHECK(dedupKey("s", "", "t", "b", 0) == dedupKey("s2", "", "t", "b", 0));
    // ("t", "b") as source and id must not collide with ("t", "b") as topic and body.
    CHECK(dedupKey("t", "b", "", "", 0) != dedupKey("", "", "t", "b", 0));
}

TEST_CASE("the dedup key leads with the send time, so keys of later messages sort after earlier ones") {
    using store::dedupKey;
    const int64_t sent = 1'763'900'000'123;  // 2025-11-23, in ms
    // A re-delivery carries the same send time and gets the same key.
    CHECK(dedupKey("bus", "id-1", "t", "", sent) == dedupKey("bus", "id-1", "t", "", sent));
    // Whatever their hashes, a message sent a second later has the greater key.
    for (int i = 0; i < 50; ++i) {
        const std::string early = "early-" + std::to_string(i);
        const std::string late = "late-" + std::to_string(i);
        CHECK(dedupKey("bus", early, "t", "", sent) < dedupKey("bus", late, "t", "", sent + 1000));
    }
    // The first five bytes are the send time in seconds, big-endian; no time leads with zeros.
    const auto key = dedupKey("bus", "id-1", "t", "", sent);
    const uint64_t seconds = (uint64_t{key[0]} << 32) | (uint64_t{key[1]} << 24) |
                             (uint64_t{key[2]} << 16) | (uint64_t{key[3]} << 8) | key[4];
    CHECK(seconds == static_cast<uint64_t>(sent / 1000));
    const auto untimed = dedupKey("bus", "id-1", "t", "", 0);
    CHECK((untimed[0] | untimed[1] | untimed[2] | untimed[3] | untimed[4]) == 0);
    // The rest is the hash the key used to be, cut to 11 bytes.
    const auto hash = store::legacyDedupKey("bus", "id-1", "t", "");
    CHECK(std::equal(key.begin() + 5, key.end(), hash.begin()));
}

TEST_CASE("a database from before schema 5 still recognises the messages it stored with the old key") {
    std::random_device rd;
    const std::filesystem::path dir = std::filesystem::temp_directory_path() /
                                      ("sb-event-store-legacy-" + std::to_string(rd()));
    std::filesystem::create_directories(dir);
    const std::string path = (dir / "v4.db").string();
    model::Event stored = makeEvent(model::Kind::Package, "bash-5.2-1.fc41", "COMPLETE", "t", 1000, "m-1");
    stored.sent_at = 1'763'900'000'000;
    {
        // A version 4 database with one row keyed the old way.
        SQLite::Database v4(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
        sbtest::applySchemaUpTo(v4, 4);
        SQLite::Statement insert(v4, "INSERT INTO events (received_at, kind, subject, source, msg_id, "
                                     "dedup_key) VALUES (1000, 'package', ?, ?, ?, ?)");
        const auto oldKey = store::legacyDedupKey(stored.source, stored.msg_id, stored.topic, "");
        insert.bind(1, stored.subject);
        insert.bind(2, stored.source);
        insert.bind(3, stored.msg_id);
        insert.bind(4, oldKey.data(), static_cast<int>(oldKey.size()));
        insert.exec();
    }
    {
        store::Database db(path);
        REQUIRE(db.schemaVersion() >= 5);
        EventStore store(db);
        model::Event fresh = makeEvent(model::Kind::Package, "zsh-5.9-1.fc41", "COMPLETE", "t", 2000, "m-2");
        fresh.sent_at = stored.sent_at + 5000;
        const InsertCounts counts = insert(store, {stored, fresh});
        CHECK(counts.stored == 1);
        CHECK(counts.duplicates == 1);
        CHECK(store.count(EventQuery{}) == 2);
        // Once the old rows are gone (retention), the next store stops looking old keys up.
        db.sql().exec("DELETE FROM events WHERE id = 1");
    }
    {
        store::Database db(path);
        EventStore store(db);
        CHECK(db.sql().execAndGet("SELECT count(*) FROM store_meta").getInt() == 0);
        // The old row was deleted, so the message is new again and is stored with the new key.
        CHECK(insert(store, {stored}).stored == 1);
    }
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
}

TEST_CASE("query returns newest first and honours every filter, and count agrees") {
    TempDb t;
    EventStore store(*t.db);
    seed(store);
    auto check = [&store](EventQuery q, std::vector<int64_t> expected) {
        q.limit = 0;
        CHECK(ids(store.query(q)) == expected);
        CHECK(store.count(q) == static_cast<int64_t>(expected.size()));
    };
    check({}, {10, 9, 8, 7, 6, 5, 4, 3, 2, 1});

    EventQuery kind;
    kind.kind = "compose";
    check(kind, {3, 2, 1});

    EventQuery subject;
    subject.subjectGlob = "RHEL-9.4*";
    check(subject, {2, 1});
    subject.subjectGlob = "*:abcd";
    check(subject, {5, 4});
    subject.subjectGlob = "redhat:1234?";
    check(subject, {9, 8});
    subject.subjectGlob = "rhel-9.4*";  // globs are case-sensitive, like a shell
    check(subject, {});

    EventQuery state;
    state.state = "FINISHED";
    check(state, {3, 2});

    EventQuery topic;
    topic.topicGlob = "*.module.state.change";
    check(topic, {5, 4});
    topic.topicGlob = "VirtualTopic.eng.brew.*";
    check(topic, {7, 6});
    topic.topicGlob = "*.UNKNOWN.*";
    check(topic, {});

    EventQuery since;
    since.since = 8000;
    check(since, {10, 9, 8});

    EventQuery before;
    before.beforeId = 4;
    check(before, {3, 2, 1});
    EventQuery after;
    after.afterId = 8;
    check(after, {10, 9});

    EventQuery combined;
    combined.kind = "compose";
    combined.state = "FINISHED";
    combined.subjectGlob = "RHEL-*";
    combined.topicGlob = "*.pungi.*";
    combined.since = 1500;
    check(combined, {2});
}

TEST_CASE("limit keeps the newest rows and count ignores it") {
    TempDb t;
    EventStore store(*t.db);
    seed(store);
    EventQuery q;
    q.limit = 3;
    CHECK(ids(store.query(q)) == std::vector<int64_t>{10, 9, 8});
    CHECK(store.count(q) == 10);
    q.beforeId = 8;  // the next page
    CHECK(ids(store.query(q)) == std::vector<int64_t>{7, 6, 5});
}

TEST_CASE("a query without raw parts leaves body and headers empty but keeps the facets") {
    TempDb t;
    EventStore store(*t.db);
    seed(store);
    EventQuery q;
    q.withRaw = false;
    q.limit = 1;
    const auto rows = store.query(q);
    REQUIRE(rows.size() == 1);
    CHECK(rows[0].topic == "org.example.Unknown.Thing");
    CHECK(rows[0].body.is_null());
    q.withRaw = true;
    CHECK(store.query(q)[0].body["at"] == 10000);
}

TEST_CASE("quarantine keeps the exact bytes, the reason and the line, newest first") {
    TempDb t;
    EventStore store(*t.db);
    const std::string binary("\x00\xff\xfe{\"a\":\x80}\r", 11);
    std::vector<QuarantineItem> items(3);
    items[0].source = "a.jsonl";
    items[0].line = 1;
    items[0].reason = "invalid JSON";
    items[0].raw = binary;
    items[0].received_at = 5;
    items[1].source = "a.jsonl";
    items[1].line = 2;
    items[1].reason = "empty line";
    items[1].raw = "";
    items[2].source = "bus";
    items[2].topic = "some.topic";
    items[2].reason = "not an object";
    items[2].raw = "[1,2]";
    std::vector<model::Event> none;
    CHECK(store.insertBatch(none, items).quarantined == 3);
    CHECK(store.quarantineCount() == 3);

    const auto all = store.quarantine(0);
    REQUIRE(all.size() == 3);
    CHECK(all[0].raw == "[1,2]");
    CHECK(all[0].topic == "some.topic");
    CHECK(all[1].raw.empty());
    CHECK(all[2].raw == binary);
    CHECK(all[2].raw.size() == 11);
    CHECK(all[2].reason == "invalid JSON");
    CHECK(all[2].line == 1);
    CHECK(all[2].source == "a.jsonl");
    CHECK(all[2].received_at == 5);

    const auto page = store.quarantine(1, all[1].id);
    REQUIRE(page.size() == 1);
    CHECK(page[0].id == all[2].id);

    // One row by its id, as the console's detail view and `quarantine show` read it.
    const auto one = store.quarantined(all[2].id);
    REQUIRE(one.has_value());
    CHECK(one->raw == binary);
    CHECK(one->source == "a.jsonl");
    CHECK(one->line == 1);
    CHECK_FALSE(store.quarantined(all[0].id + 100).has_value());
    CHECK(one->size == 11);

    // A listing without the bytes still says how many there are.
    const auto light = store.quarantine(0, 0, false);
    REQUIRE(light.size() == 3);
    CHECK(light[2].raw.empty());
    CHECK(light[2].size == 11);
    CHECK(light[0].size == 5);
}

TEST_CASE("a batch that fails is rolled back whole and the store keeps working") {
    TempDb t;
    EventStore store(*t.db);
    // A real constraint failure in the middle of a batch: SQLite aborts the third insert.
    t.db->sql().exec(
        "CREATE TRIGGER refuse_boom BEFORE INSERT ON events WHEN NEW.subject = 'boom' "
        "BEGIN SELECT RAISE(ABORT, 'refused'); END");
    std::vector<model::Event> batch = {makeEvent(model::Kind::Other, "a", "", "t", 1, "1"),
                                       makeEvent(model::Kind::Other, "b", "", "t", 2, "2"),
                                       makeEvent(model::Kind::Other, "boom", "", "t", 3, "3")};
    std::vector<QuarantineItem> quarantine(1);
    quarantine[0].reason = "bad";
    quarantine[0].raw = "x";
    CHECK_THROWS(store.insertBatch(batch, quarantine));
    CHECK(store.count({}) == 0);
    CHECK(store.quarantineCount() == 0);
    CHECK(batch[0].id == 0);

    batch.pop_back();
    const InsertCounts counts = store.insertBatch(batch, quarantine);
    CHECK(counts.stored == 2);
    CHECK(counts.quarantined == 1);
    CHECK(store.count({}) == 2);
}

TEST_CASE("text that is not valid UTF-8 is stored and read back without a crash") {
    TempDb t;
    EventStore store(*t.db);
    auto e = makeEvent(model::Kind::Other, std::string("bad\xff\xfe subject"), "", "t", 1);
    e.source = std::string("/tmp/\xc3(name.jsonl");
    e.body = {{"text", std::string("\xff")}};  // only reachable through code, never a parser
    std::vector<model::Event> batch = {e};
    CHECK(store.insertBatch(batch).stored == 1);
    const auto got = store.get(batch[0].id);
    REQUIRE(got.has_value());
    CHECK(got->subject == e.subject);
    CHECK(got->source == e.source);
    CHECK(got->body.is_object());
    EventQuery q;
    q.subjectGlob = "bad*";
    CHECK(store.count(q) == 1);
}

TEST_CASE("every events filter is answered through an index, never a scan of the table") {
    TempDb t;
    EventStore store(*t.db);
    seed(store);
    auto plan = [&t](const std::string& where) {
        SQLite::Statement s(t.db->sql(), "EXPLAIN QUERY PLAN SELECT count(*) FROM events WHERE " + where);
        std::string out;
        while (s.executeStep()) out += s.getColumn(3).getString() + "; ";
        return out;
    };
    for (const std::string where :
         {"kind = 'module'", "state = 'ready'", "subject GLOB 'RHEL-*'", "subject GLOB '*abc*'",
          "topic_id IN (SELECT id FROM topics WHERE sb_glob('*.mbs.*', name))", "received_at >= 5", "kind = 'module' AND received_at >= 5",
          "state = 'ready' AND received_at >= 5"}) {
        INFO(where);
        const std::string p = plan(where);
        CHECK(p.find("INDEX") != std::string::npos);
    }
}

TEST_CASE("an event's original headers and body text is stored byte for byte") {
    TempDb t;
    EventStore store(*t.db);
    auto e = makeEvent(model::Kind::Other, "x", "", "t", 1, "id-raw");
    const std::string bodyText = R"({ "at": 1, "subject": "x",   "state": "" })";
    const std::string headersText = R"({"z": 1, "a": 2})";
    e.headers = json::parse(headersText);
    std::vector<model::Event> batch = {e};
    std::vector<QuarantineItem> none;
    REQUIRE(store.insertBatch(batch, none, {store::RawText{headersText, bodyText}}).stored == 1);
    SQLite::Statement row(t.db->sql(), "SELECT headers, body, typeof(body) FROM event_raw WHERE id = ?");
    row.bind(1, static_cast<int64_t>(batch[0].id));
    REQUIRE(row.executeStep());
    CHECK(row.getColumn(0).getString() == headersText);  // key order and spaces kept
    CHECK(row.getColumn(1).getString() == bodyText);
    CHECK(row.getColumn(2).getString() == "text");
    const auto got = store.get(batch[0].id);
    REQUIRE(got.has_value());
    CHECK(got->body == json::parse(bodyText));
    CHECK(got->headers == e.headers);
}

TEST_CASE("a message without an id is a duplicate by its parsed body, however its text is spaced") {
    TempDb t;
    EventStore store(*t.db);
    auto e = makeEvent(model::Kind::Compose, "RHEL-9", "FINISHED", "pungi.compose.status.change", 1);
    std::vector<model::Event> first = {e};
    std::vector<QuarantineItem> none;
    REQUIRE(store.insertBatch(first, none, {store::RawText{"", R"({"a":1})"}}).stored == 1);
    std::vector<model::Event> again = {e};
    CHECK(store.insertBatch(again, none, {store::RawText{"", R"({ "a" : 1 })"}}).duplicates == 1);
}

TEST_CASE("rows added one at a time are stored only when the transaction commits") {
    TempDb t;
    EventStore store(*t.db);
    store::Database reader((t.dir / "test.db").string());
    EventStore other(reader);
    store.begin();
    CHECK(store.inTransaction());
    CHECK(store.add(makeEvent(model::Kind::Other, "a", "", "t", 1, "1")) > 0);
    CHECK(store.add(makeEvent(model::Kind::Other, "a", "", "t", 1, "1")) == 0);  // duplicate
    QuarantineItem item;
    item.reason = "bad";
    item.raw = "x";
    store.addQuarantine(item);
    CHECK(other.count({}) == 0);  // another connection sees nothing before the commit
    const InsertCounts counts = store.commit();
    CHECK_FALSE(store.inTransaction());
    CHECK(counts.stored == 1);
    CHECK(counts.duplicates == 1);
    CHECK(counts.quarantined == 1);
    CHECK(other.count({}) == 1);

    store.begin();
    store.add(makeEvent(model::Kind::Other, "b", "", "t", 2, "2"));
    store.rollback();
    CHECK_FALSE(store.inTransaction());
    CHECK(other.count({}) == 1);
    store.rollback();  // a no-op outside a transaction
    CHECK_THROWS(store.commit());
}

namespace {

// A delivery from a bus that could not be parsed, as the pipeline quarantines it.
QuarantineItem busDelivery(std::string msgId, std::string topic = "VirtualTopic.eng.ci.x") {
    QuarantineItem item;
    item.received_at = 1000;
    item.source = "umb";
    item.topic = std::move(topic);
    item.reason = "invalid JSON in body";
    item.raw = "{\"truncated\": ";
    item.msg_id = std::move(msgId);
    item.headers = R"({"message-id":"ID:umb-1","priority":"4"})";
    item.keyed = true;
    return item;
}

InsertCounts quarantineOnce(EventStore& store, const QuarantineItem& item) {
    store.begin();
    store.addQuarantine(item);
    return store.commit();
}

}  // namespace

TEST_CASE("a quarantined bus delivery delivered again is a duplicate, not a second row") {
    TempDb t;
    EventStore store(*t.db);
    const QuarantineItem item = busDelivery("ID:umb-1");
    const InsertCounts first = quarantineOnce(store, item);
    CHECK(first.quarantined == 1);
    CHECK(first.duplicates == 0);
    // Committed, then redelivered before the ack reached the broker: a transaction of its own.
    const InsertCounts again = quarantineOnce(store, item);
    CHECK(again.quarantined == 0);
    CHECK(again.duplicates == 1);
    CHECK(store.quarantineCount() == 1);

    // What came beside the bytes is kept.
    const auto rows = store.quarantine(0);
    REQUIRE(rows.size() == 1);
    CHECK(rows[0].msg_id == "ID:umb-1");
    CHECK(rows[0].headers == item.headers);
    CHECK(rows[0].keyed);
    CHECK(rows[0].raw == item.raw);
    // A key of 17 bytes can never equal an event's 16.
    CHECK(t.db->sql().execAndGet("SELECT length(dedup_key) FROM quarantine").getInt() == 17);

    // Through a batch the pipeline's way: the redelivered item's id says it was not stored.
    std::vector<model::Event> none;
    std::vector<QuarantineItem> batch = {item, busDelivery("ID:umb-2")};
    const InsertCounts counts = store.insertBatch(none, batch, {});
    CHECK(counts.quarantined == 1);
    CHECK(counts.duplicates == 1);
    CHECK(batch[0].id == 0);
    CHECK(batch[1].id > 0);
    CHECK(store.quarantineCount() == 2);
}

TEST_CASE("a bus delivery without an id is quarantined once by its source, topic and bytes") {
    TempDb t;
    EventStore store(*t.db);
    CHECK(quarantineOnce(store, busDelivery("")).quarantined == 1);
    CHECK(quarantineOnce(store, busDelivery("")).duplicates == 1);
    // The same bytes on another topic, or from another connection, are another message.
    CHECK(quarantineOnce(store, busDelivery("", "VirtualTopic.eng.ci.y")).quarantined == 1);
    QuarantineItem elsewhere = busDelivery("");
    elsewhere.source = "fedora";
    CHECK(quarantineOnce(store, elsewhere).quarantined == 1);
    CHECK(store.quarantineCount() == 3);
    CHECK(store::quarantineKey("umb", "", "t", "x") != store::quarantineKey("umb", "x", "t", ""));
}

TEST_CASE("a file's bad lines are kept again when the same bytes come again") {
    TempDb t;
    EventStore store(*t.db);
    QuarantineItem line;
    line.source = "in.jsonl";
    line.line = 2;
    line.reason = "invalid JSON";
    line.raw = "{\"topic\": ";
    // `ingest FILE` twice: the second run reports and keeps its bad lines as the first did.
    for (int run = 0; run < 2; ++run) {
        const InsertCounts counts = quarantineOnce(store, line);
        CHECK(counts.quarantined == 1);
        CHECK(counts.duplicates == 0);
    }
    CHECK(store.quarantineCount() == 2);
    CHECK(t.db->sql()
              .execAndGet("SELECT count(*) FROM quarantine WHERE dedup_key IS NULL")
              .getInt() == 2);
    const auto rows = store.quarantine(0);
    REQUIRE(rows.size() == 2);
    CHECK_FALSE(rows[0].keyed);
    CHECK(rows[0].msg_id.empty());
    CHECK(rows[0].headers.empty());
}

TEST_CASE("a database from schema 8 keeps its quarantine rows and gets the quarantine key") {
    sbtest::TempDir dir("sb-quarantine-keys-");
    const std::string path = (dir.dir / "v8.db").string();
    {
        SQLite::Database v8(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
        sbtest::applySchemaUpTo(v8, 8);
        // Two rows of the same bytes, as a redelivery left them before the key existed.
        for (int i = 0; i < 2; ++i)
            v8.exec(
                "INSERT INTO quarantine (received_at, source, topic, reason, raw) VALUES "
                "(1000, 'umb', 't', 'invalid JSON', x'7b22')");
    }
    store::Database db(path);
    REQUIRE(db.schemaVersion() >= 9);
    EventStore store(db);
    const auto old = store.quarantine(0);
    REQUIRE(old.size() == 2);
    CHECK(old[0].raw == "{\"");
    CHECK(old[0].reason == "invalid JSON");
    CHECK_FALSE(old[0].keyed);
    CHECK(old[0].msg_id.empty());
    CHECK(old[0].headers.empty());
    SQLite::Statement index(db.sql(),
                            "SELECT \"unique\" FROM pragma_index_list('quarantine') "
                            "WHERE name = 'quarantine_dedup'");
    REQUIRE(index.executeStep());
    CHECK(index.getColumn(0).getInt() == 1);
    // A delivery quarantined after the upgrade is keyed; its redelivery adds no row.
    CHECK(quarantineOnce(store, busDelivery("ID:umb-9")).quarantined == 1);
    CHECK(quarantineOnce(store, busDelivery("ID:umb-9")).duplicates == 1);
    CHECK(store.quarantineCount() == 3);
}
