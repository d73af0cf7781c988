#!/usr/bin/env bash
# The long fuzz run (issue 3): every libFuzzer target under fuzz/ for 10 minutes each through
# scripts/fuzz.sh long, in its own build directory so that its corpus keeps growing from one long
# run to the next apart from CI's short runs. Prints one summary line per target: executions,
# rate, coverage and corpus size. No CMake target: it builds fuzz/ itself with clang.
# Usage: bench/fuzz/run.sh            (SB_FUZZ_BUILD_DIR overrides build/fuzz-long)
# Exit: 0 when no target crashed, 1 on a crash (the input is named), as scripts/fuzz.sh.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
export SB_FUZZ_BUILD_DIR=${SB_FUZZ_BUILD_DIR:-$root/build/fuzz-long}

echo "fuzz (long): $(date -u +%Y-%m-%dT%H:%M:%SZ), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
set +e
scripts/fuzz.sh long
status=$?
set -e

# libFuzzer's last status line ("#N<tab>DONE cov: C ft: F corp: U/S ...") holds the coverage
# figures.
for log in "$SB_FUZZ_BUILD_DIR"/fuzz_*.log; do
  [ -f "$log" ] || continue
  name=$(basename "$log" .log)
  done_line=$(grep -E '^#[0-9]+[[:space:]]+DONE' "$log" | tail -1 || true)
  cov=$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$done_line")
  ft=$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$done_line")
  corp=$(sed -n 's/.* corp: \([0-9]*\/[0-9a-zA-Z]*\).*/\1/p' <<<"$done_line")
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
  echo "$name: ${runs:-?} runs, ${rate:-?} exec/s, coverage ${cov:-?} edges / ${ft:-?} features, corpus ${corp:-?}"
done
exit "$status"
