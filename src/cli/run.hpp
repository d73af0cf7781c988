// The command line (DESIGN section 6): parses argv and runs one subcommand.
// Called on the main thread by both executables (the console's and the headless one).
#pragma once

#include <string>
#include <vector>

namespace switchboard::cli {

// Runs the subcommand argv names. Returns the process exit code: 0 ok, 1 runtime error (message
// on stderr), 2 usage error (one line and a hint on stderr), 3 partly done.
int run(int argc, char** argv);

// The names of every subcommand, so that a face can tell a subcommand from its own options.
const std::vector<std::string>& subcommandNames();

// True when argv names a subcommand first (after `--db PATH` at most).
bool wantsSubcommand(int argc, char** argv);

}  // namespace switchboard::cli
