#include <catch2/catch.hpp>

#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

#include "cli_harness.hpp"
#include "store/database.hpp"
#include "store/event_store.hpp"

using sbtest::runCli;
using sbtest::TempDir;

namespace {

const std::string kGood =
    "{\"id\":\"m1\",\"topic\":\"org.fedoraproject.prod.pungi.compose.status.change\",\"headers\":{}"
    ","
    "\"body\":{\"compose_id\":\"Fedora-40-20240101.n.0\",\"status\":\"FINISHED\"}}";
// A truncated record with a byte that is not UTF-8 in it.
const std::string kBad = "{\"topic\": \"x.y\", \"body\": {\"name\": \"caf\xe9\"";

// A file of a good line, the bad one, and an array where an object belongs, ingested; returns the
// file's path.
std::string ingestWithBadLine(const TempDir& t) {
    const std::string file = t.write("in.jsonl", kGood + "\n" + kBad + "\n[1, 2]\n");
    const auto r = runCli({"ingest", file, "--db", t.db()});
    REQUIRE(r.code == 3);
    return file;
}

}  // namespace

TEST_CASE("quarantine list names each refused line: id, size, file and line, reason") {
    TempDir t;
    const std::string file = ingestWithBadLine(t);
    const auto r = runCli({"quarantine", "list", "--db", t.db()});
    REQUIRE(r.code == 0);
    std::istringstream lines(r.out);
    std::string header, row, extra;
    std::getline(lines, header);
    std::getline(lines, row);
    CHECK(header.find("ID") == 0);
    CHECK(header.find("REASON") != std::string::npos);
    CHECK(row.find(file + ":3") != std::string::npos);  // newest first
    std::getline(lines, extra);
    CHECK(extra.find(file + ":2") != std::string::npos);
    CHECK(extra.find(std::to_string(kBad.size())) != std::string::npos);
    CHECK(extra.find("invalid UTF-8") != std::string::npos);

    const auto json = runCli({"quarantine", "list", "--json", "--limit", "1", "--db", t.db()});
    REQUIRE(json.code == 0);
    const auto newest = nlohmann::json::parse(json.out);  // one line: --limit 1
    CHECK(newest["line"] == 3);
    CHECK(newest["source"] == file);
    CHECK(newest["size"] == 6);  // "[1, 2]"
    CHECK(newest.contains("reason"));
}

TEST_CASE("quarantine show prints the reason and the bytes, escaped or exact") {
    TempDir t;
    const std::string file = ingestWithBadLine(t);
    const auto list = runCli({"quarantine", "list", "--json", "--db", t.db()});
    std::string id;  // of the line with the byte that is not UTF-8
    std::istringstream in(list.out);
    for (std::string line; id.empty() && std::getline(in, line);) {
        const auto row = nlohmann::json::parse(line);
        if (row["line"] == 2) id = std::to_string(row["id"].get<int64_t>());
    }
    REQUIRE_FALSE(id.empty());
    const auto shown = runCli({"quarantine", "show", id, "--db", t.db()});
    REQUIRE(shown.code == 0);
    CHECK(shown.out.find("source    " + file + ":2\n") != std::string::npos);
    CHECK(shown.out.find("not valid UTF-8") != std::string::npos);
    CHECK(shown.out.find("{\"topic\": \"x.y\", \"body\": {\"name\": \"caf\\xe9\"\n") !=
          std::string::npos);

    const auto raw = runCli({"quarantine", "show", id, "--raw", "--db", t.db()});
    REQUIRE(raw.code == 0);
    CHECK(raw.out == kBad);  // byte for byte: no newline added, the bad byte kept

    const auto hex = runCli({"quarantine", "show", id, "--hex", "--db", t.db()});
    REQUIRE(hex.code == 0);
    CHECK(
        hex.out.find(
            "00000000  7b 22 74 6f 70 69 63 22  3a 20 22 78 2e 79 22 2c  |{\"topic\": \"x.y\",|") !=
        std::string::npos);
}

TEST_CASE("quarantine show of an unknown id fails with a reason, and no subcommand is a usage error") {
    TempDir t;
    ingestWithBadLine(t);
    const auto missing = runCli({"quarantine", "show", "999", "--db", t.db()});
    CHECK(missing.code == 1);
    CHECK(missing.err.find("no quarantined message with id 999") != std::string::npos);
    CHECK(runCli({"quarantine", "--db", t.db()}).code == 2);
    CHECK(runCli({"quarantine", "show", "1", "--raw", "--hex", "--db", t.db()}).code == 2);
}

