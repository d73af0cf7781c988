// Topics by number (schema version 8): the topic filter goes through the `topics` table, so every
// stored event must point at the row that names its topic, whatever transaction added it.
#include <catch2/catch.hpp>

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include "../temp_dir.hpp"
#include "older_schema.hpp"
#include "store/database.hpp"
#include "store/event_store.hpp"
#include "store/migrations.hpp"

using namespace switchboard;
using store::EventQuery;
using store::EventStore;

namespace {

model::Event eventOn(std::string topic, std::string msgId) {
    model::Event e;
    e.kind = model::Kind::Module;
    e.subject = "nodejs:20:" + msgId;
    e.topic = std::move(topic);
    e.source = "test";
    e.msg_id = std::move(msgId);
    e.received_at = 1000;
    e.body = {{"id", e.msg_id}};
    return e;
}

int64_t countOnTopic(EventStore& store, const std::string& glob) {
    EventQuery q;
    q.topicGlob = glob;
    return store.count(q);
}

// Events whose topic_id does not name their topic: none, or the topic filter misses them.
int64_t misnumbered(store::Database& db) {
    return db.sql()
        .execAndGet(
            "SELECT count(*) FROM events LEFT JOIN topics ON topics.id = events.topic_id "
            "WHERE topics.name IS NOT events.topic")
        .getInt64();
}

}  // namespace

TEST_CASE("each topic is numbered once, however many events and transactions carry it") {
    sbtest::TempDir dir("sb-topic-ids-");
    store::Database db((dir.dir / "t.db").string());
    EventStore store(db);
    const char* const topics[] = {"org.fedoraproject.prod.mbs.module.state.change",
                                  "org.fedoraproject.prod.buildsys.build.state.change",
                                  "VirtualTopic.eng.ci.brew-build.test.complete"};
    for (int batch = 0; batch < 3; ++batch) {
        std::vector<model::Event> events;
        for (int i = 0; i < 30; ++i)
            events.push_back(
                eventOn(topics[i % 3], std::to_string(batch) + "-" + std::to_string(i)));
        REQUIRE(store.insertBatch(events).stored == 30);
    }
    CHECK(db.sql().execAndGet("SELECT count(*) FROM topics").getInt64() == 3);
    CHECK(misnumbered(db) == 0);
    CHECK(countOnTopic(store, topics[0]) == 30);              // exact
    CHECK(countOnTopic(store, "org.fedoraproject.*") == 60);  // literal prefix
    CHECK(countOnTopic(store, "*.test.complete") == 30);      // no prefix
    CHECK(countOnTopic(store, "*") == 90);
    CHECK(countOnTopic(store, "org.fedoraproject.prod.koji.*") == 0);
}

TEST_CASE("a topic first seen in a rolled-back transaction is numbered again when it is stored") {
    sbtest::TempDir dir("sb-topic-ids-");
    store::Database db((dir.dir / "t.db").string());
    EventStore store(db);
    store.begin();
    store.add(eventOn("first.topic", "a"));
    store.rollback();  // "first.topic" is no longer in `topics`
    store.begin();
    // A number remembered from the rolled-back transaction would be the one this new topic gets.
    store.add(eventOn("second.topic", "b"));
    store.add(eventOn("first.topic", "c"));
    REQUIRE(store.commit().stored == 2);
    CHECK(misnumbered(db) == 0);
    CHECK(countOnTopic(store, "first.topic") == 1);
    CHECK(countOnTopic(store, "second.topic") == 1);
}

TEST_CASE("a database from schema 7 gets its stored topics numbered when it is opened") {
    sbtest::TempDir dir("sb-topic-ids-");
    const std::string path = (dir.dir / "v7.db").string();
    {
        SQLite::Database v7(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
        sbtest::applySchemaUpTo(v7, 7);
        SQLite::Statement insert(v7,
                                 "INSERT INTO events (received_at, kind, subject, topic, source, "
                                 "msg_id, dedup_key) VALUES (1000, 'module', 's', ?, 'old', ?, ?)");
        for (int i = 0; i < 6; ++i) {
            insert.bind(1, i % 2 == 0 ? "org.fedoraproject.prod.mbs.module.state.change"
                                      : "VirtualTopic.eng.mbs.module.state.change");
            insert.bind(2, "old-" + std::to_string(i));
            const std::string key = "key-" + std::to_string(i);
            insert.bind(3, key.data(), static_cast<int>(key.size()));
            insert.exec();
            insert.reset();
        }
    }
    store::Database db(path);
    REQUIRE(db.schemaVersion() >= 8);
    EventStore store(db);
    CHECK(misnumbered(db) == 0);
    CHECK(countOnTopic(store, "org.fedoraproject.*") == 3);
    CHECK(countOnTopic(store, "*.module.state.change") == 6);
    // A new event on a topic stored before the upgrade gets that topic's number.
    std::vector<model::Event> fresh = {eventOn("VirtualTopic.eng.mbs.module.state.change", "new")};
    REQUIRE(store.insertBatch(fresh).stored == 1);
    CHECK(db.sql().execAndGet("SELECT count(*) FROM topics").getInt64() == 2);
    CHECK(countOnTopic(store, "VirtualTopic.*") == 4);
    CHECK(misnumbered(db) == 0);
}
