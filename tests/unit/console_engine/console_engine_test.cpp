#include <catch2/catch.hpp>

#include <chrono>
#include <filesystem>
#include <random>
#include <thread>

#include "engine/console_engine.hpp"
#include "engine/whole_file.hpp"
#include "ingest/normalize.hpp"
#include "store/database.hpp"
#include "store/event_store.hpp"
#include "store/field_pointer_store.hpp"
#include "../temp_dir.hpp"

using namespace switchboard;

namespace {

// Every TestReported fact for `name`, until one that is not `running` (bounded: 20 s).
std::vector<engine::TestReported> reportsUntilDone(engine::ConsoleEngine& engine, const std::string& name) {
    std::vector<engine::TestReported> out;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (std::chrono::steady_clock::now() < deadline) {
        for (auto& fact : engine.takeFacts())
            if (auto* t = std::get_if<engine::TestReported>(&fact); t && t->name == name) {
                out.push_back(*t);
                if (!t->running) return out;
            }
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return out;
}

engine::ConsoleOptions options(const sbtest::TempDir& tmp) {
    engine::ConsoleOptions o;
    o.dbPath = (tmp.dir / "sb.db").string();
    o.startBus = false;
    return o;
}

}  // namespace

TEST_CASE("testing a connection posts 'running' first, then the outcome") {
    sbtest::TempDir tmp("sb-console-");
    engine::ConsoleEngine engine(options(tmp));
    engine.start();
    model::Connection c;
    c.name = "replay";
    c.url = "file://" + (tmp.dir / "nothing-here.jsonl").string();
    engine.post(engine::TestConnection{c});
    const auto reports = reportsUntilDone(engine, "replay");
    REQUIRE(reports.size() == 2);
    CHECK(reports[0].running);
    CHECK(reports[0].target == "connection");
    CHECK_FALSE(reports[1].running);
    CHECK_FALSE(reports[1].ok);
    CHECK(reports[1].message.find("nothing-here.jsonl") != std::string::npos);
    engine.stop();
}

TEST_CASE("testing a backend reports its health as a fact for the connections view") {
    sbtest::TempDir tmp("sb-console-");
    engine::ConsoleEngine engine(options(tmp));
    engine.start();
    model::Backend b;
    b.name = "dry-run";
    b.type = model::BackendType::DryRun;
    engine.post(engine::TestBackend{b});
    const auto reports = reportsUntilDone(engine, "dry-run");
    REQUIRE(reports.size() == 2);
    CHECK(reports[1].target == "backend");
    CHECK(reports[1].ok);
    CHECK(reports[1].message == "healthy");
    engine.stop();
}

namespace {

// An Errata Tool message as UMB carries it: its facts are headers, the body is empty.
int64_t storeErrataMessage(store::Database& db, const std::string& errataId) {
    store::EventStore events(db);
    ingest::Message m;
    m.topic = "/topic/VirtualTopic.eng.errata.activity.status";
    m.headers = {{"errata_id", errataId}, {"to", "QE"}, {"from", "NEW_FILES"}};
    m.body = "";
    m.msg_id = "ID:errata-" + errataId;
    std::vector<model::Event> batch{ingest::normalize(std::move(m))};
    batch[0].source = "umb";
    batch[0].received_at = store::nowMs();
    events.insertBatch(batch);
    return batch[0].id;
}

// Appends the facts posted to `seen` until one posted since the call satisfies `done`; returns
// it (bounded: 20 s; null when none came).
template <typename Done>
const engine::Fact* waitFor(engine::ConsoleEngine& engine, std::vector<engine::Fact>& seen, Done done) {
    const size_t from = seen.size();
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (std::chrono::steady_clock::now() < deadline) {
        for (auto& fact : engine.takeFacts()) seen.push_back(std::move(fact));
        for (size_t i = from; i < seen.size(); ++i)
            if (done(seen[i])) return &seen[i];
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return nullptr;
}

// Appends the facts posted to `seen` until `holds()` (bounded: 20 s); returns whether it did.
template <typename Holds>
bool waitUntil(engine::ConsoleEngine& engine, std::vector<engine::Fact>& seen, Holds holds) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (!holds() && std::chrono::steady_clock::now() < deadline) {
        for (auto& fact : engine.takeFacts()) seen.push_back(std::move(fact));
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return holds();
}

// The subject of row `id` in the last replacing FeedBatch among `facts`; "?" when none has it.
std::string replacedSubject(const std::vector<engine::Fact>& facts, int64_t id) {
    std::string out = "?";
    std::vector<std::string> pool{""};  // the loader's interner: id 0 is ""
    for (const auto& fact : facts) {
        const auto* batch = std::get_if<engine::FeedBatch>(&fact);
        if (!batch) continue;
        pool.insert(pool.end(), batch->fresh.begin(), batch->fresh.end());
        if (!batch->replace) continue;
        for (const auto& row : batch->rows)
            if (row.id == id) out = pool.at(row.get(engine::FeedField::Subject));
    }
    return out;
}

// Whether a FeedBatch among `facts` carried row `id`.
bool posted(const std::vector<engine::Fact>& facts, int64_t id) {
    for (const auto& fact : facts)
        if (const auto* batch = std::get_if<engine::FeedBatch>(&fact))
            for (const auto& row : batch->rows)
                if (row.id == id && !row.quarantined) return true;
    return false;
}

// The messages of every CommandFinished from `origin` among `facts`, in order.
std::vector<std::string> finishedMessages(const std::vector<engine::Fact>& facts,
                                          const std::string& origin) {
    std::vector<std::string> out;
    for (const auto& fact : facts) {
        const auto* f = std::get_if<engine::CommandFinished>(&fact);
        if (f && f->origin == origin) out.push_back(f->message);
    }
    return out;
}

bool finished(const engine::Fact& fact, const std::string& origin) {
    const auto* f = std::get_if<engine::CommandFinished>(&fact);
    return f && f->origin == origin;
}

}  // namespace

TEST_CASE("adding a field pointer re-reads stored other events and reloads their feed rows") {
    sbtest::TempDir tmp("sb-console-");
    const engine::ConsoleOptions o = options(tmp);
    int64_t first = 0, second = 0;
    {
        store::Database db(o.dbPath);
        first = storeErrataMessage(db, "148030");
        second = storeErrataMessage(db, "148031");
    }
    engine::ConsoleEngine engine(o);
    engine.start();
    std::vector<engine::Fact> seen;
    auto pointersDone = [](const engine::Fact& f) { return finished(f, "pointers"); };
    // The loader holds both rows first: one that reads them only after the re-read has them
    // fresh, with its history, posts no replacing batch (and needs none).
    REQUIRE(waitUntil(engine, seen, [&] { return posted(seen, first) && posted(seen, second); }));

    model::FieldPointer p;
    p.pointer = "/errata_id";
    p.part = model::PointerPart::Headers;
    p.topic_glob = "*.errata.activity.status";
    engine.post(engine::AddPointer{p, true});
    const engine::Fact* fact = waitFor(engine, seen, pointersDone);
    REQUIRE(fact != nullptr);
    const auto added = std::get<engine::CommandFinished>(*fact);
    INFO(added.message);
    CHECK(added.ok);
    CHECK(added.message.find("subject from headers /errata_id on *.errata.activity.status") !=
          std::string::npos);
    CHECK(added.message.find("re-reading the stored other events") != std::string::npos);
    // The re-read runs on its own worker and reports when it is done (the second report).
    REQUIRE(waitUntil(engine, seen, [&] { return finishedMessages(seen, "pointers").size() >= 2; }));
    // The report names what was done, then what the re-read changed.
    CHECK(finishedMessages(seen, "pointers")[1] ==
          "pointer 1: subject from headers /errata_id on *.errata.activity.status; "
          "re-read 2 stored other events, 2 changed");
    {
        store::Database db(o.dbPath);
        CHECK(store::EventStore(db).get(first)->subject == "148030");
    }
    // The loader posts the changed rows as a replacing batch.
    CHECK(waitUntil(engine, seen, [&] { return replacedSubject(seen, first) == "148030"; }));
    CHECK(replacedSubject(seen, second) == "148031");

    // Removing it gives the stored events back what the normalizer alone reads: no subject.
    engine.post(engine::RemovePointer{1, true});
    REQUIRE(waitUntil(engine, seen, [&] { return finishedMessages(seen, "pointers").size() >= 4; }));
    CHECK(finishedMessages(seen, "pointers")[2] ==
          "removed pointer 1; re-reading the stored other events");
    CHECK(finishedMessages(seen, "pointers")[3] ==
          "removed pointer 1; re-read 2 stored other events, 2 changed");
    {
        store::Database db(o.dbPath);
        CHECK(store::EventStore(db).get(second)->subject.empty());
    }
    CHECK(waitUntil(engine, seen, [&] { return replacedSubject(seen, second).empty(); }));

    // A pointer that does not parse is refused where the operator sees it; nothing is added.
    p.pointer = "errata_id";
    engine.post(engine::AddPointer{p, true});
    fact = waitFor(engine, seen, pointersDone);
    REQUIRE(fact != nullptr);
    const auto refused = std::get<engine::CommandFinished>(*fact);
    CHECK_FALSE(refused.ok);
    CHECK(refused.message.find("not a JSON pointer") != std::string::npos);
    engine.stop();
}

TEST_CASE("the console exports its field pointers and another console imports them") {
    sbtest::TempDir tmp("sb-console-");
    const std::string file = (tmp.dir / "pointers.json").string();
    {
        engine::ConsoleEngine from(options(tmp));
        from.start();
        std::vector<engine::Fact> seen;
        model::FieldPointer p;
        p.pointer = "/errata_id";
        p.part = model::PointerPart::Headers;
        p.topic_glob = "*.errata.activity.status";
        from.post(engine::AddPointer{p, false});
        from.post(engine::ExportPointers{file});
        REQUIRE(waitUntil(from, seen, [&] { return finishedMessages(seen, "pointers").size() >= 2; }));
        CHECK(finishedMessages(seen, "pointers")[1] == "exported 1 pointer to " + file);
        from.stop();
    }
    const auto exported = nlohmann::json::parse(engine::readFile(file));
    REQUIRE(exported.size() == 1);
    CHECK_FALSE(exported[0].contains("id"));
    CHECK(exported[0]["pointer"] == "/errata_id");

    // Another database, with an errata message stored as `other`: the import adds the pointer and
    // re-reads it; a second import finds it there.
    sbtest::TempDir other("sb-console-");
    const engine::ConsoleOptions o = options(other);
    int64_t errata = 0;
    {
        store::Database db(o.dbPath);
        errata = storeErrataMessage(db, "148030");
    }
    engine::ConsoleEngine to(o);
    to.start();
    std::vector<engine::Fact> seen;
    to.post(engine::ImportPointers{file, true});
    REQUIRE(waitUntil(to, seen, [&] { return finishedMessages(seen, "pointers").size() >= 2; }));
    CHECK(finishedMessages(seen, "pointers")[0] ==
          "imported 1 pointer from " + file + ", 0 already here; re-reading the stored other events");
    CHECK(finishedMessages(seen, "pointers")[1] ==
          "imported 1 pointer from " + file + ", 0 already here; re-read 1 stored other events, 1 changed");
    {
        store::Database db(o.dbPath);
        CHECK(store::EventStore(db).get(errata)->subject == "148030");
    }
    to.post(engine::ImportPointers{file, true});
    REQUIRE(waitUntil(to, seen, [&] { return finishedMessages(seen, "pointers").size() >= 3; }));
    CHECK(finishedMessages(seen, "pointers")[2] == "imported 0 pointers from " + file + ", 1 already here");

    // A bad file is refused where the operator sees it, naming the line; nothing is added.
    const std::string bad = (other.dir / "bad.jsonl").string();
    engine::writeFile(bad, "{\"pointer\": \"/a\", \"topic\": \"*\"}\n{\"pointer\": \"b\"}\n");
    to.post(engine::ImportPointers{bad, true});
    const engine::Fact* fact = waitFor(to, seen, [](const engine::Fact& f) { return finished(f, "pointers"); });
    REQUIRE(fact != nullptr);
    const auto refused = std::get<engine::CommandFinished>(*fact);
    CHECK_FALSE(refused.ok);
    CHECK(refused.message.find(bad + " line 2: ") == 0);
    {
        store::Database db(o.dbPath);
        CHECK(store::FieldPointerStore(db).list().size() == 1);
    }
    // An export to a folder that is not there says so.
    to.post(engine::ExportPointers{(other.dir / "gone" / "p.json").string()});
    fact = waitFor(to, seen, [](const engine::Fact& f) { return finished(f, "pointers"); });
    REQUIRE(fact != nullptr);
    CHECK(std::get<engine::CommandFinished>(*fact).message.find("cannot write ") == 0);
    to.stop();
}

TEST_CASE("a quarantined message opens with its bytes made readable, and saves byte for byte") {
    sbtest::TempDir tmp("sb-console-");
    const engine::ConsoleOptions o = options(tmp);
    // A 1 MiB binary body (as a bus may deliver) and a short one.
    std::string big(1 << 20, '\0');
    for (size_t i = 0; i < big.size(); ++i) big[i] = static_cast<char>(i * 7);
    std::vector<int64_t> ids;
    {
        store::Database db(o.dbPath);
        store::EventStore events(db);
        std::vector<store::QuarantineItem> items(2);
        items[0].source = "umb";
        items[0].topic = "VirtualTopic.eng.ci.x";
        items[0].reason = "invalid UTF-8 in the body at byte 2";
        items[0].raw = big;
        items[0].msg_id = "ID:umb-01-1234-1:1:1:1:7";
        items[0].headers = R"({"destination":"/queue/Consumer.sb.VirtualTopic.eng.ci.x"})";
        items[0].keyed = true;
        items[1].source = "in.jsonl";
        items[1].line = 7;
        items[1].reason = "invalid JSON at byte 9";
        items[1].raw = "{\"a\": 1,\x01";
        std::vector<model::Event> none;
        REQUIRE(events.insertBatch(none, items).quarantined == 2);
        for (const auto& item : events.quarantine(0)) ids.push_back(item.id);  // newest first
    }
    engine::ConsoleEngine engine(o);
    engine.start();
    std::vector<engine::Fact> seen;
    auto fetched = [&](int64_t id) -> const engine::QuarantineFetched* {
        engine.post(engine::FetchQuarantined{id});
        const engine::Fact* fact = waitFor(engine, seen, [id](const engine::Fact& f) {
            const auto* q = std::get_if<engine::QuarantineFetched>(&f);
            return q && q->id == id;
        });
        return fact ? &std::get<engine::QuarantineFetched>(*fact) : nullptr;
    };

    const auto* small = fetched(ids[0]);
    REQUIRE(small != nullptr);
    CHECK(small->found);
    CHECK(small->source == "in.jsonl");
    CHECK(small->line == 7);
    CHECK(small->reason == "invalid JSON at byte 9");
    CHECK(small->size == 9);
    CHECK(small->utf8);  // \x01 is valid UTF-8, only not printable
    CHECK(small->text == "{\"a\": 1,\\x01");
    CHECK(small->textBytes == 9);
    CHECK(small->msgId.empty());  // a file's line: its id and headers are in its bytes
    CHECK(small->headers.empty());

    // The big one is cut for the view, and says so; its file has every byte.
    const auto* large = fetched(ids[1]);
    REQUIRE(large != nullptr);
    CHECK(large->size == big.size());
    CHECK(large->msgId == "ID:umb-01-1234-1:1:1:1:7");  // a bus delivery's, kept beside its bytes
    CHECK(large->headers == R"({"destination":"/queue/Consumer.sb.VirtualTopic.eng.ci.x"})");
    CHECK_FALSE(large->utf8);
    CHECK(large->textBytes <= engine::kQuarantineTextBytes);
    CHECK(large->textBytes > engine::kQuarantineTextBytes - 4);
    CHECK(large->hex.size() == engine::kQuarantineHexBytes / 16 * 79);  // 79 characters a line
    const std::string file = (tmp.dir / "q.bin").string();
    engine.post(engine::SaveQuarantined{ids[1], file});
    const engine::Fact* saved = waitFor(engine, seen, [](const engine::Fact& f) { return finished(f, "quarantine"); });
    REQUIRE(saved != nullptr);
    CHECK(std::get<engine::CommandFinished>(*saved).ok);
    CHECK(engine::readFile(file) == big);

    // An id that is not there, and a save that cannot be written, say so.
    const auto* missing = fetched(ids[0] + 100);
    REQUIRE(missing != nullptr);
    CHECK_FALSE(missing->found);
    CHECK(missing->error == "quarantined message " + std::to_string(ids[0] + 100) + " is not in the database");
    engine.post(engine::SaveQuarantined{ids[0], (tmp.dir / "gone" / "q.bin").string()});
    saved = waitFor(engine, seen, [](const engine::Fact& f) { return finished(f, "quarantine"); });
    REQUIRE(saved != nullptr);
    CHECK_FALSE(std::get<engine::CommandFinished>(*saved).ok);
    CHECK(std::get<engine::CommandFinished>(*saved).message.find("cannot write ") == 0);
    engine.stop();
}
