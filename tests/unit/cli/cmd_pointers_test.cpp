// `switchboard pointers add|list|remove|apply`, and pointers in `ingest` and `rules test --file`.
#include <catch2/catch.hpp>

#include <sstream>
#include <string>
#include <vector>

#include <SQLiteCpp/Database.h>
#include <nlohmann/json.hpp>

#include "cli_harness.hpp"

using sbtest::runCli;
using sbtest::TempDir;

namespace {

const char* kErrataLine =
    R"({"topic": "/topic/VirtualTopic.eng.errata.builds.added", "msg_id": "ID:e-1", )"
    R"("timestamp": 1795403771.878, "headers": {"errata_id": "150088"}, )"
    R"("msg": {"errata_id": 150088, "brew_build": "firefox-5.11.7-1.el9"}})";

std::string subjectOfNewest(const TempDir& t) {
    const auto r = runCli({"events", "--kind", "other", "--limit", "1", "--json", "--db", t.db()});
    REQUIRE(r.code == 0);
    return nlohmann::json::parse(r.out).value("subject", "?");
}

}  // namespace

TEST_CASE("pointers add, list, remove, and each checked and named") {
    TempDir t;
    auto r = runCli({"pointers", "add", "/errata_id", "--in", "headers", "--topic", "*.errata.*",
                     "--db", t.db()});
    CHECK(r.code == 0);
    CHECK(r.out == "added pointer 1: subject from headers /errata_id on *.errata.*\n");
    r = runCli({"pointers", "add", "/brew_build", "--field", "component", "--db", t.db()});
    CHECK(r.code == 0);

    r = runCli({"pointers", "list", "--db", t.db()});
    CHECK(r.code == 0);
    CHECK(r.out.find("ID    FIELD      IN       POINTER") == 0);
    CHECK(r.out.find("1     subject    headers  /errata_id   *.errata.*") != std::string::npos);
    CHECK(r.out.find("2     component  body     /brew_build  *") != std::string::npos);

    r = runCli({"pointers", "list", "--json", "--db", t.db()});
    const auto first = nlohmann::json::parse(r.out.substr(0, r.out.find('\n')));
    CHECK(first["id"] == 1);
    CHECK(first["in"] == "headers");
    CHECK(first["topic"] == "*.errata.*");

    // Usage errors exit 2 and say what is wrong; a duplicate or a missing id is a runtime error.
    r = runCli({"pointers", "add", "errata_id", "--db", t.db()});
    CHECK(r.code == 2);
    CHECK(r.err.find("not a JSON pointer") != std::string::npos);
    r = runCli({"pointers", "add", "/x", "--field", "arch", "--db", t.db()});
    CHECK(r.code == 2);
    r = runCli({"pointers", "add", "/errata_id", "--in", "headers", "--topic", "*.errata.*", "--db",
                t.db()});
    CHECK(r.code == 1);
    CHECK(r.err.find("pointer 1 already reads") != std::string::npos);

    CHECK(runCli({"pointers", "remove", "1", "--db", t.db()}).out == "removed pointer 1\n");
    r = runCli({"pointers", "remove", "1", "--db", t.db()});
    CHECK(r.code == 1);
    CHECK(r.err.find("no pointer with id 1") != std::string::npos);
    r = runCli({"audit", "--json", "--db", t.db()});
    CHECK(r.out.find("\"what\":\"pointer.remove\"") != std::string::npos);
}

