// `switchboard prune`: deletes event history a database no longer needs to keep, by age and/or
// by count; `--dry-run` only says how much would go. Runs, lists, rules and the audit log stay.
#include <iostream>
#include <memory>

#include "cli/commands.hpp"
#include "cli/number_checks.hpp"
#include "cli/retention_options.hpp"
#include "store/database.hpp"
#include "store/retention.hpp"

namespace switchboard::cli {

namespace {

constexpr int64_t kChunkRows = 20000;  // a writer beside us waits about 0.4 s at most

struct PruneArgs {
    std::string olderThan;
    int64_t keepEvents = 0;
    bool dryRun = false;
};

int prune(const PruneArgs& args, Context& ctx) {
    const store::RetentionPolicy policy =
        retentionPolicy(args.olderThan, "--older-than", args.keepEvents, "--keep-events");
    if (!policy.prunesAnything())
        throw UsageError{"say what to prune: --older-than AGE and/or --keep-events N"};
    store::Database db(ctx.dbPath());
    if (args.dryRun) {
        std::cout << "would prune "
                  << describePrune(store::pruneCandidates(db, policy, store::nowMs())) << "\n";
    } else {
        // Bigger transactions than serve's pruning (which must not hold up its ingest): the
        // random pages of the subject index are written once per transaction, so 500,000 of a
        // million events go in 11 s in chunks of 20,000 against 20 s in chunks of 2,000.
        db.checkpointInBackground();
        std::cout << "pruned "
                  << describePrune(store::prune(db, policy, store::nowMs(), kChunkRows)) << "\n";
    }
    return kExitOk;
}

}  // namespace

void registerPrune(CLI::App& app, Context& ctx) {
    auto args = std::make_shared<PruneArgs>();
    CLI::App* cmd = app.add_subcommand(
        "prune", "Delete old events and quarantined messages (runs, lists and audit stay)");
    cmd->add_option("--older-than", args->olderThan,
                    "Events and quarantined messages received longer ago than AGE (90s, 45m, 12h, "
                    "30d, 2w)");
    cmd->add_option("--keep-events", args->keepEvents,
                    "Keep at most N events, the newest; older ones go")
        ->check(oneOrMore());
    cmd->add_flag("--dry-run", args->dryRun, "Only count what would be deleted");
    cmd->callback([args, &ctx] { ctx.exitCode = prune(*args, ctx); });
}

}  // namespace switchboard::cli
