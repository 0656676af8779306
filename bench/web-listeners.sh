#!/usr/bin/env bash
# Web listeners measured (bench/WebListenerBench.cpp), in a private network namespace of its own
# (unshare -n: root), as WebRTC needs an address Janus offers and nothing may leave the machine.
# Not part of the tests; prints a JSON report.
#   bench/web-listeners.sh latency [SECONDS]   WebRTC through Janus against the Icecast stream,
#                                              on tone bursts, in one run (default 60 s)
#   bench/web-listeners.sh listeners [N ...]   listeners one Janus serves, and its CPU
#                                              (default 50 100 200 400)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${BUILD_DIR:-build}
mode=${1:-latency}
shift || true
if [[ $mode == latency ]]; then
  exec unshare -n "$build/bench/dragoman_web_bench" latency "${1:-60}" 2>/dev/null
fi
counts=("$@")
((${#counts[@]})) || counts=(50 100 200 400)
exec unshare -n "$build/bench/dragoman_web_bench" listeners "${counts[@]}" 2>/dev/null
