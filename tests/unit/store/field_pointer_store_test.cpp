// store::FieldPointerStore (migration 6) and store::updateFacets, on real SQLite files.
#include <catch2/catch.hpp>

#include <SQLiteCpp/Database.h>

#include "../temp_dir.hpp"
#include "ingest/field_pointers.hpp"
#include "store/audit_log.hpp"
#include "store/database.hpp"
#include "store/event_facets.hpp"
#include "store/event_store.hpp"
#include "store/field_pointer_store.hpp"
#include "store/migrations.hpp"
#include "older_schema.hpp"

using namespace switchboard;

namespace {

model::FieldPointer pointer(std::string ptr, std::string glob = "*.errata.*",
                            model::PointerPart part = model::PointerPart::Headers) {
    model::FieldPointer p;
    p.pointer = std::move(ptr);
    p.topic_glob = std::move(glob);
    p.part = part;
    return p;
}

// `count` errata messages stored as `other` events (ids set), with x86_64 as their arch.
std::vector<model::Event> storeErrataEvents(store::EventStore& events, size_t count) {
    std::vector<model::Event> batch(count);
    for (size_t i = 0; i < batch.size(); ++i) {
        batch[i].topic = "/topic/VirtualTopic.eng.errata.activity.status";
        batch[i].msg_id = "m-" + std::to_string(i);
        batch[i].received_at = 1000 + static_cast<int64_t>(i);
        batch[i].body = nlohmann::json::object();
        batch[i].arch = {"x86_64"};
    }
    events.insertBatch(batch);
    return batch;
}

}  // namespace

TEST_CASE("field pointers are listed in the order added, each edit with its audit row", "[pointers]") {
    sbtest::TempDir tmp("sb-pointers-");
    store::Database db((tmp.dir / "sb.db").string());
    store::FieldPointerStore pointers(db);
    const std::string empty = pointers.version();
    const int64_t a = pointers.add(pointer("/errata_id"));
    model::FieldPointer state = pointer("/to", "*.errata.activity.status");
    state.field = model::PointerField::State;
    const int64_t b = pointers.add(state);
    const std::string two = pointers.version();
    CHECK(two != empty);

    auto all = pointers.list();
    REQUIRE(all.size() == 2);
    CHECK(all[0].id == a);
    CHECK(all[0].part == model::PointerPart::Headers);
    CHECK(all[0].created_at > 0);
    CHECK(all[1].id == b);
    CHECK(all[1].field == model::PointerField::State);
    CHECK(all[1].topic_glob == "*.errata.activity.status");

    CHECK(pointers.remove(a));
    CHECK_FALSE(pointers.remove(a));
    CHECK(pointers.version() != two);
    // Ids are never handed out again: a new pointer comes after every old one.
    const int64_t c = pointers.add(pointer("/errata_id"));
    CHECK(c > b);
    CHECK(pointers.list().back().id == c);

    const auto audit = store::AuditLog(db).list(10);
    REQUIRE(audit.size() == 4);  // newest first
    CHECK(audit[1].what == "pointer.remove");
    CHECK(audit[1].target == "subject from headers /errata_id on *.errata.*");
    CHECK(audit[1].after.is_null());
    CHECK(audit[1].before["pointer"] == "/errata_id");
    CHECK(audit[3].what == "pointer.add");
    CHECK(audit[3].before.is_null());
    CHECK(audit[3].after["in"] == "headers");
}

