#include "cli/commands.hpp"

namespace switchboard::cli {

void registerEvents(CLI::App& app, Context& ctx) {
    (void)app;
    (void)ctx;
}

}  // namespace switchboard::cli
