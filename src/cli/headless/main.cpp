// Entry point of the headless build: every subcommand, no console window.
#include "cli/allocator.hpp"
#include "cli/run.hpp"

int main(int argc, char** argv) {
    switchboard::cli::tuneAllocator();
    return switchboard::cli::run(argc, argv);
}
