// `switchboard lists fire NAME [--dry-run]`: health check, fire every active-now entry at once
// (bounded concurrency), then a summary of what fired, failed (with why) and was skipped.
// Exit 3 when any entry failed.
#include <iostream>

#include "cli/commands.hpp"
#include "cli/number_checks.hpp"
#include "jobs/list_fire.hpp"
#include "store/audit_log.hpp"
#include "store/database.hpp"
#include "store/list_store.hpp"

namespace switchboard::cli {

void registerListsFire(CLI::App& lists, Context& ctx) {
    struct Options {
        std::string name;
        bool dryRun = false;
        double healthTimeout = 60;
        size_t concurrency = 20;
        bool verbose = false;
    };
    auto opts = std::make_shared<Options>();
    CLI::App* fire = lists.add_subcommand(
        "fire", "Check backend health, fire every active-now entry, summarize what failed");
    fire->add_option("NAME", opts->name, "the list's name")->required();
    fire->add_flag("--dry-run", opts->dryRun, "show what would be sent; send and record nothing");
    fire->add_option("--health-timeout", opts->healthTimeout,
                     "seconds to wait for each backend to be healthy (default 60)")
        ->check(zeroOrMore());
    fire->add_option("--concurrency", opts->concurrency, "requests in flight at once (default 20)")
        ->check(oneOrMore());
    fire->add_flag("-v,--verbose", opts->verbose, "log every request (credentials redacted)");
    fire->callback([opts, &ctx] {
        std::optional<model::TriggerList> list;
        {
            store::Database db(ctx.dbPath());
            list = store::ListStore(db).get(opts->name);
        }
        if (!list)
            throw std::runtime_error("no list named '" + opts->name + "' (see `lists show`)");
        jobs::ListFireOptions options;
        options.dryRun = opts->dryRun;
        options.healthTimeout =
            std::chrono::milliseconds(static_cast<int64_t>(opts->healthTimeout * 1000));
        options.concurrency = opts->concurrency;
        options.who = store::currentUser();
        options.progress = [](const std::string& line) { std::cerr << line << "\n"; };
        if (opts->verbose)
            options.dispatcher.log = [](const std::string& line) { std::cerr << line << "\n"; };
        const auto result = jobs::fireList(ctx.dbPath(), *list, options);

        for (const auto& p : result.previews)
            std::cout << "would send " << p.job << ": " << p.request << "\n";
        for (const auto& f : result.fired)
            std::cout << "fired   " << f.job << " (run " << f.runId
                      << (f.externalId.empty() ? "" : ", " + f.externalId) << ")\n";
        for (const auto& f : result.failed)
            std::cout << "FAILED  " << f.job << ": " << f.reason
                      << (f.runId ? " (run " + std::to_string(f.runId) + ")" : "") << "\n";
        for (const auto& s : result.skipped)
            std::cout << "skipped " << s.job << " (" << s.state << ")\n";
        std::cout << (opts->dryRun ? "would fire " : "fired ")
                  << (opts->dryRun ? result.previews.size() : result.fired.size()) << ", failed "
                  << result.failed.size() << ", skipped " << result.skipped.size() << "\n";
        if (!result.failed.empty()) ctx.exitCode = kExitPartial;
    });
}

}  // namespace switchboard::cli
