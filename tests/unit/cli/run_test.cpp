// Which argv goes to the command line and which opens the console (src/cli/run.cpp).
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "cli/run.hpp"

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
