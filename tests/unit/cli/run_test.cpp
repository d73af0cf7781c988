// Which argv goes to the command line and which opens the console (src/cli/run.cpp).
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "cli/run.hpp"
#include "cli_harness.hpp"

namespace {
bool wants(std::vector<std::string> args) {
    args.insert(args.begin(), "switchboard");
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    return switchboard::cli::wantsSubcommand(static_cast<int>(argv.size()), argv.data());
}
}  // namespace

TEST_CASE("a subcommand first, or after --db, runs the command line") {
    CHECK(wants({"events", "--count"}));
    CHECK(wants({"--db", "/tmp/x.db", "ingest", "f.jsonl"}));
    CHECK(wants({"--db=/tmp/x.db", "runs"}));
}

TEST_CASE("console options whose values are subcommand names still open the console") {
    CHECK_FALSE(wants({}));
    CHECK_FALSE(wants({"--demo"}));
    CHECK_FALSE(wants({"--view", "rules"}));
    CHECK_FALSE(wants({"--db", "/tmp/x.db", "--view", "runs"}));
    CHECK_FALSE(wants({"--theme", "light"}));
}

TEST_CASE("every command of DESIGN section 6 is a subcommand") {
    const auto& names = switchboard::cli::subcommandNames();
    for (const char* name :
         {"classify", "ingest", "events", "prune", "compact", "connections", "serve", "lists",
          "rules", "backends", "fire", "stop", "runs", "audit"})
        CHECK(std::find(names.begin(), names.end(), name) != names.end());
}

TEST_CASE("a mistyped command or option in front of it is named, with exit 2") {
    sbtest::TempDir t;
    auto r = sbtest::runCli({"evnets", "--count", "--db", t.db()});
    CHECK(r.code == 2);
    CHECK(r.err.find("unknown command 'evnets'") != std::string::npos);
    r = sbtest::runCli({"--bogus", "events"});
    CHECK(r.code == 2);
    CHECK(r.err.find("unknown option '--bogus'") != std::string::npos);
    r = sbtest::runCli({"--db", t.db(), "events", "--count"});  // --db in front is not one
    CHECK(r.code == 0);
}

TEST_CASE("a number out of range says the bound in words") {
    sbtest::TempDir t;
    const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
        {{"runs", "--limit", "0"}, "--limit: must be 1 or more, not 0"},
        {{"prune", "--keep-events", "0"}, "--keep-events: must be 1 or more, not 0"},
        {{"audit", "--limit", "-1"}, "--limit: must be 0 or more, not -1"},
        {{"quarantine", "list", "--limit", "-3"}, "--limit: must be 0 or more, not -3"},
        {{"fire", "j", "--backend", "b", "--wait", "x"}, "--wait: 'x' is not a number"},
    };
    for (const auto& [args, says] : cases) {
        std::vector<std::string> withDb = args;
        withDb.insert(withDb.end(), {"--db", t.db()});
        const auto r = sbtest::runCli(withDb);
        INFO(args[0] << ": " << r.err);
        CHECK(r.code == 2);
        CHECK(r.err.find(says) != std::string::npos);
        CHECK(r.err.size() < 300);  // not the 300 digits of the largest double
    }
}
