// The `switchboard` executable: a subcommand runs the command line; anything else opens the console.
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "app.hpp"
#include "quit_signals.hpp"
#include "cli/allocator.hpp"
#include "cli/run.hpp"
#include "store/database.hpp"

namespace {

const char* kUsage =
    "usage: switchboard [--db PATH] [--demo] [--theme dark|light] [--view NAME]\n"
    "                   [--screenshot FILE.png [--frames N]] [--screenshot-dir DIR] [--size WxH]\n"
    "       switchboard COMMAND ...   (run 'switchboard --help-commands' for the command line)\n"
    "\n"
    "  --db PATH          database (default: $SWITCHBOARD_DB, else $XDG_DATA_HOME/switchboard/switchboard.db)\n"
    "  --demo             replay the bundled events with example lists, rules and a dry-run backend\n"
    "  --theme T          dark or light (default: the saved choice)\n"
    "  --view NAME        start on this view: feed, detail, runs, lists, rules, connections, audit\n"
    "  --screenshot FILE  save a PNG of the window after N frames (--frames, default 30), then exit\n"
    "  --screenshot-dir D save D/<view>.png for every view, then exit\n"
    "  --history N        hold at most N events of history (default 1000000)\n";

int usageError(const std::string& message) {
    std::fprintf(stderr, "switchboard: %s\nRun 'switchboard --help' for usage.\n", message.c_str());
    return 2;
}

}  // namespace

int main(int argc, char** argv) {
    if (switchboard::cli::wantsSubcommand(argc, argv)) return switchboard::cli::run(argc, argv);
    // The console reads the bus as serve does (a connection's thread allocates, the ingest
    // thread frees); a subcommand sets what it needs itself.
    switchboard::cli::tuneAllocator();
    switchboard::ui::catchQuitSignals();  // before any thread starts
    switchboard::ui::AppOptions options;
    std::string db;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        auto value = [&](const char* name) -> const char* {
            if (i + 1 >= argc) return nullptr;
            (void)name;
            return argv[++i];
        };
        const char* v = nullptr;
        if (arg == "--help" || arg == "-h") {
            std::fputs(kUsage, stdout);
            return 0;
        } else if (arg == "--help-commands") {
            char help[] = "--help";
            char* args[] = {argv[0], help, nullptr};
            return switchboard::cli::run(2, args);
        } else if (arg == "--bench-empty") {
            options.benchEmpty = true;
        } else if (arg == "--demo") {
            options.demo = true;
        } else if (arg == "--db" || arg == "--theme" || arg == "--view" || arg == "--screenshot" ||
                   arg == "--screenshot-dir" || arg == "--frames" || arg == "--size" ||
                   arg == "--history" || arg == "--demo-rate" || arg == "--bench-out" ||
                   arg == "--bench-frames" || arg == "--bench-filter") {
            if (!(v = value(arg.c_str()))) return usageError(arg + " needs a value");
            if (arg == "--db") db = v;
            else if (arg == "--theme") {
                options.theme = v;
                if (options.theme != "dark" && options.theme != "light")
                    return usageError("--theme is dark or light, not '" + options.theme + "'");
            } else if (arg == "--view") options.view = v;
            else if (arg == "--screenshot") options.screenshot = v;
            else if (arg == "--screenshot-dir") options.screenshotDir = v;
            else if (arg == "--frames") options.frames = std::atoi(v);
            else if (arg == "--history") options.historyLimit = std::strtoull(v, nullptr, 10);
            else if (arg == "--demo-rate") options.demoRate = std::atof(v);
            else if (arg == "--bench-out") options.benchOut = v;
            else if (arg == "--bench-frames") options.benchFrames = std::atoi(v);
            else if (arg == "--bench-filter") options.benchFilter = v;
            else if (std::sscanf(v, "%dx%d", &options.width, &options.height) != 2)
                return usageError("--size is WIDTHxHEIGHT, e.g. 1280x800");
        } else {
            return usageError("unknown option '" + arg + "'");
        }
    }
    options.dbPath = switchboard::store::resolveDbPath(db);
    options.assetsDir = switchboard::ui::findAssetsDir(argv[0]);
    return switchboard::ui::runApp(options);
}
