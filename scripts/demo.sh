#!/usr/bin/env bash
# Sets up, builds and runs the demo: half a minute of the summit example rendered offline
# (no sound card, no input files). Output: demo-out/*.wav and demo-out/timeline.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh engine # the engine's libraries only: no JUCE, no test toolchain
# A build directory of its own: the engine alone, configured without the plugin and the tests.
cmake -S . -B build-demo -DCMAKE_BUILD_TYPE=RelWithDebInfo -DDRAGOMAN_BUILD_PLUGINS=OFF \
  -DDRAGOMAN_BUILD_TESTS=OFF -DDRAGOMAN_BUILD_BENCH=OFF
cmake --build build-demo -j"$(nproc)" --target dragoman
./build-demo/engine/dragoman demo --out demo-out "$@"
