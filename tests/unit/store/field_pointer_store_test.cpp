// store::FieldPointerStore (migration 6) and store::updateFacets, on real SQLite files.
#include <catch2/catch.hpp>

#include <SQLiteCpp/Database.h>

#include "../temp_dir.hpp"
#include "store/audit_log.hpp"
#include "store/database.hpp"
#include "store/event_facets.hpp"
#include "store/event_store.hpp"
#include "store/field_pointer_store.hpp"
#include "store/migrations.hpp"

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
        for (const store::Migration& m : store::migrations())
            if (m.version <= 5) v5.exec(m.sql);
        v5.exec("PRAGMA user_version=5");
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
    std::vector<model::Event> batch(2);
    for (size_t i = 0; i < batch.size(); ++i) {
        batch[i].topic = "/topic/VirtualTopic.eng.errata.activity.status";
        batch[i].msg_id = "m-" + std::to_string(i);
        batch[i].received_at = 1000 + static_cast<int64_t>(i);
        batch[i].body = nlohmann::json::object();
        batch[i].arch = {"x86_64"};
    }
    events.insertBatch(batch, {});
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
