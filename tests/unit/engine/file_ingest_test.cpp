#include <catch2/catch.hpp>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <sstream>
#include <string>
#include <thread>

#include <SQLiteCpp/SQLiteCpp.h>

#include "engine/cpu_affinity.hpp"
#include "engine/file_ingest.hpp"
#include "store/database.hpp"
#include "store/event_store.hpp"
#include "store/field_pointer_store.hpp"

using namespace switchboard;

namespace {

struct TempStore {
    std::filesystem::path dir;
    std::unique_ptr<store::Database> db;
    std::unique_ptr<store::EventStore> events;
    TempStore() {
        std::random_device rd;
        dir = std::filesystem::temp_directory_path() /
              ("sb-file-ingest-" + std::to_string(rd()) + "-" + std::to_string(rd()));
        std::filesystem::create_directories(dir);
        db = std::make_unique<store::Database>((dir / "t.db").string());
        events = std::make_unique<store::EventStore>(*db);
    }
    ~TempStore() {
        events.reset();
        db.reset();
        std::error_code ec;
        std::filesystem::remove_all(dir, ec);
    }
};

std::string record(int n, const std::string& sentAt = "") {
    return "{\"id\":\"m" + std::to_string(n) + "\",\"topic\":\"org.example.thing.happened\"," +
           "\"headers\":{" + (sentAt.empty() ? "" : "\"sent-at\":\"" + sentAt + "\"") + "}," +
           "\"body\":{\"n\":" + std::to_string(n) + "}}";
}

}  // namespace

TEST_CASE("file ingest commits in batches and counts every line once across them") {
    TempStore t;
    engine::FileIngestOptions options;
    options.batchSize = 3;
    engine::FileIngest ingest(*t.events, options);
    std::vector<int64_t> quarantinedLines;
    ingest.onQuarantined = [&](const store::QuarantineItem& item) {
        quarantinedLines.push_back(item.line);
    };
    std::string input;
    for (int i = 1; i <= 10; ++i) input += (i % 4 == 0 ? std::string("oops") : record(i)) + "\n";
    input += record(1) + "\n";  // a duplicate of line 1
    std::istringstream in(input);
    const store::InsertCounts counts = ingest.ingestStream(in, "mem");
    CHECK(counts.stored == 8);
    CHECK(counts.quarantined == 2);
    CHECK(counts.duplicates == 1);
    CHECK(ingest.linesRead() == 11);
    CHECK(quarantinedLines == std::vector<int64_t>{4, 8});
    CHECK(t.events->count({}) == 8);
    const auto stored = t.events->query({});
    REQUIRE_FALSE(stored.empty());
    CHECK(stored[0].source == "mem");
}

TEST_CASE("file ingest stamps the message's own time, else the time it read the line") {
    TempStore t;
    engine::FileIngest ingest(*t.events);
    std::istringstream in(record(1, "2024-01-01T00:00:00Z") + "\n" + record(2) + "\n");
    const int64_t before = store::nowMs();
    ingest.ingestStream(in, "mem");
    const auto stored = t.events->query({});
    REQUIRE(stored.size() == 2);
    CHECK(stored[0].received_at >= before);  // no sent-at: arrival time
    const int64_t sentAt = stored[1].received_at;
    // The normalizer reads sent-at when the envelope has it; either way a time is set.
    CHECK((sentAt == 1704067200000 || sentAt >= before));
}

TEST_CASE("file ingest commits a batch early when its lines grow past the byte bound") {
    TempStore t;
    engine::FileIngestOptions options;
    options.maxBatchBytes = 1;  // every line is its own transaction
    engine::FileIngest ingest(*t.events, options);
    int64_t batches = 0;
    std::istringstream in(record(1) + "\nbad\n" + record(3) + "\n");
    ingest.onQuarantined = [&](const store::QuarantineItem&) { ++batches; };
    const auto counts = ingest.ingestStream(in, "mem");
    CHECK(counts.stored == 2);
    CHECK(counts.quarantined == 1);
    CHECK(batches == 1);
    CHECK(ingest.totals().stored == 2);
}

TEST_CASE("file ingest names a file it cannot open") {
    TempStore t;
    engine::FileIngest ingest(*t.events);
    const std::string missing = (t.dir / "nope.jsonl").string();
    try {
        ingest.ingestFile(missing);
        FAIL("no exception");
    } catch (const std::runtime_error& e) {
        CHECK(std::string(e.what()).find(missing) != std::string::npos);
    }
}