TEST_CASE("a field pointer that is bad or already there is refused, saying why", "[pointers]") {
    sbtest::TempDir tmp("sb-pointers-");
    store::Database db((tmp.dir / "sb.db").string());
    store::FieldPointerStore pointers(db);
    const int64_t id = pointers.add(pointer("/errata_id"));
    CHECK_THROWS_WITH(pointers.add(pointer("/errata_id")),
                      "pointer " + std::to_string(id) +
                          " already reads subject from headers /errata_id on *.errata.*");
    // The same pointer into the body is another pointer.
    CHECK_NOTHROW(pointers.add(pointer("/errata_id", "*.errata.*", model::PointerPart::Body)));
    CHECK_THROWS_WITH(pointers.add(pointer("errata_id")), Catch::Contains("not a JSON pointer"));
    CHECK_THROWS_WITH(pointers.add(pointer("/x", "")), Catch::Contains("topic glob"));
    CHECK(pointers.list().size() == 2);
    CHECK(store::AuditLog(db).list(10).size() == 2);  // a refused add leaves no audit row
}

TEST_CASE("a version 5 database gains the field pointer table", "[pointers]") {
    sbtest::TempDir tmp("sb-pointers-");
    const std::string path = (tmp.dir / "v5.db").string();
    {
        SQLite::Database v5(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
        sbtest::applySchemaUpTo(v5, 5);
    }
    store::Database db(path);
    CHECK(db.schemaVersion() >= 6);
    store::FieldPointerStore pointers(db);
    CHECK(pointers.list().empty());
    pointers.add(pointer("/errata_id"));
    CHECK(pointers.list().size() == 1);
}

TEST_CASE("updateFacets rewrites the five facets of stored events by id and skips missing ones",
          "[pointers]") {
    sbtest::TempDir tmp("sb-pointers-");
    store::Database db((tmp.dir / "sb.db").string());
    store::EventStore events(db);
    std::vector<model::Event> batch = storeErrataEvents(events, 2);
    model::Event change = batch[1];
    change.subject = "148030";
    change.state = "QE";
    change.component = "firefox";
    change.product = "RHEL";
    change.version = "9.6";
    change.arch = {"s390x"};  // not a facet updateFacets writes
    model::Event gone;
    gone.id = 999;
    CHECK(store::updateFacets(db, {change, gone}) == 1);

    const auto stored = events.get(batch[1].id);
    REQUIRE(stored);
    CHECK(stored->subject == "148030");
    CHECK(stored->state == "QE");
    CHECK(stored->component == "firefox");
    CHECK(stored->product == "RHEL");
    CHECK(stored->version == "9.6");
    CHECK(stored->arch == std::vector<std::string>{"x86_64"});
    CHECK(events.get(batch[0].id)->subject.empty());
    CHECK(store::updateFacets(db, {}) == 0);
}

TEST_CASE("updateFacets notes the ids it changed, for readers in any process, and the newest are kept",
          "[pointers]") {
    sbtest::TempDir tmp("sb-pointers-");
    store::Database db((tmp.dir / "sb.db").string());
    store::EventStore events(db);
    std::vector<model::Event> batch = storeErrataEvents(events, 3);
    CHECK(store::latestFacetRevision(db) == 0);

    model::Event gone;
    gone.id = 999;
    batch[0].subject = "a";
    batch[2].subject = "c";
    store::updateFacets(db, {batch[0], gone, batch[2]});
    const int64_t first = store::latestFacetRevision(db);
    CHECK(first > 0);
    batch[1].subject = "b";
    store::updateFacets(db, {batch[1]});
    store::updateFacets(db, {gone});  // changed nothing: notes nothing

    // Another connection, as another process would read it.
    store::Database reader(db.path());
    auto changes = store::facetChangesSince(reader, 0);
    CHECK(changes.ids == std::vector<int64_t>{batch[0].id, batch[2].id, batch[1].id});
    CHECK(changes.revision == store::latestFacetRevision(reader));
    changes = store::facetChangesSince(reader, first);
    CHECK(changes.ids == std::vector<int64_t>{batch[1].id});
    const int64_t latest = changes.revision;
    changes = store::facetChangesSince(reader, latest);
    CHECK(changes.ids.empty());
    CHECK(changes.revision == latest);

    // The table stays bounded: only the newest kKeptFacetChanges rewrites are kept.
    for (int64_t i = 0; i < store::kKeptFacetChanges + 5; ++i) store::updateFacets(db, {batch[1]});
    CHECK(reader.sql().execAndGet("SELECT count(*) FROM facet_changes").getInt64() ==
          store::kKeptFacetChanges);
    CHECK(store::facetChangesSince(reader, 0).ids.size() ==
          static_cast<size_t>(store::kKeptFacetChanges));
}

TEST_CASE("the pointers' version changes on every add and remove, and ids never come back",
          "[pointers]") {
    sbtest::TempDir tmp("sb-pointers-");
    store::Database db((tmp.dir / "sb.db").string());
    store::FieldPointerStore pointers(db);
    // A version seen before may come back only with the same set (removing what was added since),
    // so each step is compared with the one before it, as the live ingest does.
    std::vector<std::string> seen{pointers.version()};
    auto changed = [&] {
        const std::string now = pointers.version();
        const bool differs = now != seen.back();
        seen.push_back(now);
        return differs;
    };
    const int64_t a = pointers.add(pointer("/errata_id"));
    CHECK(changed());
    const int64_t b = pointers.add(pointer("/synopsis", "*.errata.*", model::PointerPart::Body));
    CHECK(changed());
    CHECK(b > a);
    // Remove the newest, then add: the id is not handed out again, so the version is new too
    // (the live ingest would otherwise miss the edit).
    CHECK(pointers.remove(b));
    CHECK(changed());
    const int64_t c = pointers.add(pointer("/synopsis", "*.errata.*", model::PointerPart::Body));
    CHECK(c > b);
    CHECK(changed());
    CHECK(pointers.remove(a));
    CHECK(pointers.remove(c));
    CHECK(changed());
    CHECK(pointers.list().empty());
    const int64_t d = pointers.add(pointer("/errata_id"));
    CHECK(d > c);
    CHECK(changed());
    // A reader that changes nothing leaves the version alone.
    pointers.list();
    CHECK(pointers.version() == seen.back());
}

TEST_CASE("a field pointer keeps the time it was given and otherwise gets the time it was added",
          "[pointers]") {
    sbtest::TempDir tmp("sb-pointers-");
    store::Database db((tmp.dir / "sb.db").string());
    store::FieldPointerStore pointers(db);
    model::FieldPointer old = pointer("/errata_id");
    old.created_at = 1704067200250;
    pointers.add(old);
    const int64_t before = store::nowMs();
    pointers.add(pointer("/to"));
    const auto all = pointers.list();
    REQUIRE(all.size() == 2);
    CHECK(all[0].created_at == 1704067200250);
    CHECK(all[1].created_at >= before);
    CHECK(all[1].created_at <= store::nowMs());
    // The audit row carries the stored form, id included.
    const auto audit = store::AuditLog(db).list(1);
    REQUIRE(audit.size() == 1);
    CHECK(audit[0].what == "pointer.add");
    CHECK(audit[0].after["id"] == all[1].id);
    CHECK(audit[0].after["pointer"] == "/to");
    CHECK(audit[0].target == "subject from headers /to on *.errata.*");
}

TEST_CASE("the same pointer for another field or topic is another pointer", "[pointers]") {
    sbtest::TempDir tmp("sb-pointers-");
    store::Database db((tmp.dir / "sb.db").string());
    store::FieldPointerStore pointers(db);
    pointers.add(pointer("/errata_id"));
    model::FieldPointer state = pointer("/errata_id");
    state.field = model::PointerField::State;
    CHECK_NOTHROW(pointers.add(state));
    CHECK_NOTHROW(pointers.add(pointer("/errata_id", "*.errata.activity.*")));
    CHECK_THROWS_WITH(pointers.add(state), Catch::StartsWith("pointer 2 already reads state"));
    CHECK_THROWS_WITH(pointers.add(pointer("")), Catch::Contains("starts with '/'"));
    CHECK_THROWS_WITH(pointers.add(pointer("/a~2")), Catch::Contains("not a JSON pointer"));
    CHECK(pointers.list().size() == 3);
}

TEST_CASE("a hand-edited pointer that does not parse is listed but never applied", "[pointers]") {
    sbtest::TempDir tmp("sb-pointers-");
    store::Database db((tmp.dir / "sb.db").string());
    db.sql().exec(
        "INSERT INTO field_pointers (topic_glob, field, part, pointer, created_at) "
        "VALUES ('*', 'subject', 'body', 'errata_id', 1)");
    store::FieldPointerStore pointers(db);
    pointers.add(pointer("/synopsis", "*", model::PointerPart::Body));
    const auto all = pointers.list();
    REQUIRE(all.size() == 2);
    CHECK(all[0].pointer == "errata_id");
    const ingest::FieldPointers compiled(all);
    CHECK(compiled.size() == 1);
    model::Event e;
    e.kind = model::Kind::Other;
    e.topic = "VirtualTopic.eng.errata.activity.status";
    e.body = {{"errata_id", 12345}, {"synopsis", "RHSA"}};
    CHECK(compiled.apply(e) == 1);
    CHECK(e.subject == "RHSA");
}

TEST_CASE("a version 5 database with events keeps them and reaches the newest schema",
          "[pointers]") {
    sbtest::TempDir tmp("sb-pointers-");
    const std::string path = (tmp.dir / "v5.db").string();
    {
        SQLite::Database v5(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
        sbtest::applySchemaUpTo(v5, 5);
        v5.exec(
            "INSERT INTO events (received_at, kind, subject, topic, source, msg_id, dedup_key) "
            "VALUES (1000, 'other', '', 'VirtualTopic.eng.errata.activity.status', 'file', 'e-1', "
            "x'00000000000102030405060708090a0b')");
        CHECK(v5.execAndGet("SELECT count(*) FROM sqlite_master WHERE name='field_pointers'")
                  .getInt() == 0);
    }
    store::Database db(path);
    CHECK(db.schemaVersion() == store::migrations().back().version);
    CHECK(db.schemaVersion() >= 6);
    store::EventStore events(db);
    CHECK(events.count({}) == 1);
    store::FieldPointerStore pointers(db);
    CHECK(pointers.version() == "0/0");
    pointers.add(pointer("/errata_id"));
    CHECK(pointers.version() == "1/1");
}

TEST_CASE("updateFacets writes empty facets too and counts every row it changed", "[pointers]") {
    sbtest::TempDir tmp("sb-pointers-");
    store::Database db((tmp.dir / "sb.db").string());
    store::EventStore events(db);
    std::vector<model::Event> batch(3);
    for (size_t i = 0; i < batch.size(); ++i) {
        batch[i].kind = model::Kind::Other;
        batch[i].topic = "VirtualTopic.eng.errata.activity.status";
        batch[i].msg_id = "e-" + std::to_string(i);
        batch[i].received_at = 1000;
        batch[i].subject = "s" + std::to_string(i);
        batch[i].state = "QE";
        batch[i].event = "errata.activity.status";
    }
    events.insertBatch(batch);
    std::vector<model::Event> cleared = batch;
    for (model::Event& e : cleared) {
        e.subject.clear();
        e.state.clear();
        e.topic = "changed";  // not a facet: stays as stored
        e.kind = model::Kind::Compose;
    }
    CHECK(store::updateFacets(db, cleared) == 3);
    for (const model::Event& e : batch) {
        const auto stored = events.get(e.id);
        REQUIRE(stored);
        CHECK(stored->subject.empty());
        CHECK(stored->state.empty());
        CHECK(stored->kind == model::Kind::Other);
        CHECK(stored->topic == "VirtualTopic.eng.errata.activity.status");
        CHECK(stored->event == "errata.activity.status");
        CHECK(stored->msg_id == e.msg_id);
    }
}
