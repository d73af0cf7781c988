#include <catch2/catch.hpp>

#include <fcntl.h>
#include <unistd.h>

#include <cstdlib>
#include <random>
#include <string>

#include "cli_harness.hpp"
#include "store/database.hpp"
#include "store/event_store.hpp"

using sbtest::runCli;
using sbtest::TempDir;
using namespace switchboard;

namespace {

std::string goodLine(int n) {
    return "{\"id\":\"msg-" + std::to_string(n) +
           "\",\"topic\":\"org.fedoraproject.prod.pungi.compose.status.change\",\"headers\":{},"
           "\"body\":{\"compose_id\":\"Fedora-40-20240101.n." + std::to_string(n) +
           "\",\"status\":\"FINISHED\"}}";
}

struct Stored {
    int64_t events = 0;
    std::vector<store::QuarantineItem> quarantine;  // oldest first
};

Stored readBack(const TempDir& t) {
    store::Database db(t.db());
    store::EventStore events(db);
    Stored s;
    s.events = events.count({});
    s.quarantine = events.quarantine(0);
    std::reverse(s.quarantine.begin(), s.quarantine.end());
    return s;
}

// A good line, the bad bytes, a good line: the bad line alone is quarantined with its exact bytes
// and line number, both good lines are stored, and the command exits 3.
store::QuarantineItem ingestBetweenGoodLines(const std::string& bad) {
    TempDir t;
    const std::string file = t.write("in.jsonl", goodLine(1) + "\n" + bad + "\n" + goodLine(3) + "\n");
    const auto r = runCli({"ingest", file, "--db", t.db()});
    INFO(r.err);
    CHECK(r.code == 3);
    CHECK(r.out == "stored 2, duplicates 0, quarantined 1\n");
    CHECK(r.err.find(file + ":2: quarantined: ") != std::string::npos);
    const Stored s = readBack(t);
    CHECK(s.events == 2);
    REQUIRE(s.quarantine.size() == 1);
    CHECK(s.quarantine[0].line == 2);
    CHECK(s.quarantine[0].source == file);
    CHECK_FALSE(s.quarantine[0].reason.empty());
    return s.quarantine[0];
}

}  // namespace

TEST_CASE("ingest stores good lines and a second run counts them as duplicates") {
    TempDir t;
    const std::string file = t.write("good.jsonl", goodLine(1) + "\n" + goodLine(2) + "\n" + goodLine(3));
    auto r = runCli({"ingest", file, "--db", t.db()});
    CHECK(r.code == 0);
    CHECK(r.out == "stored 3, duplicates 0, quarantined 0\n");
    CHECK(r.err.empty());
    r = runCli({"ingest", "--db", t.db(), file});
    CHECK(r.code == 0);
    CHECK(r.out == "stored 0, duplicates 3, quarantined 0\n");
    CHECK(readBack(t).events == 3);
}

TEST_CASE("ingest quarantines invalid JSON with its bytes and a reason") {
    const std::string bad = "{\"topic\": \"a.b\", \"body\": {\"x\": tru}}";
    const auto q = ingestBetweenGoodLines(bad);
    CHECK(q.raw == bad);
    CHECK(q.reason.find("JSON") != std::string::npos);
}

TEST_CASE("ingest quarantines a truncated line") {
    const std::string line = goodLine(2);
    const std::string bad = line.substr(0, line.size() / 2);
    CHECK(ingestBetweenGoodLines(bad).raw == bad);
}

TEST_CASE("ingest quarantines a truncated last line without a newline") {
    TempDir t;
    const std::string cut = goodLine(2).substr(0, 40);
    const std::string file = t.write("in.jsonl", goodLine(1) + "\n" + cut);
    const auto r = runCli({"ingest", file, "--db", t.db()});
    CHECK(r.code == 3);
    CHECK(r.out == "stored 1, duplicates 0, quarantined 1\n");
    const Stored s = readBack(t);
    REQUIRE(s.quarantine.size() == 1);
    CHECK(s.quarantine[0].raw == cut);
    CHECK(s.quarantine[0].line == 2);
}

TEST_CASE("ingest quarantines an empty line") {
    const auto q = ingestBetweenGoodLines("");
    CHECK(q.raw.empty());
    CHECK(q.reason.find("empty") != std::string::npos);
}

