// engine::rereadOtherEvents and the ingest of files with field pointers, on real SQLite files.
#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <sstream>
#include <variant>

#include "../temp_dir.hpp"
#include "engine/file_ingest.hpp"
#include "engine/reread_other.hpp"
#include "ingest/message.hpp"
#include "ingest/normalize.hpp"
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
    engine::RereadCounts counts = engine::rereadOtherEvents(db, pointers, options);
    CHECK(counts.examined == 0);
    CHECK(counts.cancelled);

    // Cancelled after the first chunk of two: the rest is left for the next run.
    cancel = false;
    options.chunk = 2;
    counts = engine::rereadOtherEvents(db, pointers, options,
                                       [&](const std::vector<int64_t>&) { cancel = true; });
    CHECK(counts.examined == 2);
    CHECK(counts.cancelled);
    cancel = false;
    counts = engine::rereadOtherEvents(db, pointers, options);
    CHECK(counts.examined == 5);
    CHECK(counts.changed == 3);
    CHECK_FALSE(counts.cancelled);
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

namespace {

// Stores message lines the way ingest would without pointers: normalize(), then one batch.
std::vector<int64_t> storeLines(store::Database& db, const std::vector<std::string>& lines) {
    std::vector<model::Event> batch;
    for (const std::string& line : lines) {
        ingest::ParseResult parsed = ingest::parseLine(line);
        REQUIRE(std::holds_alternative<ingest::Message>(parsed));
        batch.push_back(ingest::normalize(std::move(std::get<ingest::Message>(parsed))));
        batch.back().source = "file";
    }
    store::EventStore(db).insertBatch(batch);
    std::vector<int64_t> ids;
    for (const model::Event& e : batch) ids.push_back(e.id);
    return ids;
}

// An Errata Tool status change with its facts in the body; `nvr` is a key the normalizer of
// `other` messages reads as the subject on its own.
std::string statusLine(int n,
                       const std::string& topic = "VirtualTopic.eng.errata.activity.status") {
    return R"({"topic": "/topic/)" + topic + R"(", "msg_id": "s-)" + std::to_string(n) +
           R"(", "timestamp": 1795394055.25, "msg": {"errata_id": )" + std::to_string(12345 + n) +
           R"(, "to": "QE", "from": "NEW_FILES", "synopsis": "Moderate: firefox security update", )"
           R"("nvr": "firefox-128.5.0-)" +
           std::to_string(n) + R"(.el9_5"}})";
}

model::FieldPointer bodyPointer(std::string ptr, std::string glob,
                                model::PointerField field = model::PointerField::Subject) {
    model::FieldPointer p;
    p.pointer = std::move(ptr);
    p.topic_glob = std::move(glob);
    p.field = field;
    return p;
}

}  // namespace

TEST_CASE("removing a pointer and re-reading gives back the normalizer's own subject") {
    sbtest::TempDir tmp("sb-reread-");
    store::Database db((tmp.dir / "sb.db").string());
    const std::vector<int64_t> ids = storeLines(db, {statusLine(0), statusLine(1), statusLine(2)});
    store::EventStore events(db);
    REQUIRE(events.get(ids[0])->kind == model::Kind::Other);
    REQUIRE(events.get(ids[0])->subject == "firefox-128.5.0-0.el9_5");

    store::FieldPointerStore pointers(db);
    const int64_t subject = pointers.add(bodyPointer("/errata_id", "*.errata.activity.status"));
    pointers.add(bodyPointer("/to", "*.errata.*", model::PointerField::State));
    engine::RereadOptions options;
    CHECK(engine::rereadOtherEvents(db, ingest::FieldPointers(pointers.list()), options).changed ==
          3);
    for (size_t i = 0; i < ids.size(); ++i) {
        CHECK(events.get(ids[i])->subject == std::to_string(12345 + i));
        CHECK(events.get(ids[i])->state == "QE");
    }

    pointers.remove(subject);
    CHECK(engine::rereadOtherEvents(db, ingest::FieldPointers(pointers.list()), options).changed ==
          3);
    for (size_t i = 0; i < ids.size(); ++i) {
        CHECK(events.get(ids[i])->subject == "firefox-128.5.0-" + std::to_string(i) + ".el9_5");
        CHECK(events.get(ids[i])->state == "QE");  // the other pointer still reads it
    }
}

