#!/usr/bin/env bash
# Builds Switchboard and opens the console on its embedded default: a SQLite file in the user's
# data dir, the bundled demo events replayed live, example lists and rules, and dry-run jobs.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh build
cmake -S . -B build/release -G Ninja -DCMAKE_BUILD_TYPE=Release -DSB_BUILD_TESTS=OFF >/dev/null
cmake --build build/release -j"$(nproc)"
exec build/release/ui/switchboard --demo "$@"
