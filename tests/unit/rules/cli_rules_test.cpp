// The lists, rules and audit commands, run through cli::run on a real SQLite file.
#include <catch2/catch.hpp>

#include <iostream>
#include <fstream>
#include <sstream>

#include "cli/run.hpp"
#include "test_support.hpp"

namespace {

struct Result {
    int code = 0;
    std::string out, err;
};

Result runCli(std::vector<std::string> args) {
    args.insert(args.begin(), "switchboard");
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    std::ostringstream out, err;
    auto* oldOut = std::cout.rdbuf(out.rdbuf());
    auto* oldErr = std::cerr.rdbuf(err.rdbuf());
    Result r;
    r.code = switchboard::cli::run(static_cast<int>(argv.size()), argv.data());
    std::cout.rdbuf(oldOut);
    std::cerr.rdbuf(oldErr);
    r.out = out.str();
    r.err = err.str();
    return r;
}

std::vector<nlohmann::json> jsonLines(const std::string& text) {
    std::vector<nlohmann::json> lines;
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line))
        if (!line.empty()) lines.push_back(nlohmann::json::parse(line));
    return lines;
}

void writeFile(const std::string& path, const std::string& text) {
    std::ofstream(path, std::ios::binary) << text;
}

}  // namespace

TEST_CASE("lists import then export gives back the Gangway JSON, and show marks each state") {
    sbtest::TempDir tmp;
    const std::string db = tmp.file("sb.db");
    const std::string weekly = std::string(SB_SOURCE_DIR) + "/assets/examples/weekly.json";
    auto r = runCli({"lists", "import", weekly, "--name", "weekly", "--backend", "gangway", "--db", db});
    REQUIRE(r.code == 0);
    CHECK_THAT(r.out, Catch::Contains("imported 5 entries"));
    r = runCli({"lists", "export", "weekly", "--db", db});
    REQUIRE(r.code == 0);
    CHECK(nlohmann::json::parse(r.out) == nlohmann::json::parse(sbtest::readText(weekly)));

    r = runCli({"lists", "show", "weekly", "--json", "--db", db});
    const auto rows = jsonLines(r.out);
    REQUIRE(rows.size() == 5);
    CHECK(rows[1] == nlohmann::json{{"job_name", "periodic-ci-openshift-release-master-nightly-4.18-e2e-metal-ipi"},
                                    {"active", false}, {"active_after", nullptr}, {"active_until", nullptr},
                                    {"state", "inactive"}});
    CHECK(rows[3]["state"] == "expired");  // until 2026-10-01, in the past

    r = runCli({"lists", "set", "weekly", "new-job", "--active", "true", "--after", "2000-01-01", "--db", db});
    CHECK(r.code == 0);
    CHECK_THAT(r.out, Catch::Contains("weekly/new-job: active"));
    r = runCli({"lists", "set", "weekly", "new-job", "--until", "1999-01-01", "--db", db});
    CHECK(r.code == 1);
    CHECK_THAT(r.err, Catch::Contains("new-job") && Catch::Contains("is not after active_after"));
    r = runCli({"lists", "set", "weekly", "new-job", "--active", "maybe", "--db", db});
    CHECK(r.code == 2);
}

TEST_CASE("a bad list file is refused naming the entry and nothing is stored") {
    sbtest::TempDir tmp;
    const std::string db = tmp.file("sb.db");
    writeFile(tmp.file("bad.json"), R"([{"job_name": "ok", "active": true}, {"job_name": "x", "active": "true"}])");
    auto r = runCli({"lists", "import", tmp.file("bad.json"), "--name", "bad", "--db", db});
    CHECK(r.code == 1);
    CHECK_THAT(r.err, Catch::Contains("entry 2 (x)"));
    r = runCli({"lists", "show", "--json", "--db", db});
    CHECK(r.out.empty());
}

