#!/usr/bin/env bash
# Builds and runs the benchmarks (not part of the test command). Extra arguments go to
# Google Benchmark, e.g. --benchmark_filter=large32.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo
cmake --build build -j"$(nproc)" --target dragoman_bench
./build/bench/dragoman_bench "$@"