TEST_CASE("ingest reads with the pointers, and apply re-reads what was stored before them") {
    TempDir t;
    const std::string file = t.write("errata.jsonl", std::string(kErrataLine) + "\n");
    REQUIRE(runCli({"ingest", file, "--db", t.db()}).code == 0);
    CHECK(subjectOfNewest(t).empty());

    REQUIRE(runCli({"pointers", "add", "/errata_id", "--in", "headers", "--topic", "*.errata.*",
                    "--db", t.db()})
                .code == 0);
    auto r = runCli({"pointers", "apply", "--dry-run", "--db", t.db()});
    CHECK(r.out == "examined 1 other events, would change 1\n");
    CHECK(subjectOfNewest(t).empty());
    r = runCli({"pointers", "apply", "--db", t.db()});
    CHECK(r.out == "examined 1 other events, changed 1\n");
    CHECK(subjectOfNewest(t) == "150088");

    // A new message of the kind is stored with it at once.
    const std::string next =
        t.write("next.jsonl",
                R"({"topic": "/topic/VirtualTopic.eng.errata.builds.added", "msg_id": "ID:e-2", )"
                R"("headers": {"errata_id": "150099"}, "msg": {}})"
                "\n");
    REQUIRE(runCli({"ingest", next, "--db", t.db()}).code == 0);
    CHECK(subjectOfNewest(t) == "150099");

    // remove --apply gives the stored events the normalizer's own reading back.
    r = runCli({"pointers", "remove", "1", "--apply", "--db", t.db()});
    CHECK(r.out == "removed pointer 1\nexamined 2 other events, changed 2\n");
    CHECK(subjectOfNewest(t).empty());
}

TEST_CASE("rules test --file explains a message as ingest would store it, pointers applied") {
    TempDir t;
    const std::string message = t.write("errata.json", kErrataLine);
    REQUIRE(runCli({"pointers", "add", "/brew_build", "--topic", "*.errata.builds.added", "--db",
                    t.db()})
                .code == 0);
    const std::string rules = t.write("rules.json", R"({"version": 1, "rules": [{
        "name": "firefox builds", "mode": "auto",
        "when": {"field": "subject", "glob": "firefox-*"},
        "action": {"backend": "dryrun", "jobs": [{"job": "firefox-gating"}]}}]})");
    auto r = runCli({"rules", "import", rules, "--db", t.db()});
    INFO(r.err);
    REQUIRE(r.code == 0);
    r = runCli({"rules", "test", "--file", message, "--json", "--db", t.db()});
    INFO(r.out << r.err);
    REQUIRE(r.code == 0);
    const auto out = nlohmann::json::parse(r.out);
    CHECK(out["rules"][0]["matched"] == true);
    CHECK(out["runs"][0]["job"] == "firefox-gating");
}

namespace {

// An Errata Tool status change: no family knows it, so it is stored as kind other.
std::string statusLine(const std::string& id, int errata) {
    return R"({"topic": "/topic/VirtualTopic.eng.errata.activity.status", "msg_id": ")" + id +
           R"(", "timestamp": 1795403771.878, "msg": {"errata_id": )" + std::to_string(errata) +
           R"(, "to": "QE", "from": "NEW_FILES", "synopsis": "Moderate: firefox security update"}})";
}

nlohmann::json newestOther(const TempDir& t) {
    const auto r = runCli({"events", "--kind", "other", "--limit", "1", "--json", "--db", t.db()});
    REQUIRE(r.code == 0);
    return nlohmann::json::parse(r.out);
}

}  // namespace

TEST_CASE("pointers list on a database without pointers prints the header only, --json nothing") {
    TempDir t;
    auto r = runCli({"pointers", "list", "--db", t.db()});
    CHECK(r.code == 0);
    CHECK(r.out == "ID    FIELD      IN       POINTER  TOPIC\n");
    r = runCli({"pointers", "list", "--json", "--db", t.db()});
    CHECK(r.code == 0);
    CHECK(r.out.empty());
    r = runCli({"pointers", "apply", "--db", t.db()});
    CHECK(r.code == 0);
    CHECK(r.out == "examined 0 other events, changed 0\n");
}