TEST_CASE("file ingest stores the body and headers text of each line as it was written") {
    TempStore t;
    engine::FileIngest ingest(*t.events);
    const std::string line =
        R"({"topic": "org.example.thing", "headers": {"b": 1,  "a": 2}, "id": "x", "body": {"z": [1, 2],  "y": "\u00e9"}})";
    std::istringstream in(line + "\n");
    REQUIRE(ingest.ingestStream(in, "mem").stored == 1);
    SQLite::Statement row(t.db->sql(), "SELECT headers, body FROM event_raw");
    REQUIRE(row.executeStep());
    CHECK(row.getColumn(0).getString() == R"({"b": 1,  "a": 2})");
    CHECK(row.getColumn(1).getString() == R"({"z": [1, 2],  "y": "\u00e9"})");
}

TEST_CASE("file ingest commits what it has before it waits on a pipe, even inside a line") {
    TempStore t;
    const std::string fifo = (t.dir / "in.fifo").string();
    REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
    // Read-write: opening never blocks, and the pipe stays open until the end of the test.
    const int writer = ::open(fifo.c_str(), O_RDWR | O_CLOEXEC);
    REQUIRE(writer >= 0);
    // The producer pauses in the middle of the third line: the pipe has its first bytes to read,
    // and the read after them waits (the transaction stayed open there, holding every writer).
    const std::string third = record(3) + "\n";
    const std::string lines = record(1) + "\n" + record(2) + "\n" + third.substr(0, 20);
    REQUIRE(::write(writer, lines.data(), lines.size()) == static_cast<ssize_t>(lines.size()));
    store::InsertCounts counts;
    std::thread reader([&] {
        store::Database db((t.dir / "t.db").string());
        store::EventStore events(db);
        engine::FileIngest ingest(events);
        counts = ingest.ingestFile(fifo);
    });
    // The two lines become visible to another connection while the input is still open: the
    // ingest did not sit in an open transaction waiting for more.
    int64_t seen = 0;
    for (int i = 0; i < 3000 && seen < 2; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
        seen = t.events->count({});
    }
    const std::string rest = third.substr(20);
    REQUIRE(::write(writer, rest.data(), rest.size()) == static_cast<ssize_t>(rest.size()));
    ::close(writer);
    reader.join();
    CHECK(seen == 2);
    CHECK(counts.stored == 3);
}

namespace {

// An Errata Tool status change (no family knows it: kind other) and a pungi compose.
std::string errataLine(int n) {
    return R"({"topic": "/topic/VirtualTopic.eng.errata.activity.status", "msg_id": "e-)" +
           std::to_string(n) + R"(", "headers": {"errata_id": ")" + std::to_string(148000 + n) +
           R"("}, "msg": {"errata_id": )" + std::to_string(12345 + n) +
           R"(, "to": "QE", "from": "NEW_FILES", "synopsis": "Moderate: firefox security update"}})";
}

const char* const kComposeLine =
    R"({"topic": "org.fedoraproject.prod.pungi.compose.status.change", "msg_id": "c-1", )"
    R"("msg": {"compose_id": "Fedora-Rawhide-20261123.n.0", "status": "FINISHED", "errata_id": 1}})";

void addPointer(store::Database& db, const std::string& ptr, model::PointerField field,
                model::PointerPart part = model::PointerPart::Body) {
    model::FieldPointer p;
    p.pointer = ptr;
    p.field = field;
    p.part = part;
    p.topic_glob = "*.errata.activity.status";
    store::FieldPointerStore(db).add(p);
}

std::map<std::string, model::Event> byMsgId(store::EventStore& events) {
    store::EventQuery all;
    all.limit = 0;
    std::map<std::string, model::Event> out;
    for (model::Event& e : events.query(all)) out[e.msg_id] = std::move(e);
    return out;
}

}  // namespace

