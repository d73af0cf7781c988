#include "cli/commands.hpp"

namespace switchboard::cli {

void registerListsFire(CLI::App& lists, Context& ctx) {
    (void)lists;
    (void)ctx;
}

}  // namespace switchboard::cli
