#!/usr/bin/env bash
# Runs the whole suite (scripts/test.sh) several times in a row with two CPU hogs beside it
# (stress-ng --cpu 2, on a 2-core machine: every core busy), as a loaded CI machine or a busy
# laptop would. Every run must pass; a test that fails here waits for a fixed time instead of
# the condition it asserts, or the product drops audio under load.
# Usage: scripts/test-under-load.sh [RUNS]   (default 3; logs in build-load/)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
./scripts/install-deps.sh
mkdir -p build-load
stress-ng --cpu 2 --quiet &
hogs=$!
trap 'kill "$hogs" 2>/dev/null; wait "$hogs" 2>/dev/null || true' EXIT
for ((run = 1; run <= runs; ++run)); do
  started=$SECONDS
  log=build-load/run-$run.log
  if ./scripts/test.sh >"$log" 2>&1; then
    echo "run $run of $runs under load: passed in $((SECONDS - started)) s ($log)"
  else
    echo "run $run of $runs under load: FAILED after $((SECONDS - started)) s; see $log"
    grep -E "FAILED|\*\*\*Failed|Failed|Error" "$log" | tail -20
    exit 1
  fi
done
echo "$runs runs in a row passed under load"
