// engine::rereadOtherEvents and the ingest of files with field pointers, on real SQLite files.
#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <sstream>

#include "../temp_dir.hpp"
#include "engine/file_ingest.hpp"
#include "engine/reread_other.hpp"
#include "store/database.hpp"
#include "store/event_store.hpp"
#include "store/field_pointer_store.hpp"

using namespace switchboard;

namespace {

// Errata Tool messages as datagrepper keeps them (UMB headers, an empty body), and one compose.
std::string lines() {
    std::ostringstream out;
    for (int i = 0; i < 5; ++i)
        out << R"({"topic": "/topic/VirtualTopic.eng.errata.activity.status", "msg_id": "e-)" << i
            << R"(", "timestamp": 1795394055.25, "headers": {"errata_id": ")" << 148000 + i
            << R"(", "to": "QE"}, "msg": ""})" << "\n";
    out << R"({"topic": "org.fedoraproject.prod.pungi.compose.status.change", "msg_id": "c-1", )"
        << R"("timestamp": 1795394055.25, "msg": {"compose_id": "Fedora-Rawhide-20261123.n.0", )"
        << R"("status": "FINISHED", "errata_id": 1}})" << "\n";
    return out.str();
}

model::FieldPointer errataSubject() {
    model::FieldPointer p;
    p.pointer = "/errata_id";
    p.part = model::PointerPart::Headers;
    p.topic_glob = "*.errata.*";
    return p;
}

std::vector<model::Event> stored(store::Database& db, const std::string& kind) {
    store::EventQuery q;
    q.kind = kind;
    q.limit = 0;
    q.withRaw = false;
    return store::EventStore(db).query(q);
}

}  // namespace

TEST_CASE("re-reading stored other events applies the pointers, counts and reports what changed") {
    sbtest::TempDir tmp("sb-reread-");
    store::Database db((tmp.dir / "sb.db").string());
    {
        store::EventStore events(db);
        engine::FileIngest ingest(events);
        std::istringstream in(lines());
        REQUIRE(ingest.ingestStream(in, "file").stored == 6);
    }
    for (const auto& e : stored(db, "other")) CHECK(e.subject.empty());
    const std::string composeSubject = stored(db, "compose").at(0).subject;

    store::FieldPointerStore(db).add(errataSubject());
    const ingest::FieldPointers pointers(store::FieldPointerStore(db).list());

    engine::RereadOptions dry;
    dry.dryRun = true;
    dry.chunk = 2;  // three chunks over five events
    engine::RereadCounts counts = engine::rereadOtherEvents(db, pointers, dry);
    CHECK(counts.examined == 5);
    CHECK(counts.changed == 5);
    for (const auto& e : stored(db, "other")) CHECK(e.subject.empty());

    engine::RereadOptions real;
    real.chunk = 2;
    std::vector<int64_t> reported;
    counts = engine::rereadOtherEvents(db, pointers, real, [&](const std::vector<int64_t>& ids) {
        CHECK(ids.size() <= 2);
        reported.insert(reported.end(), ids.begin(), ids.end());
    });
    CHECK(counts.changed == 5);
    CHECK(reported.size() == 5);
    for (const auto& e : stored(db, "other")) {
        CHECK(e.subject == std::to_string(148000 + (e.msg_id.back() - '0')));
        CHECK(std::find(reported.begin(), reported.end(), e.id) != reported.end());
    }
    CHECK(stored(db, "compose").at(0).subject == composeSubject);  // a family's own: untouched

    // Nothing left to change: a second pass rewrites nothing.
    CHECK(engine::rereadOtherEvents(db, pointers, real).changed == 0);

    // Without the pointer, the normalizer's own reading comes back.
    store::FieldPointerStore(db).remove(store::FieldPointerStore(db).list().at(0).id);
    counts = engine::rereadOtherEvents(db, ingest::FieldPointers(), real);
    CHECK(counts.changed == 5);
    for (const auto& e : stored(db, "other")) CHECK(e.subject.empty());
}

TEST_CASE("a cancelled re-read stops between chunks") {
    sbtest::TempDir tmp("sb-reread-");
    store::Database db((tmp.dir / "sb.db").string());
    {
        store::EventStore events(db);
        engine::FileIngest ingest(events);
        std::istringstream in(lines());
        ingest.ingestStream(in, "file");
    }
    std::atomic<bool> cancel{true};
    engine::RereadOptions options;
    options.cancel = &cancel;
    const ingest::FieldPointers pointers({errataSubject()});
    CHECK(engine::rereadOtherEvents(db, pointers, options).examined == 0);
}

TEST_CASE("a file ingest reads other messages with the database's pointers") {
    sbtest::TempDir tmp("sb-reread-");
    store::Database db((tmp.dir / "sb.db").string());
    store::FieldPointerStore(db).add(errataSubject());
    model::FieldPointer state = errataSubject();
    state.field = model::PointerField::State;
    state.pointer = "/to";
    store::FieldPointerStore(db).add(state);
    {
        store::EventStore events(db);
        engine::FileIngest ingest(events);
        std::istringstream in(lines());
        REQUIRE(ingest.ingestStream(in, "file").stored == 6);
    }
    const auto others = stored(db, "other");
    REQUIRE(others.size() == 5);
    for (const auto& e : others) {
        CHECK(e.subject.rfind("1480", 0) == 0);
        CHECK(e.state == "QE");
    }
    CHECK(stored(db, "compose").at(0).subject == "Fedora-Rawhide-20261123.n.0");
}
