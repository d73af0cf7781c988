#include <unistd.h>

#include <iostream>
#include <memory>

#include "cli/commands.hpp"
#include "ingest/classify_lines.hpp"

namespace switchboard::cli {

void registerClassify(CLI::App& app, Context& ctx) {
    auto* cmd = app.add_subcommand(
        "classify", "Normalize message lines from stdin into JSON lines (no database)");
    auto full = std::make_shared<bool>(false);
    cmd->add_flag("--full", *full, "Also print each message's body and headers");
    cmd->footer(
        "Each input line is one JSON object: a fedora-messaging record (topic, headers, body,\n"
        "optional id), a datagrepper raw message (topic, msg, msg_id, timestamp) or a bare body.\n"
        "Each output line is the normalized event: kind, event, subject, state, product, version,\n"
        "arch, component, tags, topic, source, msg_id, received_at. A line that cannot be read\n"
        "prints {\"error\": \"...\", \"line\": N} and the rest go on.\n"
        "Exit status: 0 when every line was read, 3 when some were not, 1 on a read error.");
    cmd->callback([&ctx, full] {
        ingest::ClassifyOptions options;
        options.full = *full;
        ingest::LineReader reader(STDIN_FILENO, options.limits.maxBytes);
        const ingest::ClassifyCounts counts = ingest::classifyLines(reader, std::cout, options);
        if (!reader.error().empty()) {
            std::cerr << "switchboard classify: " << reader.error() << "\n";
            ctx.exitCode = kExitRuntime;
        } else if (counts.failed > 0) {
            std::cerr << "switchboard classify: " << counts.failed << " of " << counts.lines
                      << " lines could not be read\n";
            ctx.exitCode = kExitPartial;
        }
    });
}

}  // namespace switchboard::cli
