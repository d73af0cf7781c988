#!/usr/bin/env bash
# Builds the libFuzzer targets under fuzz/ with Debian's clang and runs each one for a while.
# Usage: scripts/fuzz.sh short   20 s per target (CI, after the tests)
#        scripts/fuzz.sh long    10 min per target (bench)
# Seeds: every line of tests/fixtures/messages.jsonl as its own file, plus fuzz/corpus/<target>/
# when it exists. The grown corpus stays in the build dir between runs. Exits non-zero on a crash
# and prints the path of the input that caused it.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

mode=${1:-short}
case "$mode" in
  short) seconds=20 ;;
  long) seconds=600 ;;
  *) echo "usage: scripts/fuzz.sh short|long" >&2; exit 2 ;;
esac

build=${SB_FUZZ_BUILD_DIR:-$root/build/fuzz}
cxx=${SB_FUZZ_CXX:-clang++}
if ! command -v "$cxx" >/dev/null; then
  echo "fuzz: $cxx not found (scripts/setup.sh installs clang)" >&2
  exit 1
fi
mkdir -p "$build"
log=$build/build.log
generator=()
command -v ninja >/dev/null && generator=(-G Ninja)
if ! { cmake -S fuzz -B "$build" "${generator[@]}" -DCMAKE_CXX_COMPILER="$cxx" \
         -DCMAKE_BUILD_TYPE=RelWithDebInfo && cmake --build "$build" -j"$(nproc)"; } >"$log" 2>&1; then
  cat "$log" >&2
  echo "fuzz: build failed" >&2
  exit 1
fi

# One seed file per fixture line, named by line number.
seeds=$build/seeds
rm -rf "$seeds"
mkdir -p "$seeds"
n=0
while IFS= read -r line || [ -n "$line" ]; do
  n=$((n + 1))
  printf '%s' "$line" >"$seeds/fixture-$n.json"
done <tests/fixtures/messages.jsonl

status=0
for target in "$build"/fuzz_*; do
  [ -x "$target" ] && [ -f "$target" ] || continue
  name=$(basename "$target")
  corpus=$build/corpus/$name
  crashes=$build/crashes/$name
  mkdir -p "$corpus" "$crashes"
  dirs=("$corpus" "$seeds")
  [ -d "fuzz/corpus/$name" ] && dirs+=("fuzz/corpus/$name")
  out=$build/$name.log
  set +e
  "$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="$crashes/" "${dirs[@]}" >"$out" 2>&1
  rc=$?
  set -e
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$out" | tail -1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$out" | tail -1)
  if [ "$rc" -ne 0 ]; then
    status=1
    echo "fuzz: $name FAILED (exit $rc); last lines of $out:" >&2
    tail -n 30 "$out" >&2
    crash=$(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$out" | tail -1)
    echo "fuzz: $name crash input: ${crash:-(none written; see $out)}" >&2
  else
    echo "fuzz: $name ok, ${runs:-?} runs in ${seconds} s (${rate:-?} exec/s)"
  fi
done
exit "$status"