TEST_CASE("pointers list --json prints one stored pointer per line, in the order they are tried") {
    TempDir t;
    REQUIRE(runCli({"pointers", "add", "/errata_id", "--db", t.db()}).code == 0);
    REQUIRE(runCli({"pointers", "add", "/to", "--field", "state", "--in", "headers", "--topic",
                    "*.errata.activity.status", "--db", t.db()})
                .code == 0);
    const auto r = runCli({"pointers", "list", "--json", "--db", t.db()});
    REQUIRE(r.code == 0);
    std::istringstream lines(r.out);
    std::vector<nlohmann::json> rows;
    for (std::string line; std::getline(lines, line);) rows.push_back(nlohmann::json::parse(line));
    REQUIRE(rows.size() == 2);
    CHECK(rows[0]["id"] == 1);
    CHECK(rows[0]["pointer"] == "/errata_id");
    CHECK(rows[0]["field"] == "subject");
    CHECK(rows[0]["in"] == "body");
    CHECK(rows[0]["topic"] == "*");
    CHECK(rows[0]["created_at"].is_string());
    CHECK(rows[1]["id"] == 2);
    CHECK(rows[1]["field"] == "state");
    CHECK(rows[1]["in"] == "headers");
    CHECK(rows[1]["topic"] == "*.errata.activity.status");
}

TEST_CASE("pointers refuse bad arguments with usage errors and change nothing") {
    TempDir t;
    const std::vector<std::vector<std::string>> bad = {
        {"pointers", "add", ""},
        {"pointers", "add", "/a~2"},
        {"pointers", "add", "/errata_id", "--topic", ""},
        {"pointers", "add", "/errata_id", "--in", "envelope"},
        {"pointers", "add", "/errata_id", "--field", "arch"},
        {"pointers", "add"},
        {"pointers", "remove", "first"},
        {"pointers", "remove"},
        {"pointers", "apply", "--force"},
        {"pointers"},
    };
    for (std::vector<std::string> args : bad) {
        args.push_back("--db");
        args.push_back(t.db());
        const auto r = runCli(args);
        INFO(args[1] << " " << (args.size() > 2 ? args[2] : "") << ": " << r.err);
        CHECK(r.code == 2);
        CHECK(r.out.empty());
        CHECK(r.err.find("switchboard: ") == 0);
    }
    CHECK(runCli({"pointers", "add", "", "--db", t.db()}).err.find("starts with '/'") !=
          std::string::npos);
    CHECK(runCli({"pointers", "add", "/x", "--topic", "", "--db", t.db()})
              .err.find("--topic needs a glob") != std::string::npos);
    const auto list = runCli({"pointers", "list", "--json", "--db", t.db()});
    CHECK(list.code == 0);
    CHECK(list.out.empty());
    CHECK(runCli({"audit", "--json", "--db", t.db()}).out.find("pointer.") == std::string::npos);
}

TEST_CASE("pointers remove of an id that never was is a runtime error") {
    TempDir t;
    auto r = runCli({"pointers", "remove", "42", "--db", t.db()});
    CHECK(r.code == 1);
    CHECK(r.out.empty());
    CHECK(r.err == "switchboard: no pointer with id 42\n");
    r = runCli({"pointers", "remove", "42", "--apply", "--db", t.db()});
    CHECK(r.code == 1);
    CHECK(r.out.empty());  // nothing re-read
}

TEST_CASE("pointers add --apply re-reads the stored other events at once, fields and all") {
    TempDir t;
    const std::string file =
        t.write("errata.jsonl", statusLine("ID:s-1", 12345) + "\n" + statusLine("ID:s-2", 12346) +
                                    "\n" + kErrataLine + "\n");
    REQUIRE(runCli({"ingest", file, "--db", t.db()}).code == 0);
    CHECK(newestOther(t).value("state", "?").empty());

    auto r = runCli({"pointers", "add", "/to", "--field", "state", "--topic",
                     "*.errata.activity.status", "--apply", "--db", t.db()});
    CHECK(r.code == 0);
    CHECK(r.out ==
          "added pointer 1: state from /to on *.errata.activity.status\n"
          "examined 3 other events, changed 2\n");  // the builds.added message has no `to`
    r = runCli({"events", "--kind", "other", "--limit", "0", "--json", "--db", t.db()});
    std::istringstream lines(r.out);
    int qe = 0;
    for (std::string line; std::getline(lines, line);)
        if (nlohmann::json::parse(line).value("state", "") == "QE") ++qe;
    CHECK(qe == 2);
    // Nothing is left to change.
    CHECK(runCli({"pointers", "apply", "--dry-run", "--db", t.db()}).out ==
          "examined 3 other events, would change 0\n");
}

