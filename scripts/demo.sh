#!/usr/bin/env bash
# Sets up, builds and runs the demo: half a minute of the summit example rendered offline
# (no sound card, no input files). Output: demo-out/*.wav and demo-out/timeline.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo
cmake --build build -j"$(nproc)" --target dragoman
./build/engine/dragoman demo --out demo-out "$@"
