#!/usr/bin/env bash
# Sets up, builds and runs every test: the full suite with warnings as errors, the real-time
# safety and concurrency tests again under ThreadSanitizer, the plugin's lifecycle under
# ThreadSanitizer and AddressSanitizer, the network parsers under
# libFuzzer, and the tree checks (formatting, no JUCE in engine/). Exit status 0 only if everything passes.
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=$(nproc)

./scripts/install-deps.sh

echo "== tree checks"
if grep -rIl --include='*.h' --include='*.cpp' -E '#\s*include\s*[<"]juce' engine; then
  echo "engine/ must not include JUCE (files above)"; exit 1
fi
mapfile -t sources < <(git ls-files '*.h' '*.cpp' 2>/dev/null || find engine tests bench -name '*.h' -o -name '*.cpp')
clang-format --dry-run --Werror "${sources[@]}"

echo "== build (warnings are errors)"
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DDRAGOMAN_WARNINGS_AS_ERRORS=ON
cmake --build build -j"$jobs"

echo "== tests"
ctest --test-dir build --output-on-failure -j"$jobs"

echo "== real-time tests and the plugin's lifecycle under ThreadSanitizer"
cmake -S . -B build-tsan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DDRAGOMAN_SANITIZE=thread \
  -DDRAGOMAN_BUILD_BENCH=OFF -DCMAKE_CXX_FLAGS=-Wno-tsan
cmake --build build-tsan -j"$jobs" --target dragoman_realtime_tests dragoman_plugin_lifecycle_tests
TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1" ./build-tsan/tests/dragoman_realtime_tests
TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1" \
  ./build-tsan/tests/dragoman_plugin_lifecycle_tests

echo "== the plugin's lifecycle under AddressSanitizer and UBSan"
cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DDRAGOMAN_SANITIZE=address \
  -DDRAGOMAN_BUILD_BENCH=OFF
cmake --build build-asan -j"$jobs" --target dragoman_plugin_lifecycle_tests
./build-asan/tests/dragoman_plugin_lifecycle_tests

echo "== fuzzing every parser of outside input (libFuzzer with ASan and UBSan, 30 s each)"
cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++ \
  -DDRAGOMAN_BUILD_FUZZERS=ON -DDRAGOMAN_BUILD_TESTS=OFF -DDRAGOMAN_BUILD_BENCH=OFF \
  -DDRAGOMAN_BUILD_PLUGINS=OFF -DDRAGOMAN_WARNINGS_AS_ERRORS=ON
cmake --build build-fuzz -j"$jobs" --target dragoman_rtp_fuzz dragoman_session_fuzz dragoman_osc_fuzz
mkdir -p build-fuzz/corpus/rtp build-fuzz/corpus/session build-fuzz/corpus/osc
cp docs/examples/*.json build-fuzz/corpus/session/ # seeds: the sessions users start from
for target in rtp session osc; do
  ./build-fuzz/tests/fuzz/dragoman_${target}_fuzz -max_total_time=30 -print_final_stats=1 \
    -max_len=65536 build-fuzz/corpus/$target
done