TEST_CASE("ingest after pointers add stores the pointed subject of an unknown message") {
    TempDir t;
    REQUIRE(runCli({"pointers", "add", "/errata_id", "--topic", "*.errata.activity.status", "--db",
                    t.db()})
                .code == 0);
    REQUIRE(runCli({"pointers", "add", "/synopsis", "--field", "component", "--db", t.db()}).code ==
            0);
    const std::string file = t.write("status.jsonl", statusLine("ID:s-1", 12345) + "\n");
    const auto r = runCli({"ingest", file, "--db", t.db()});
    INFO(r.err);
    REQUIRE(r.code == 0);
    const nlohmann::json stored = newestOther(t);
    CHECK(stored["kind"] == "other");
    CHECK(stored["subject"] == "12345");
    CHECK(stored["component"] == "Moderate: firefox security update");
    // The same subject as a filter of `events`.
    const auto found =
        runCli({"events", "--subject", "1234?", "--json", "--limit", "0", "--db", t.db()});
    CHECK(found.out.find("\"subject\":\"12345\"") != std::string::npos);
}

TEST_CASE("rules test --file shows the pointed subject in its explanation") {
    TempDir t;
    const std::string message = t.write("status.json", statusLine("ID:s-1", 12345));
    const std::string rules = t.write("rules.json", R"({"version": 1, "rules": [{
        "name": "advisory 12345", "mode": "auto",
        "when": {"field": "subject", "equals": "12345"},
        "action": {"backend": "dryrun", "jobs": [{"job": "errata-smoke"}]}}]})");
    REQUIRE(runCli({"rules", "import", rules, "--db", t.db()}).code == 0);

    // Without a pointer the subject is the normalizer's (none): the rule says what it saw.
    auto r = runCli({"rules", "test", "--file", message, "--db", t.db()});
    INFO(r.out << r.err);
    REQUIRE(r.code == 0);
    CHECK(r.out.find("no runs would be created") != std::string::npos);

    REQUIRE(
        runCli({"pointers", "add", "/errata_id", "--topic", "*.errata.*", "--db", t.db()}).code ==
        0);
    r = runCli({"rules", "test", "--file", message, "--db", t.db()});
    REQUIRE(r.code == 0);
    CHECK(r.out.find("advisory 12345") != std::string::npos);
    CHECK(r.out.find("errata-smoke") != std::string::npos);
    CHECK(r.out.find("no runs would be created") == std::string::npos);
    // rules test only reads: nothing was stored.
    CHECK(runCli({"events", "--json", "--db", t.db()}).out.empty());
}

TEST_CASE("pointers list lines up pointers with long ids") {
    TempDir t;
    REQUIRE(runCli({"pointers", "add", "/errata_id", "--db", t.db()}).code == 0);
    {
        SQLite::Database db(t.db(), SQLite::OPEN_READWRITE);
        db.exec("UPDATE sqlite_sequence SET seq = 999999 WHERE name = 'field_pointers'");
    }
    auto r = runCli({"pointers", "add", "/synopsis", "--db", t.db()});
    REQUIRE(r.out == "added pointer 1000000: subject from /synopsis on *\n");
    r = runCli({"pointers", "list", "--db", t.db()});
    INFO(r.err);
    CHECK(r.code == 0);
    CHECK(r.out.find("1000000  subject") != std::string::npos);
}

