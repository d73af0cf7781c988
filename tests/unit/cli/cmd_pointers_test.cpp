// `switchboard pointers add|list|remove|apply`, and pointers in `ingest` and `rules test --file`.
#include <catch2/catch.hpp>

#include <string>

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

TEST_CASE("pointers add, list, remove; each checked and named") {
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
    r = runCli({"pointers", "add", "/errata_id", "--in", "headers", "--topic", "*.errata.*",
                "--db", t.db()});
    CHECK(r.code == 1);
    CHECK(r.err.find("pointer 1 already reads") != std::string::npos);

    CHECK(runCli({"pointers", "remove", "1", "--db", t.db()}).out == "removed pointer 1\n");
    r = runCli({"pointers", "remove", "1", "--db", t.db()});
    CHECK(r.code == 1);
    CHECK(r.err.find("no pointer with id 1") != std::string::npos);
    r = runCli({"audit", "--json", "--db", t.db()});
    CHECK(r.out.find("\"what\":\"pointer.remove\"") != std::string::npos);
}

TEST_CASE("ingest reads with the pointers; apply re-reads what was stored before them") {
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
    const std::string next = t.write(
        "next.jsonl",
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