TEST_CASE("rules import, export and test explain the fixture decisions") {
    sbtest::TempDir tmp;
    const std::string db = tmp.file("sb.db");
    const std::string yaml = std::string(SB_FIXTURES_DIR) + "/fedora/mts__rules-example.yaml";
    auto r = runCli({"rules", "import", yaml, "--db", db});
    REQUIRE(r.code == 0);
    CHECK_THAT(r.out, Catch::Contains("imported 7 rules"));

    r = runCli({"rules", "export", "--db", db});
    REQUIRE(r.code == 0);
    const auto doc = nlohmann::json::parse(r.out);
    CHECK(doc["rules"].size() == 7);

    r = runCli({"rules", "test", "--file", std::string(SB_FIXTURES_DIR) + "/fedora/mbs__state-wait-testmodule-1503.json",
                "--json", "--db", db});
    REQUIRE(r.code == 0);
    const auto explained = nlohmann::json::parse(r.out);
    REQUIRE(explained["rules"].size() == 7);
    CHECK(explained["rules"][0]["name"] == "Building blocks");
    CHECK(explained["rules"][0]["matched"] == false);
    CHECK(explained["runs"].empty());

    r = runCli({"rules", "import", std::string(SB_SOURCE_DIR) + "/assets/examples/cki.rules.json", "--db", db});
    REQUIRE(r.code == 0);
    r = runCli({"rules", "test", "--file", std::string(SB_FIXTURES_DIR) + "/documented/cki-dw-ready-to-report.json",
                "--db", db});
    REQUIRE(r.code == 0);
    CHECK_THAT(r.out, Catch::Contains("cki-post-test") && Catch::Contains("state equals \"build_setups_finished\": saw \"ready_to_report\""));
    r = runCli({"rules", "test", "--db", db});
    CHECK(r.code == 2);
}

TEST_CASE("a rule file with a bad rule writes nothing and names the rule") {
    sbtest::TempDir tmp;
    const std::string db = tmp.file("sb.db");
    REQUIRE(runCli({"rules", "import", std::string(SB_SOURCE_DIR) + "/assets/examples/cki.rules.json", "--db", db}).code == 0);
    writeFile(tmp.file("bad.json"), R"([{"name": "fine", "action": {"backend": "b", "jobs": ["j"]}},
        {"name": "broken", "when": {"field": "subject", "regex": "a(b"}, "action": {"backend": "b", "jobs": ["j"]}}])");
    auto r = runCli({"rules", "import", tmp.file("bad.json"), "--db", db});
    CHECK(r.code == 1);
    CHECK_THAT(r.err, Catch::Contains("rule \"broken\"") && Catch::Contains("position 1"));
    r = runCli({"rules", "export", "--db", db});
    CHECK(nlohmann::json::parse(r.out)["rules"].size() == 3);
}

TEST_CASE("audit prints every edit, newest first") {
    sbtest::TempDir tmp;
    const std::string db = tmp.file("sb.db");
    REQUIRE(runCli({"lists", "set", "l", "job-a", "--db", db}).code == 0);
    REQUIRE(runCli({"lists", "set", "l", "job-a", "--active", "false", "--db", db}).code == 0);
    auto r = runCli({"audit", "--json", "--limit", "1", "--db", db});
    REQUIRE(r.code == 0);
    const auto rows = jsonLines(r.out);
    REQUIRE(rows.size() == 1);
    CHECK(rows[0]["what"] == "entry.set");
    CHECK(rows[0]["target"] == "l/job-a");
    CHECK(rows[0]["before"]["active"] == true);
    CHECK(rows[0]["after"]["active"] == false);
    CHECK(rows[0]["change"] == "/active: true -> false");
    r = runCli({"audit", "--db", db});
    CHECK_THAT(r.out, Catch::Contains("WHAT") && Catch::Contains("CHANGE") && Catch::Contains("entry.set"));
    CHECK_THAT(r.out, Catch::Contains("l/job-a  /active: true -> false\n"));
    CHECK_THAT(r.out, Catch::Contains("l/job-a  created\n"));
}