TEST_CASE("file ingest reads other messages with the pointers the database had when it was made") {
    TempStore t;
    addPointer(*t.db, "/errata_id", model::PointerField::Subject, model::PointerPart::Headers);
    addPointer(*t.db, "/to", model::PointerField::State);
    const std::string path = (t.dir / "errata.jsonl").string();
    {
        std::ofstream out(path);
        out << errataLine(0) << "\n" << kComposeLine << "\n" << errataLine(1) << "\n";
    }
    engine::FileIngest ingest(*t.events);
    // A pointer added after the ingest started is for the next one.
    addPointer(*t.db, "/from", model::PointerField::Component);
    REQUIRE(ingest.ingestFile(path).stored == 3);  // a regular file: parsed on a thread ahead

    auto stored = byMsgId(*t.events);
    REQUIRE(stored.size() == 3);
    CHECK(stored["e-0"].kind == model::Kind::Other);
    CHECK(stored["e-0"].subject == "148000");
    CHECK(stored["e-0"].state == "QE");
    CHECK(stored["e-0"].component.empty());
    CHECK(stored["e-1"].subject == "148001");
    CHECK(stored["c-1"].kind == model::Kind::Compose);
    CHECK(stored["c-1"].subject == "Fedora-Rawhide-20261123.n.0");
    CHECK(stored["c-1"].state == "FINISHED");

    // The next ingest has all three; a pipe is parsed on the writer's thread, with them too.
    const std::string fifo = (t.dir / "in.fifo").string();
    REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
    const int writer = ::open(fifo.c_str(), O_RDWR | O_CLOEXEC);
    REQUIRE(writer >= 0);
    const std::string more = errataLine(2) + "\n";
    REQUIRE(::write(writer, more.data(), more.size()) == static_cast<ssize_t>(more.size()));
    store::InsertCounts counts;
    std::thread reader([&] {
        store::Database db((t.dir / "t.db").string());
        store::EventStore events(db);
        engine::FileIngest second(events);
        counts = second.ingestFile(fifo);
    });
    for (int i = 0; i < 3000 && t.events->count({}) < 4; ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    ::close(writer);
    reader.join();
    CHECK(counts.stored == 1);
    stored = byMsgId(*t.events);
    CHECK(stored["e-2"].subject == "148002");
    CHECK(stored["e-2"].state == "QE");
    CHECK(stored["e-2"].component == "NEW_FILES");
}

TEST_CASE("file ingest parses on a second thread only when a second CPU can run it") {
    TempStore t;
    const std::string path = (t.dir / "lines.jsonl").string();
    {
        std::ofstream out(path);
        for (int i = 1; i <= 500; ++i) out << record(i) << "\n";
    }
    engine::FileIngest ingest(*t.events);
    store::InsertCounts counts;
    int cpus = 0;
    {
        // Pinned to one CPU, as `taskset -c 0` runs it: every line on this thread.
        const engine::PinToOneCpu pinned;
        cpus = pinned.cpusBefore();
        counts = ingest.ingestFile(path);
    }
    CHECK_FALSE(ingest.parsedAhead());
    CHECK(counts.stored == 500);
    // Unpinned, on a machine of more than one CPU (CI has two): the parsing thread.
    if (cpus > 1) {
        std::ofstream(path, std::ios::app) << record(501) << "\n";
        counts = ingest.ingestFile(path);
        CHECK(ingest.parsedAhead());
        CHECK(counts.stored == 1);
        CHECK(counts.duplicates == 500);
    }
}

namespace {

bool indexExists(store::Database& db, const std::string& name) {
    SQLite::Statement query(db.sql(), "SELECT 1 FROM sqlite_master WHERE name = ?");
    query.bind(1, name);
    return query.executeStep();
}

// A file of `lines` records (m<first>...) with a bad line after the first record.
std::string writeLines(const std::filesystem::path& path, int first, int lines) {
    std::ofstream out(path);
    for (int i = first; i < first + lines; ++i) {
        out << record(i) << "\n";
        if (i == first) out << "oops\n";
    }
    return path.string();
}

// Options under which the small files of these tests count as large: rows are estimated at 1 KiB
// each, so 100 lines of about 100 bytes count as 9, enough with a minimum of 1 and no row stored.
// Two lines a transaction: a quarantined line is reported after the first commit.
engine::FileIngestOptions deferringOptions() {
    engine::FileIngestOptions options;
    options.minDeferredRows = 1;
    options.batchSize = 2;
    return options;
}

}  // namespace

TEST_CASE(
    "a large ingest builds the filter indexes at its end, a small one into a large table does "
    "not") {
    TempStore t;
    engine::FileIngestOptions options = deferringOptions();
    const std::string big = writeLines(t.dir / "big.jsonl", 0, 200);
    const std::string small = writeLines(t.dir / "small.jsonl", 1000, 20);

    std::vector<bool> kindIndexDuringIngest;
    const auto watch = [&](engine::FileIngest& ingest) {
        ingest.onQuarantined = [&](const store::QuarantineItem&) {
            kindIndexDuringIngest.push_back(indexExists(*t.db, "events_kind"));
        };
    };
    {
        engine::FileIngest ingest(*t.events, options);
        watch(ingest);
        size_t building = 0;
        ingest.onBuildingIndexes = [&](size_t indexes) { building = indexes; };
        const store::InsertCounts counts = ingest.ingestFiles({big});
        CHECK(counts.stored == 200);
        CHECK(counts.quarantined == 1);
        CHECK(building == 5);
        CHECK(ingest.indexProblem().empty());
    }
    CHECK(kindIndexDuringIngest == std::vector<bool>{false});
    CHECK(indexExists(*t.db, "events_kind"));
    CHECK(indexExists(*t.db, "events_subject"));
    CHECK(t.db->sql().execAndGet("SELECT count(*) FROM deferred_indexes").getInt() == 0);
    CHECK(t.events->count({}) == 200);

    // 20 lines (about 2 KiB) into 200 stored rows: row by row, the indexes stay.
    {
        engine::FileIngest ingest(*t.events, options);
        watch(ingest);
        CHECK(ingest.ingestFiles({small}).stored == 20);
    }
    CHECK(kindIndexDuringIngest == std::vector<bool>{false, true});

    // 0 never defers, however large the ingest.
    TempStore fresh;
    options.minDeferredRows = 0;
    engine::FileIngest ingest(*fresh.events, options);
    ingest.onQuarantined = [&](const store::QuarantineItem&) {
        kindIndexDuringIngest.push_back(indexExists(*fresh.db, "events_kind"));
    };
    CHECK(ingest.ingestFiles({big}).stored == 200);
    CHECK(kindIndexDuringIngest == std::vector<bool>{false, true, true});
}

TEST_CASE("a large ingest that fails on a later file builds the indexes it deferred") {
    TempStore t;
    const engine::FileIngestOptions options = deferringOptions();
    const std::string good = writeLines(t.dir / "good.jsonl", 0, 100);
    const std::string directory = (t.dir / "a-directory").string();
    std::filesystem::create_directories(directory);
    engine::FileIngest ingest(*t.events, options);
    bool kindIndexDuringIngest = true;
    ingest.onQuarantined = [&](const store::QuarantineItem&) {
        kindIndexDuringIngest = indexExists(*t.db, "events_kind");
    };
    CHECK_THROWS(ingest.ingestFiles({good, directory}));
    CHECK_FALSE(kindIndexDuringIngest);
    CHECK(ingest.totals().stored == 100);
    CHECK(indexExists(*t.db, "events_kind"));
    CHECK(t.db->sql().execAndGet("SELECT count(*) FROM deferred_indexes").getInt() == 0);
}

TEST_CASE("an index build that fails keeps every row, says why, and leaves the database openable") {
    TempStore t;
    const engine::FileIngestOptions options = deferringOptions();
    const std::string good = writeLines(t.dir / "good.jsonl", 0, 100);
    engine::FileIngest ingest(*t.events, options);
    // Meanwhile, the record of one dropped index is damaged (as a disk error or a hand would),
    // so that building it fails.
    ingest.onQuarantined = [&](const store::QuarantineItem&) {
        SQLite::Database other(t.db->path(), SQLite::OPEN_READWRITE);
        other.exec(
            "UPDATE deferred_indexes SET sql = 'CREATE INDEX events_kind ON no_such(x)' "
            "WHERE name = 'events_kind'");
    };
    const store::InsertCounts counts = ingest.ingestFiles({good});
    CHECK(counts.stored == 100);
    CHECK(ingest.indexProblem().find("no_such") != std::string::npos);
    CHECK(t.events->count({}) == 100);
    // The other indexes were built; the damaged one stays recorded, and opening the database
    // still works once this process has let go of it.
    CHECK(indexExists(*t.db, "events_subject"));
    CHECK_FALSE(indexExists(*t.db, "events_kind"));
    const std::string path = t.db->path();
    store::Database reopened(path);
    CHECK(reopened.sql().execAndGet("SELECT count(*) FROM deferred_indexes").getInt() == 1);
}
