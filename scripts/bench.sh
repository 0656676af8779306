#!/usr/bin/env bash
# Sets up, builds and runs every benchmark (not part of the test command), then writes the
# tables and plot of docs/benchmarks.md from that one run: bench-out/report.md and
# docs/images/benchmark-cost.png. About ten minutes; run it on an otherwise idle machine.
# Extra arguments go to Google Benchmark, e.g. --benchmark_filter=engine (the report then
# covers what ran).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh bench
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo
cmake --build build -j"$(nproc)" --target dragoman_bench dragoman_conference_session dragoman \
  dragoman_web_bench dragoman_bridge_bench dragoman_recovery_bench dragoman_remote_latency \
  dragoman_roundtrip_bench
mkdir -p bench-out docs/images
./build/bench/dragoman_bench --benchmark_out=bench-out/bench.json \
  --benchmark_out_format=json "$@"
# The device bridge's crossing at 16, 32 and 64 frames; the device round trip through
# `dragoman run`; the device's return after a JACK restart; a remote console's two paths at
# 64- and 32-frame blocks.
./build/bench/dragoman_bridge_bench --seconds 20 | tee bench-out/bridge.txt
./build/bench/dragoman_roundtrip_bench --frames 16 --frames 64 --frames 256 |
  tee bench-out/roundtrip.txt
./build/bench/dragoman_recovery_bench --restarts 5 | tee bench-out/recovery.txt
for block in 64 32; do
  ./build/bench/dragoman_remote_latency --block "$block" --seconds 20
done | tee bench-out/remote.txt
BUILD_DIR=build bench/memory.sh | tee bench-out/memory.txt
BUILD_DIR=build bench/render-memory.sh | tee bench-out/render-memory.txt
BUILD_DIR=build bench/web-listeners.sh latency 60 | tee bench-out/web-latency.json
BUILD_DIR=build bench/web-listeners.sh listeners | tee bench-out/web-listeners.json
# Debian's python3 (with python3-matplotlib), whatever python3 comes first on the PATH.
/usr/bin/python3 bench/report.py bench-out/bench.json bench-out/memory.txt \
  bench-out/report.md docs/images/benchmark-cost.png bench-out/bridge.txt \
  bench-out/recovery.txt bench-out/remote.txt bench-out/roundtrip.txt
echo "bench: wrote bench-out/report.md and docs/images/benchmark-cost.png"