TEST_CASE("quarantine show prints the start of a large message and says how much more there is") {
    TempDir t;
    // 200,000 bytes of an unterminated string: quarantined as truncated JSON.
    const std::string big = "{\"body\": \"" + std::string(200000 - 10, 'x');
    const std::string file = t.write("big.jsonl", big + "\n");
    REQUIRE(runCli({"ingest", file, "--db", t.db()}).code == 3);

    const auto shown = runCli({"quarantine", "show", "1", "--db", t.db()});
    REQUIRE(shown.code == 0);
    CHECK(shown.out.find("size      200000 bytes") != std::string::npos);
    CHECK(shown.out.find("... 134464 more bytes: --bytes 0 shows them all") != std::string::npos);
    CHECK(shown.out.size() < 70000);

    const auto hex = runCli({"quarantine", "show", "1", "--hex", "--bytes", "32", "--db", t.db()});
    REQUIRE(hex.code == 0);
    CHECK(hex.out.find("00000010  ") != std::string::npos);
    CHECK(hex.out.find("00000020  ") == std::string::npos);
    CHECK(hex.out.find("... 199968 more bytes") != std::string::npos);

    const auto all = runCli({"quarantine", "show", "1", "--bytes", "0", "--db", t.db()});
    REQUIRE(all.code == 0);
    CHECK(all.out.find(big) != std::string::npos);
    CHECK(all.out.find("more bytes") == std::string::npos);

    CHECK(runCli({"quarantine", "show", "1", "--bytes", "-1", "--db", t.db()}).code == 2);
}

// nlohmann's dump() throws on text that is not UTF-8: the listing stopped after its first line.
TEST_CASE("quarantine list --json prints every line of a file whose name is not UTF-8") {
    TempDir t;
    const std::string file = t.write("bad\xff.jsonl", kBad + "\n[1, 2]\n");
    REQUIRE(runCli({"ingest", file, "--db", t.db()}).code == 3);
    const auto r = runCli({"quarantine", "list", "--json", "--db", t.db()});
    CHECK(r.code == 0);
    std::istringstream in(r.out);
    int parsed = 0;
    for (std::string line; std::getline(in, line); ++parsed) {
        const auto row = nlohmann::json::parse(line);
        CHECK(row.dump().find("bad\xef\xbf\xbd.jsonl") != std::string::npos);  // U+FFFD
    }
    CHECK(parsed == 2);
}

// A bus delivery's message id and headers come beside its bytes; a file's line has neither.
TEST_CASE("quarantine show and list --json give a bus message's id and headers") {
    TempDir t;
    {
        switchboard::store::Database db(t.db());
        switchboard::store::QuarantineItem item;
        item.source = "umb";
        item.topic = "VirtualTopic.eng.ci.x";
        item.reason = "invalid JSON in body";
        item.raw = "{\"a\": ";
        item.msg_id = "ID:umb-7";
        item.headers = R"({"priority":"4"})";
        item.keyed = true;
        std::vector<switchboard::model::Event> none;
        std::vector<switchboard::store::QuarantineItem> items{item};
        REQUIRE(switchboard::store::EventStore(db).insertBatch(none, items).quarantined == 1);
    }
    const auto shown = runCli({"quarantine", "show", "1", "--db", t.db()});
    REQUIRE(shown.code == 0);
    CHECK(shown.out.find("source    umb\n") != std::string::npos);
    CHECK(shown.out.find("msg id    ID:umb-7\n") != std::string::npos);
    CHECK(shown.out.find("headers   {\"priority\":\"4\"}\n") != std::string::npos);

    const auto list = runCli({"quarantine", "list", "--json", "--db", t.db()});
    REQUIRE(list.code == 0);
    const auto row = nlohmann::json::parse(list.out);
    CHECK(row["msg_id"] == "ID:umb-7");
    CHECK(row["headers"] == nlohmann::json{{"priority", "4"}});
}

TEST_CASE("quarantine show of a file's line has no id or headers lines") {
    TempDir t;
    ingestWithBadLine(t);
    const auto shown = runCli({"quarantine", "show", "1", "--db", t.db()});
    REQUIRE(shown.code == 0);
    CHECK(shown.out.find("msg id") == std::string::npos);
    CHECK(shown.out.find("headers") == std::string::npos);
    const auto list = runCli({"quarantine", "list", "--json", "--limit", "1", "--db", t.db()});
    const auto row = nlohmann::json::parse(list.out);
    CHECK(row["msg_id"] == "");
    CHECK(row["headers"].is_null());
}