TEST_CASE("ingest quarantines a JSON array or number where an object belongs") {
    for (const std::string bad : {"[1, 2, {\"topic\": \"x\"}]", "42", "\"text\"", "null", "true"}) {
        INFO(bad);
        const auto q = ingestBetweenGoodLines(bad);
        CHECK(q.raw == bad);
        CHECK(q.reason.find("object") != std::string::npos);
    }
}

TEST_CASE("ingest takes wrongly typed fields without a crash and keeps what it can read") {
    TempDir t;
    const std::string lines =
        // arch as a string, version as a number
        "{\"id\":\"w1\",\"topic\":\"org.centos.prod.ci.koji-build.test.complete\",\"headers\":{},"
        "\"body\":{\"artifact\":{\"type\":\"koji-build\",\"nvr\":\"bash-5.2-1.fc40\"},"
        "\"system\":{\"architecture\":\"x86_64\"},\"version\":40,\"arch\":\"x86_64\"}}\n"
        // null everywhere
        "{\"id\":null,\"topic\":\"org.fedoraproject.prod.pungi.compose.status.change\","
        "\"headers\":null,\"body\":{\"compose_id\":null,\"status\":null,\"location\":null}}\n"
        // numbers and objects where strings belong
        "{\"topic\":\"org.fedoraproject.prod.mbs.module.state.change\",\"headers\":{},"
        "\"body\":{\"name\":1,\"stream\":[],\"version\":{},\"context\":false,\"state_name\":7}}\n";
    const std::string file = t.write("in.jsonl", lines);
    const auto r = runCli({"ingest", file, "--db", t.db()});
    INFO(r.out << r.err);
    const Stored s = readBack(t);
    // Each line is accounted for exactly once: stored, or quarantined with a reason.
    CHECK(s.events + static_cast<int64_t>(s.quarantine.size()) == 3);
    CHECK(r.out == "stored " + std::to_string(s.events) + ", duplicates 0, quarantined " +
                       std::to_string(s.quarantine.size()) + "\n");
    CHECK(r.code == (s.quarantine.empty() ? 0 : 3));
    for (const auto& q : s.quarantine) CHECK_FALSE(q.reason.empty());
    // The first line is well-formed JSON of a known family: its wrong types must not lose it.
    CHECK(s.events >= 1);
}

TEST_CASE("ingest quarantines invalid UTF-8 and binary bytes exactly as they were") {
    const std::string invalid = "{\"topic\":\"a.b\",\"body\":{\"name\":\"caf\xe9 \xff\xfe\"}}";
    CHECK(ingestBetweenGoodLines(invalid).raw == invalid);
    const std::string binary("\x00\x01\x02\xff\xfe\x7f{\x00}\x80\r", 12);
    const auto q = ingestBetweenGoodLines(binary);
    CHECK(q.raw == binary);
    CHECK(q.raw.size() == 12);
}

TEST_CASE("ingest quarantines a 10 MB body whole, unparsed, saying how long it was") {
    // Over the 4 MiB a message may have to be parsed, but a real message all the same: kept byte
    // for byte, to be read, fixed or replayed from quarantine.
    const std::string big = "{\"topic\":\"a.b\",\"headers\":{},\"body\":{\"blob\":\"" +
                            std::string(10 * 1024 * 1024, 'x') + "\"}}";
    const auto q = ingestBetweenGoodLines(big);
    CHECK(q.reason.find(std::to_string(big.size())) != std::string::npos);
    CHECK(q.reason.find("kept whole") != std::string::npos);
    CHECK(q.raw == big);
}

TEST_CASE("ingest keeps the start and the length of a line too long to keep whole") {
    // Past 16 MiB (RabbitMQ's largest message by default) a line is kept by its first 64 KiB.
    const std::string huge = "{\"topic\":\"a.b\",\"headers\":{},\"body\":{\"blob\":\"" +
                             std::string(17 * 1024 * 1024, 'x') + "\"}}";
    const auto q = ingestBetweenGoodLines(huge);
    CHECK(q.reason.find(std::to_string(huge.size())) != std::string::npos);
    CHECK(q.reason.find("truncated") != std::string::npos);
    CHECK(q.raw.size() == 64 * 1024);
    CHECK(huge.compare(0, q.raw.size(), q.raw) == 0);
}

TEST_CASE("ingest quarantines JSON nested 100,000 deep") {
    const std::string deep = "{\"topic\":\"a.b\",\"body\":" + std::string(100000, '[') +
                             std::string(100000, ']') + "}";
    const auto q = ingestBetweenGoodLines(deep);
    CHECK(q.raw == deep);
    CHECK((q.reason.find("deep") != std::string::npos || q.reason.find("nest") != std::string::npos));
}

