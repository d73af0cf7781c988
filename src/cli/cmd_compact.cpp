// `switchboard compact`: rewrites the database file after a large prune, or to move a database
// from before schema 5 to 16 KiB pages. Needs the file to itself (stop serve and the console).
#include <cstdio>
#include <iostream>

#include "cli/commands.hpp"
#include "store/compact.hpp"

namespace switchboard::cli {

namespace {

std::string megabytes(int64_t bytes) {
    char text[32];
    std::snprintf(text, sizeof text, "%.1f MB", static_cast<double>(bytes) / 1e6);
    return text;
}

}  // namespace

void registerCompact(CLI::App& app, Context& ctx) {
    CLI::App* cmd = app.add_subcommand(
        "compact",
        "Rewrite the database file to give back space pruned rows left (stop serve and the "
        "console first)");
    cmd->callback([&ctx] {
        const store::CompactResult r = store::compact(ctx.dbPath());
        std::cout << "compacted " << megabytes(r.bytesBefore) << " to " << megabytes(r.bytesAfter);
        if (r.pageSizeBefore != r.pageSizeAfter)
            std::cout << ", pages " << r.pageSizeBefore << " to " << r.pageSizeAfter << " bytes";
        std::cout << "\n";
        ctx.exitCode = kExitOk;
    });
}

}  // namespace switchboard::cli