TEST_CASE("pointers export and import carry a set of pointers to another database") {
    TempDir from, to;
    REQUIRE(runCli({"pointers", "add", "/errata_id", "--in", "headers", "--topic", "*.errata.*",
                    "--db", from.db()})
                .code == 0);
    REQUIRE(runCli({"pointers", "add", "/brew_build", "--field", "component", "--db", from.db()})
                .code == 0);
    auto r = runCli({"pointers", "export", "--db", from.db()});
    REQUIRE(r.code == 0);
    const auto exported = nlohmann::json::parse(r.out);
    REQUIRE(exported.size() == 2);
    CHECK_FALSE(exported[0].contains("id"));  // ids belong to the exporting database
    CHECK(exported[0]["pointer"] == "/errata_id");

    // The importing database has one of them already, and one of its own first.
    REQUIRE(runCli({"pointers", "add", "/advisory", "--db", to.db()}).code == 0);
    REQUIRE(
        runCli({"pointers", "add", "/brew_build", "--field", "component", "--db", to.db()}).code ==
        0);
    const std::string file = to.write("pointers.json", r.out);
    r = runCli({"pointers", "import", file, "--db", to.db()});
    CHECK(r.code == 0);
    CHECK(r.out == "imported 1 pointer, 1 already here\n");
    r = runCli({"pointers", "list", "--json", "--db", to.db()});
    std::vector<std::string> order;
    std::istringstream lines(r.out);
    for (std::string line; std::getline(lines, line);)
        order.push_back(nlohmann::json::parse(line)["pointer"]);
    CHECK(order == std::vector<std::string>{"/advisory", "/brew_build", "/errata_id"});
    CHECK(runCli({"pointers", "import", file, "--db", to.db()}).out ==
          "imported 0 pointers, 2 already here\n");

    // `list --json` lines import too, and --apply re-reads what is stored.
    TempDir third;
    const std::string events = third.write("errata.jsonl", std::string(kErrataLine) + "\n");
    REQUIRE(runCli({"ingest", events, "--db", third.db()}).code == 0);
    const std::string lined =
        third.write("lines.jsonl", runCli({"pointers", "list", "--json", "--db", from.db()}).out);
    r = runCli({"pointers", "import", lined, "--apply", "--db", third.db()});
    CHECK(r.code == 0);
    CHECK(r.out.find("imported 2 pointers, 0 already here\nexamined 1 other events, changed 1") ==
          0);
    CHECK(subjectOfNewest(third) == "150088");
    r = runCli({"audit", "--json", "--db", third.db()});
    CHECK(r.out.find("\"what\":\"pointer.add\"") != std::string::npos);
}

TEST_CASE("pointers import adds nothing from a file with a bad pointer and says where") {
    TempDir t;
    const std::string bad = t.write("bad.json", R"([{"pointer": "/ok"}, {"pointer": "no-slash"}])");
    auto r = runCli({"pointers", "import", bad, "--db", t.db()});
    CHECK(r.code == 1);
    CHECK(r.err.find("pointer 2") != std::string::npos);
    CHECK(runCli({"pointers", "export", "--db", t.db()}).out == "[]\n");

    // In a `list --json` file the line is named, blank lines counted.
    const std::string slash =
        t.write("slash.jsonl", "{\"pointer\": \"/a\"}\n\n{\"pointer\": \"b\"}\n");
    r = runCli({"pointers", "import", slash, "--db", t.db()});
    CHECK(r.code == 1);
    CHECK(r.err.find("slash.jsonl line 3: ") != std::string::npos);
    CHECK(r.err.find("JSON pointer") != std::string::npos);
    const std::string field = t.write(
        "field.jsonl", "{\"pointer\": \"/a\"}\n\n{\"pointer\": \"/b\", \"field\": \"arch\"}\n");
    r = runCli({"pointers", "import", field, "--db", t.db()});
    CHECK(r.code == 1);
    CHECK(r.err.find("field.jsonl line 3") != std::string::npos);
    const std::string garbage = t.write("garbage.json", "[{\"pointer\": ");
    r = runCli({"pointers", "import", garbage, "--db", t.db()});
    CHECK(r.code == 1);
    CHECK(r.err.find("not a JSON array of pointers") != std::string::npos);
    r = runCli({"pointers", "import", (t.dir / "missing.json").string(), "--db", t.db()});
    CHECK(r.code == 1);
    CHECK(r.err.find("cannot read") != std::string::npos);
    CHECK(runCli({"pointers", "export", "--db", t.db()}).out == "[]\n");
}