TEST_CASE("ingest survives a large file of random garbage and stores the good lines around it") {
    // 16 MiB of random bytes (a fixed seed, so every run sees the same lines), streamed from disk
    // by the bounded reader; a good line before and after it.
    TempDir t;
    const size_t kGarbage = 16u * 1024 * 1024;
    std::string bytes = goodLine(1) + "\n";
    std::mt19937 rng(20240101);
    bytes.reserve(kGarbage + 1024);
    for (size_t i = 0; i < kGarbage; i += 4) {
        const uint32_t word = rng();
        bytes.append(reinterpret_cast<const char*>(&word), 4);
    }
    bytes += "\n" + goodLine(2) + "\n";
    int64_t garbageLines = 0;
    for (size_t i = goodLine(1).size() + 1; i < bytes.size() - goodLine(2).size() - 1; ++i)
        if (bytes[i] == '\n') ++garbageLines;
    const std::string file = t.write("garbage.jsonl", bytes);
    bytes.clear();
    bytes.shrink_to_fit();

    const auto r = runCli({"ingest", file, "--db", t.db()});
    CHECK(r.code == 3);
    CHECK(r.out == "stored 2, duplicates 0, quarantined " + std::to_string(garbageLines) + "\n");
    CHECK(r.err.find("more quarantined lines") != std::string::npos);
    store::Database db(t.db());
    store::EventStore events(db);
    CHECK(events.count({}) == 2);
    CHECK(events.quarantineCount() == garbageLines);
}

TEST_CASE("ingest reads stdin when the file is '-'") {
    TempDir t;
    const std::string file = t.write("in.jsonl", goodLine(7) + "\nnot json\n");
    const int saved = ::dup(0);
    const int fd = ::open(file.c_str(), O_RDONLY);
    REQUIRE(fd >= 0);
    ::dup2(fd, 0);
    ::close(fd);
    const auto r = runCli({"ingest", "-", "--db", t.db()});
    ::dup2(saved, 0);
    ::close(saved);
    CHECK(r.code == 3);
    CHECK(r.out == "stored 1, duplicates 0, quarantined 1\n");
    const Stored s = readBack(t);
    REQUIRE(s.quarantine.size() == 1);
    CHECK(s.quarantine[0].source == "stdin");
}

TEST_CASE("a missing file fails the ingest naming it, and nothing is stored") {
    TempDir t;
    const std::string good = t.write("good.jsonl", goodLine(1) + "\n");
    const std::string missing = (t.dir / "missing.jsonl").string();
    const auto r = runCli({"ingest", good, missing, "--db", t.db()});
    CHECK(r.code == 1);
    CHECK(r.err.find(missing) != std::string::npos);
    CHECK(r.out.empty());
    CHECK(readBack(t).events == 0);
}

TEST_CASE("ingest without a file is a usage error and --help explains the command") {
    TempDir t;
    auto r = runCli({"ingest", "--db", t.db()});
    CHECK(r.code == 2);
    CHECK(r.err.find("--help") != std::string::npos);
    r = runCli({"ingest", "--help"});
    CHECK(r.code == 0);
    CHECK(r.out.find("stored N, duplicates N, quarantined N") != std::string::npos);
    CHECK(r.out.find("nothing is ingested") != std::string::npos);
}

TEST_CASE("ingest uses $SWITCHBOARD_DB when --db is not given") {
    TempDir t;
    const std::string file = t.write("in.jsonl", goodLine(1) + "\n");
    ::setenv("SWITCHBOARD_DB", t.db().c_str(), 1);
    const auto r = runCli({"ingest", file});
    ::unsetenv("SWITCHBOARD_DB");
    CHECK(r.code == 0);
    CHECK(readBack(t).events == 1);
}

// A directory opens like a file and fails only at its first read: the files before it were
// stored by then, against the promise that an unreadable argument stores nothing.
TEST_CASE("a directory among the files fails the ingest naming it, and nothing is stored") {
    TempDir t;
    const std::string good = t.write("good.jsonl", goodLine(1) + "\n");
    std::filesystem::create_directories(t.dir / "folder");
    const std::string folder = (t.dir / "folder").string();
    const auto r = runCli({"ingest", good, folder, "--db", t.db()});
    CHECK(r.code == 1);
    CHECK(r.err.find(folder + ": it is a directory") != std::string::npos);
    CHECK(r.out.empty());
    CHECK(readBack(t).events == 0);
}
