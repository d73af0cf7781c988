// Entry point of the headless build: every subcommand, no console window.
#include "cli/run.hpp"

int main(int argc, char** argv) {
    return switchboard::cli::run(argc, argv);
}
