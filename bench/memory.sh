#!/usr/bin/env bash
# Resident memory of `dragoman run` (the engine process and its device host) with the summit
# and with the largest benchmark conference (32 languages, 32 booths of 2 consoles, stereo
# floor), each on a dummy JACK server with every device channel it asks for, after 10 s of
# running. Prints one line per session: "memory SESSION run_kib=N ..." (see the echo below).
#   bench/memory.sh            (BUILD_DIR=build by default)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${BUILD_DIR:-build}

source bench/scratch-dir.sh memory

"$build/bench/dragoman_conference_session" 32 >"$work/conference-32.json"
cp docs/examples/summit.json "$work/summit.json"

kib() { awk -v key="$2:" '$1 == key { print $2 }' "/proc/$1/status"; }

measure() { # NAME SESSION INPUTS OUTPUTS
  local name=$1 session=$2
  export JACK_DEFAULT_SERVER=dragoman-memory-$$-$name JACK_NO_AUDIO_RESERVATION=1
  jackd --no-realtime -n "$JACK_DEFAULT_SERVER" -d dummy -r 48000 -p 64 -C "$3" -P "$4" \
    >"$work/jackd-$name.log" 2>&1 &
  local jack=$!
  pids+=("$jack")
  sleep 2
  "$build/engine/dragoman" run "$session" --device system --block 64 --osc-port 0 \
    --seconds 14 >"$work/run-$name.log" 2>&1 &
  local run=$!
  pids+=("$run")
  sleep 10
  local host
  host=$(pgrep -P "$run" | head -1)
  if [[ -z $host ]] || ! kill -0 "$run" 2>/dev/null; then
    echo "memory: dragoman run did not keep running with $name:" >&2
    cat "$work/run-$name.log" >&2
    exit 1
  fi
  # The device host's resident set is mostly JACK's shared memory (the server's port
  # buffers, mapped into every client): shown apart from its own (anonymous) memory.
  echo "memory $name run_kib=$(kib "$run" VmRSS) run_peak_kib=$(kib "$run" VmHWM)" \
    "device_host_kib=$(kib "$host" VmRSS) device_host_own_kib=$(kib "$host" RssAnon)" \
    "device_host_shared_kib=$(kib "$host" RssShmem)"
  wait "$run" || true
  kill -INT "$jack"
  wait "$jack" 2>/dev/null || true
}

measure summit "$work/summit.json" 4 8
measure conference-32 "$work/conference-32.json" 66 96
