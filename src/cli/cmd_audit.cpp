// `switchboard audit [--limit N] [--json]`: the append-only log of edits, newest first, each with
// what it changed in a line (engine::auditChange).
#include <algorithm>
#include <iostream>
#include <memory>

#include "cli/commands.hpp"
#include "cli/number_checks.hpp"
#include "cli/table.hpp"
#include "engine/audit_change.hpp"
#include "model/event.hpp"
#include "model/json_dump.hpp"
#include "store/audit_log.hpp"
#include "store/database.hpp"

namespace switchboard::cli {

void registerAudit(CLI::App& app, Context& ctx) {
    struct Options {
        int64_t limit = 50;
        bool json = false;
    };
    auto opts = std::make_shared<Options>();
    CLI::App* audit = app.add_subcommand("audit", "Show who changed which list, entry, rule, backend or connection");
    audit->add_option("--limit", opts->limit, "rows to show, newest first (default 50; 0 = all)")
        ->check(zeroOrMore());
    audit->add_flag("--json", opts->json, "one JSON object per line, with before and after");
    audit->callback([opts, &ctx] {
        store::Database db(ctx.dbPath());
        const auto rows = store::AuditLog(db).list(opts->limit);
        if (opts->json) {
            for (const auto& row : rows)
                std::cout << model::dumpJson(nlohmann::json{{"id", row.id},
                                            {"at", model::formatIso8601(row.at)},
                                            {"who", row.who},
                                            {"what", row.what},
                                            {"target", row.target},
                                            {"before", row.before},
                                            {"after", row.after},
                                            {"change", engine::auditChange(row.before, row.after)}})
                          << "\n";
            return;
        }
        Table table({"ID", "AT", "WHO", "WHAT", "TARGET", "CHANGE"});
        table.minWidth(0, 6);
        for (const auto& row : rows)
            table.add({std::to_string(row.id), model::formatIso8601(row.at), row.who, row.what,
                       row.target, engine::auditChange(row.before, row.after)});
        table.print(std::cout);
    });
}

}  // namespace switchboard::cli
