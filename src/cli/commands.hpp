// One registration function per command family; each lives in its own cmd_*.cpp and adds its
// subcommands (with their --help text and callbacks) to the top-level app.
#pragma once

#include <CLI/CLI.hpp>

#include "cli/context.hpp"

namespace switchboard::cli {

void registerClassify(CLI::App& app, Context& ctx);     // classify
void registerIngest(CLI::App& app, Context& ctx);       // ingest
void registerEvents(CLI::App& app, Context& ctx);       // events
void registerQuarantine(CLI::App& app, Context& ctx);   // quarantine list|show
void registerPrune(CLI::App& app, Context& ctx);        // prune
void registerCompact(CLI::App& app, Context& ctx);      // compact
void registerConnections(CLI::App& app, Context& ctx);  // connections add|list|remove
void registerServe(CLI::App& app, Context& ctx);        // serve
void registerLists(CLI::App& app, Context& ctx);        // lists import|export|show|set|fire
void registerRules(CLI::App& app, Context& ctx);        // rules import|export|test
void registerAudit(CLI::App& app, Context& ctx);        // audit
void registerBackends(CLI::App& app, Context& ctx);     // backends add|list|remove
void registerPointers(CLI::App& app, Context& ctx);     // pointers add|list|remove|apply
void registerJobs(CLI::App& app, Context& ctx);         // fire, stop, runs, retrigger

// `lists fire` belongs to the jobs layer; registerLists calls this with its `lists` subcommand.
void registerListsFire(CLI::App& lists, Context& ctx);

}  // namespace switchboard::cli
