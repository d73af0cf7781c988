// backends add and lists set: what they refuse, and how.
#include <catch2/catch.hpp>

#include <string>

#include "cli_harness.hpp"

using sbtest::runCli;
using sbtest::TempDir;

TEST_CASE("backends add refuses an option whose name says it holds a secret, in any case") {
    TempDir t;
    for (const std::string option : {"Token=abc123", "api_key=zzz", "X-Auth-Password=hunter2",
                                     "AUTHORIZATION=Bearer x"}) {
        const auto r = runCli({"backends", "add", "jk", "--type", "jenkins", "--url",
                               "https://jenkins.example/", "--option", option, "--db", t.db()});
        INFO(option);
        CHECK(r.code == 2);
        CHECK(r.err.find("secrets are never stored") != std::string::npos);
        const std::string value = option.substr(option.find('=') + 1);
        CHECK(r.err.find(value) == std::string::npos);
    }
    CHECK(runCli({"backends", "list", "--db", t.db()}).out.find("jk") == std::string::npos);
    // A setting that only names a kind of login is not a secret.
    CHECK(runCli({"backends", "add", "jk", "--type", "jenkins", "--url", "https://jenkins.example/",
                  "--option", "auth=password", "--db", t.db()})
              .code == 0);
}

TEST_CASE("lists set with a bound that does not parse, or bounds out of order, is a usage error") {
    TempDir t;
    const std::string file = t.write("list.json", R"([{"job_name": "job1", "active": true}])");
    REQUIRE(runCli({"lists", "import", file, "--name", "L", "--db", t.db()}).code == 0);
    auto r = runCli({"lists", "set", "L", "job1", "--after", "next week", "--db", t.db()});
    CHECK(r.code == 2);
    CHECK(r.err.find("--after") != std::string::npos);
    r = runCli({"lists", "set", "L", "job1", "--after", "2026-12-01", "--until", "2026-11-01",
                "--db", t.db()});
    CHECK(r.code == 2);
    r = runCli({"lists", "set", "L", "job1", "--until", "2026-13-01", "--db", t.db()});
    CHECK(r.code == 2);
    r = runCli({"lists", "set", "L", "job1", "--after", "2026-11-01", "--until", "2026-12-01",
                "--db", t.db()});
    CHECK(r.code == 0);
    // A clear is no bound at all.
    CHECK(runCli({"lists", "set", "L", "job1", "--after", "", "--db", t.db()}).code == 0);
}
