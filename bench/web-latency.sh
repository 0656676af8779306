#!/usr/bin/env bash
# How late a web listener hears the interpreter: WebRTC through Janus against the Icecast
# stream, on tone bursts, in one run (bench/WebListenerLatency.cpp). Runs it in a private
# network namespace of its own (unshare -n: root), as WebRTC needs an address Janus offers and
# nothing may leave the machine. Not part of the tests; prints a JSON report.
#   bench/web-latency.sh [SECONDS]      (default 60)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${BUILD_DIR:-build}
exec unshare -n "$build/bench/dragoman_web_latency" "${1:-60}" 2>/dev/null
