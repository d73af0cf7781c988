// `switchboard audit [--limit N] [--json]`: the append-only log of edits, newest first, each with
// what it changed in a line (engine::auditChange).
#include <algorithm>
#include <iostream>
#include <memory>

#include "cli/commands.hpp"
#include "engine/audit_change.hpp"
#include "model/event.hpp"
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
        ->check(CLI::NonNegativeNumber);
    audit->add_flag("--json", opts->json, "one JSON object per line, with before and after");
    audit->callback([opts, &ctx] {
        store::Database db(ctx.dbPath());
        const auto rows = store::AuditLog(db).list(opts->limit);
        if (opts->json) {
            for (const auto& row : rows)
                std::cout << nlohmann::json{{"id", row.id},
                                            {"at", model::formatIso8601(row.at)},
                                            {"who", row.who},
                                            {"what", row.what},
                                            {"target", row.target},
                                            {"before", row.before},
                                            {"after", row.after},
                                            {"change", engine::auditChange(row.before, row.after)}}
                                 .dump()
                          << "\n";
            return;
        }
        size_t who = 3, what = 4, target = 6;
        for (const auto& row : rows) {
            who = std::max(who, row.who.size());
            what = std::max(what, row.what.size());
            target = std::max(target, row.target.size());
        }
        auto pad = [](const std::string& s, size_t w) { return s + std::string(w > s.size() ? w - s.size() + 2 : 2, ' '); };
        std::cout << pad("ID", 6) << pad("AT", 24) << pad("WHO", who) << pad("WHAT", what) << pad("TARGET", target) << "CHANGE\n";
        for (const auto& row : rows)
            std::cout << pad(std::to_string(row.id), std::max<size_t>(6, std::to_string(row.id).size()))
                      << pad(model::formatIso8601(row.at), 24) << pad(row.who, who) << pad(row.what, what)
                      << pad(row.target, target) << engine::auditChange(row.before, row.after) << "\n";
    });
}

}  // namespace switchboard::cli
