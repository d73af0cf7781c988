#include <cerrno>
#include <cstring>
#include <iostream>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/commands.hpp"
#include "engine/file_ingest.hpp"
#include "store/database.hpp"
#include "store/event_store.hpp"

namespace switchboard::cli {

namespace {

// How many quarantined lines are named on stderr; the rest are counted (all are in the store).
constexpr int64_t kNamedQuarantined = 20;

struct IngestArgs {
    std::vector<std::string> files;
};

// Opening every file before storing anything makes a typo in the third name fail the whole
// command cleanly instead of leaving the first two files stored and the exit code ambiguous.
void checkReadable(const std::vector<std::string>& files) {
    int stdinCount = 0;
    for (const std::string& file : files) {
        if (file == "-") {
            if (++stdinCount > 1) throw UsageError{"'-' (stdin) can be given only once"};
            continue;
        }
        const int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
        if (fd < 0) throw std::runtime_error("cannot open " + file + ": " + std::strerror(errno));
        // A directory opens; it fails only at its first read, after earlier files were stored.
        struct stat st {};
        const bool directory = ::fstat(fd, &st) == 0 && S_ISDIR(st.st_mode);
        ::close(fd);
        if (directory) throw std::runtime_error("cannot read " + file + ": it is a directory");
    }
}

void printCounts(const store::InsertCounts& counts) {
    std::cout << "stored " << counts.stored << ", duplicates " << counts.duplicates
              << ", quarantined " << counts.quarantined << "\n";
}

}  // namespace

void registerIngest(CLI::App& app, Context& ctx) {
    auto args = std::make_shared<IngestArgs>();
    CLI::App* cmd = app.add_subcommand("ingest", "Store message lines from files in the database");
    cmd->add_option("FILE", args->files,
                    "Files of message lines, one JSON object per line ('-' reads stdin)")
        ->required();
    cmd->footer(
        "Each line is a fedora-messaging record, a datagrepper raw message or a bare body.\n"
        "Prints 'stored N, duplicates N, quarantined N'. A line that cannot be parsed is kept\n"
        "byte for byte in quarantine with its reason and line number (the first few are named\n"
        "on stderr). A message already stored (same file and message id, or same topic and body)\n"
        "counts as a duplicate.\n"
        "A large ingest (files of at least about 100,000 messages, and as many as the database\n"
        "holds) builds the event filter indexes once at its end, which is faster; meanwhile\n"
        "filters read the whole table.\n"
        "Every FILE is opened before anything is stored: if one is missing or unreadable,\n"
        "nothing is ingested and the command fails naming it.\n"
        "Exit: 0 all stored, 1 error (nothing stored if a file was missing), 2 usage error,\n"
        "3 some lines quarantined.");
    cmd->callback([args, &ctx] {
        checkReadable(args->files);
        // Only this thread uses the connection: the parser's thread never touches it, and the
        // background checkpoint opens its own.
        store::Database db(ctx.dbPath(), store::Guard::NoMutex);
        store::EventStore events(db);
        engine::FileIngest ingest(events);
        int64_t named = 0;
        ingest.onQuarantined = [&named](const store::QuarantineItem& item) {
            if (++named > kNamedQuarantined) return;
            std::cerr << item.source << ":" << item.line << ": quarantined: " << item.reason
                      << "\n";
        };
        try {
            ingest.onBuildingIndexes = [](size_t indexes) {
                std::cerr << "switchboard: building the " << indexes
                          << " event filter indexes left for the end...\n";
            };
            ingest.ingestFiles(args->files);
        } catch (...) {
            // What was committed before a read error stays stored; say how much.
            printCounts(ingest.totals());
            throw;
        }
        if (!ingest.indexProblem().empty())
            std::cerr << "switchboard: every line is stored, but these event filter indexes "
                         "could not be built: "
                      << ingest.indexProblem()
                      << ". Filters that need them read the whole table until the next "
                         "switchboard started on the database builds them.\n";
        const store::InsertCounts& totals = ingest.totals();
        if (named > kNamedQuarantined)
            std::cerr << "... and " << (named - kNamedQuarantined)
                      << " more quarantined lines (all kept in the quarantine table)\n";
        printCounts(totals);
        ctx.exitCode = totals.quarantined > 0 ? kExitPartial : kExitOk;
    });
}

}  // namespace switchboard::cli
