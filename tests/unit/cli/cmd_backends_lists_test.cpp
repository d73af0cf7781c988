// backends add and lists set: what they refuse, and how.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

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

TEST_CASE("backends add refuses a URL its type cannot send to, and an option of the wrong type") {
    TempDir t;
    struct Case {
        std::vector<std::string> args;
        std::string says;
    };
    const std::vector<Case> refused = {
        {{"--type", "jenkins", "--url", "ftp://x"}, "starts with http://, https://"},
        {{"--type", "gangway", "--url", "127.0.0.1:8080"}, "starts with http://, https://"},
        {{"--type", "publish", "--url", "http://127.0.0.1"}, "amqp://, amqps://, stomp://"},
        // The publisher reads its STOMP forms only as written: STOMP:// would fail every fire.
        {{"--type", "publish", "--url", "STOMP://umb.example:61612"},
         "stomp+tls://, failover:(...)"},
        {{"--type", "jenkins", "--url", "https://"}, "names no host"},
        {{"--type", "jobtrigger", "--url", "http://127.0.0.1", "--option", "templates={bad"},
         "option 'templates' is a JSON object"},
        {{"--type", "jenkins", "--url", "http://127.0.0.1", "--option", "timeout_ms=soon"},
         "option 'timeout_ms' is a whole number"},
    };
    for (const Case& c : refused) {
        std::vector<std::string> args = {"backends", "add", "b"};
        args.insert(args.end(), c.args.begin(), c.args.end());
        args.insert(args.end(), {"--db", t.db()});
        const auto r = runCli(args);
        INFO(c.args[1] << " " << c.args[3] << ": " << r.err);
        CHECK(r.code == 2);
        CHECK(r.err.find(c.says) != std::string::npos);
    }
    CHECK(runCli({"backends", "list", "--db", t.db()}).out.find("\nb ") == std::string::npos);
    // What each type sends to, in any case, is stored; a dry run needs no URL at all.
    for (const std::vector<std::string>& ok :
         {std::vector<std::string>{"j", "--type", "jenkins", "--url", "HTTPS://jenkins.example/"},
          {"p", "--type", "publish", "--url", "stomp+ssl://umb.example:61612"},
          {"q", "--type", "publish", "--url", "AMQP://127.0.0.1/%2f"},
          {"u", "--type", "publish", "--url",
           "failover:(stomp+ssl://umb-1.example:61612,stomp+ssl://umb-2.example:61612)"},
          {"t", "--type", "publish", "--url", "stomp+tls://umb.example:61612"},
          {"g", "--type", "gangway", "--url", "http://127.0.0.1:8080", "--option",
           "timeout_ms=\"2000\""},
          {"d", "--type", "dryrun"}}) {
        std::vector<std::string> args = {"backends", "add"};
        args.insert(args.end(), ok.begin(), ok.end());
        args.insert(args.end(), {"--db", t.db()});
        const auto r = runCli(args);
        INFO(ok[0] << ": " << r.err);
        CHECK(r.code == 0);
    }
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
