// What every subcommand shares: the database option and the exit code it reports.
// Main thread only.
#pragma once

#include <string>

namespace switchboard::cli {

enum ExitCode { kExitOk = 0, kExitRuntime = 1, kExitUsage = 2, kExitPartial = 3 };

struct Context {
    std::string dbOption;  // --db as given; empty when not given
    int exitCode = kExitOk;

    // --db, else $SWITCHBOARD_DB, else the XDG default.
    std::string dbPath() const;
};

// Thrown by a subcommand for a usage error that CLI11 cannot see (a bad combination of options,
// a value that does not parse): run() prints it with the usage hint and exits 2.
struct UsageError {
    std::string message;
};

}  // namespace switchboard::cli
