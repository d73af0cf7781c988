#include "cli/run.hpp"

#include <algorithm>
#include <cstring>
#include <iostream>

#include "cli/commands.hpp"
#include "store/database.hpp"

namespace switchboard::cli {

std::string Context::dbPath() const { return store::resolveDbPath(dbOption); }

namespace {

void buildApp(CLI::App& app, Context& ctx) {
    app.description("Switchboard: an operator console for CI message buses.");
    app.require_subcommand(1);
    app.fallthrough();  // --db is accepted before or after the subcommand
    app.add_option("--db", ctx.dbOption,
                   "SQLite database (default: $SWITCHBOARD_DB, else "
                   "$XDG_DATA_HOME/switchboard/switchboard.db)");
    registerClassify(app, ctx);
    registerIngest(app, ctx);
    registerEvents(app, ctx);
    registerQuarantine(app, ctx);
    registerPrune(app, ctx);
    registerCompact(app, ctx);
    registerConnections(app, ctx);
    registerServe(app, ctx);
    registerLists(app, ctx);
    registerRules(app, ctx);
    registerAudit(app, ctx);
    registerBackends(app, ctx);
    registerPointers(app, ctx);
    registerJobs(app, ctx);
}

}  // namespace

const std::vector<std::string>& subcommandNames() {
    static const std::vector<std::string> kNames = [] {
        Context ctx;
        CLI::App app{"switchboard"};
        buildApp(app, ctx);
        std::vector<std::string> names;
        for (const CLI::App* sub : app.get_subcommands({})) names.push_back(sub->get_name());
        return names;
    }();
    return kNames;
}

namespace {
// Where the command's name would be: first, after --db at most. Anything later may be the value
// of a console option (`--view rules` opens the console on its Rules view). argc when none.
int commandIndex(int argc, char** argv) {
    int i = 1;
    while (i < argc && std::strncmp(argv[i], "--db", 4) == 0)
        i += std::strcmp(argv[i], "--db") == 0 ? 2 : 1;
    return std::min(i, argc);
}

bool isCommand(const char* word) {
    const auto& names = subcommandNames();
    return std::find(names.begin(), names.end(), word) != names.end();
}
}  // namespace

bool wantsSubcommand(int argc, char** argv) {
    const int i = commandIndex(argc, argv);
    return i < argc && isCommand(argv[i]);
}

namespace {
// CLI11 answers a mistyped command or option in front of the command with "A subcommand is
// required", which hides the typo: this names it. Empty when the first word is fine.
std::string firstWordProblem(int argc, char** argv) {
    const int i = commandIndex(argc, argv);
    if (i >= argc || isCommand(argv[i])) return {};
    const std::string word = argv[i];
    if (word == "--help" || word == "-h" || word == "--help-all") return {};
    if (word.rfind('-', 0) == 0) return "unknown option '" + word + "' (the command comes first)";
    return "unknown command '" + word + "'";
}
}  // namespace

int run(int argc, char** argv) {
    Context ctx;
    CLI::App app{"switchboard"};
    app.name("switchboard");
    buildApp(app, ctx);
    try {
        if (const std::string problem = firstWordProblem(argc, argv); !problem.empty())
            throw UsageError{problem};
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForAllHelp& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        std::cerr << "switchboard: " << e.what() << "\n"
                  << "Run 'switchboard --help' (or 'switchboard COMMAND --help') for usage.\n";
        return kExitUsage;
    } catch (const UsageError& e) {
        std::cerr << "switchboard: " << e.message << "\n"
                  << "Run 'switchboard --help' (or 'switchboard COMMAND --help') for usage.\n";
        return kExitUsage;
    } catch (const std::exception& e) {
        std::cerr << "switchboard: " << e.what() << "\n";
        return kExitRuntime;
    }
    return ctx.exitCode;
}

}  // namespace switchboard::cli