TEST_CASE("a re-read changes only the events whose topic a pointer matches") {
    sbtest::TempDir tmp("sb-reread-");
    store::Database db((tmp.dir / "sb.db").string());
    const std::vector<int64_t> ids =
        storeLines(db, {statusLine(0), statusLine(1, "VirtualTopic.eng.errata.builds.added"),
                        statusLine(2), statusLine(3, "VirtualTopic.eng.resultsdb.result.new")});
    const ingest::FieldPointers pointers({bodyPointer("/errata_id", "*.errata.activity.*")});
    engine::RereadOptions options;
    options.chunk = 1;
    std::vector<int64_t> reported;
    const engine::RereadCounts counts =
        engine::rereadOtherEvents(db, pointers, options, [&](const std::vector<int64_t>& changed) {
            reported.insert(reported.end(), changed.begin(), changed.end());
        });
    CHECK(counts.examined == 4);
    CHECK(counts.changed == 2);
    CHECK(reported == std::vector<int64_t>{ids[2], ids[0]});  // newest first
    store::EventStore events(db);
    CHECK(events.get(ids[0])->subject == "12345");
    CHECK(events.get(ids[1])->subject == "firefox-128.5.0-1.el9_5");
    CHECK(events.get(ids[2])->subject == "12347");
    CHECK(events.get(ids[3])->subject == "firefox-128.5.0-3.el9_5");
}

TEST_CASE("a dry run reports nothing to reload and writes nothing") {
    sbtest::TempDir tmp("sb-reread-");
    store::Database db((tmp.dir / "sb.db").string());
    const std::vector<int64_t> ids = storeLines(db, {statusLine(0), statusLine(1)});
    const ingest::FieldPointers pointers({bodyPointer("/errata_id", "*")});
    engine::RereadOptions dry;
    dry.dryRun = true;
    int calls = 0;
    const engine::RereadCounts counts =
        engine::rereadOtherEvents(db, pointers, dry, [&](const std::vector<int64_t>&) { ++calls; });
    CHECK(counts.examined == 2);
    CHECK(counts.changed == 2);
    CHECK(calls == 0);
    CHECK(store::EventStore(db).get(ids[0])->subject == "firefox-128.5.0-0.el9_5");
}

TEST_CASE("a stored other event that a family claims today is examined but left as it is") {
    sbtest::TempDir tmp("sb-reread-");
    store::Database db((tmp.dir / "sb.db").string());
    // As an older version could have stored it: a pungi compose message as kind other.
    ingest::ParseResult parsed = ingest::parseLine(
        R"({"topic": "org.fedoraproject.prod.pungi.compose.status.change", "msg_id": "c-1", )"
        R"("msg": {"compose_id": "Fedora-Rawhide-20261123.n.0", "status": "FINISHED", "errata_id": 7}})");
    model::Event old = ingest::normalize(std::move(std::get<ingest::Message>(parsed)));
    REQUIRE(old.kind == model::Kind::Compose);
    old.kind = model::Kind::Other;
    old.subject = "as stored";
    std::vector<model::Event> batch{old};
    store::EventStore(db).insertBatch(batch);

    const ingest::FieldPointers pointers({bodyPointer("/errata_id", "*")});
    engine::RereadOptions options;
    const engine::RereadCounts counts = engine::rereadOtherEvents(db, pointers, options);
    CHECK(counts.examined == 1);
    CHECK(counts.changed == 0);
    const auto stored = store::EventStore(db).get(batch[0].id);
    CHECK(stored->kind == model::Kind::Other);
    CHECK(stored->subject == "as stored");
}
