#!/usr/bin/env bash
# Builds Switchboard with AddressSanitizer + UndefinedBehaviorSanitizer, starts throwaway brokers
# on loopback, and runs every test (unit, integration, GUI under Xvfb) and a short fuzz run.
# Usage: scripts/test.sh [ctest args...]
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

scripts/setup.sh test

# Compiler cache keyed on paths relative to the checkout, so a fresh clone elsewhere reuses it.
export CCACHE_BASEDIR=$root CCACHE_NOHASHDIR=1

build=${SB_TEST_BUILD_DIR:-$root/build/test}
# -Og -g1: with the sanitizers on, GCC's -O1 more than doubles the compile time of -Og (a cold
# build on CI's 2 cores: 18.2 min at -O1, 11.9 min at -Og), while ctest ran as fast on either
# (127 s); -O1 -g1 was itself half the time of -O2 -g. Line tables are all a sanitizer report needs.
cmake -S . -B "$build" -G Ninja -DSB_SANITIZE=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-Og -g1 -DNDEBUG" -DCMAKE_C_FLAGS_RELWITHDEBINFO="-Og -g1 -DNDEBUG" \
  >/dev/null
cmake --build "$build" -j"$(nproc)"

runtime=$(mktemp -d /tmp/switchboard-test.XXXXXX)
cleanup() {
  [ -x scripts/brokers.sh ] && scripts/brokers.sh stop "$runtime" || true
  rm -rf "$runtime"
}
trap cleanup EXIT
if [ -x scripts/brokers.sh ]; then
  # Prints the loopback ports as `export SB_...=...` lines for the integration tests.
  eval "$(scripts/brokers.sh start "$runtime")"
fi

# GL drivers under Xvfb leak by design; leaks in our code are caught by the non-GUI tests.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0:strict_string_checks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
export SB_TEST_RUNTIME_DIR=$runtime

ctest --test-dir "$build" --output-on-failure --timeout 600 -j"$(nproc)" "$@"

if [ -x scripts/fuzz.sh ]; then
  scripts/fuzz.sh short
fi
