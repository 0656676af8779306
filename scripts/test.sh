#!/usr/bin/env bash
# Sets up, builds and runs every test: the full suite with warnings as errors, the real-time
# safety and concurrency tests again under ThreadSanitizer, the plugin's lifecycle under
# ThreadSanitizer (and AddressSanitizer with DRAGOMAN_ASAN=1), every parser of outside input
# under libFuzzer with ASan and UBSan, and the tree checks (formatting, no JUCE in engine/, the
# layers). Exit status 0 only if everything passes.
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=$(nproc)

./scripts/install-deps.sh

echo "== tree checks"
if grep -rIl --include='*.h' --include='*.cpp' -E '#\s*include\s*[<"]juce' engine; then
  echo "engine/ must not include JUCE (files above)"; exit 1
fi
python3 scripts/check-layers.py # engine/ folders include one way down their layers
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

# The plugin under ASan compiles all of JUCE a third time (about 20 minutes on two cores),
# which CI's hour cannot hold beside the rest: opt in before a release, or after touching the
# processor's lifecycle. TSan above runs the same test on every run.
if [ "${DRAGOMAN_ASAN:-0}" = 1 ]; then
  echo "== the plugin's lifecycle under AddressSanitizer and UBSan"
  cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DDRAGOMAN_SANITIZE=address \
    -DDRAGOMAN_BUILD_BENCH=OFF
  cmake --build build-asan -j"$jobs" --target dragoman_plugin_lifecycle_tests
  ./build-asan/tests/dragoman_plugin_lifecycle_tests
fi

echo "== fuzzing every parser of outside input (libFuzzer with ASan and UBSan, 30 s each)"
cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++ \
  -DDRAGOMAN_BUILD_FUZZERS=ON -DDRAGOMAN_BUILD_TESTS=OFF -DDRAGOMAN_BUILD_BENCH=OFF \
  -DDRAGOMAN_BUILD_PLUGINS=OFF -DDRAGOMAN_WARNINGS_AS_ERRORS=ON
targets=(rtp session osc cues midi wav janus inotify)
fuzzers=()
for target in "${targets[@]}"; do fuzzers+=("dragoman_${target}_fuzz"); done
cmake --build build-fuzz -j"$jobs" --target "${fuzzers[@]}"
for target in "${targets[@]}"; do mkdir -p "build-fuzz/corpus/$target"; done
# Seeds: the sessions and cue lists users start from, a short WAV, a note and a control,
# Janus's answers, a JACK server's socket appearing.
cp docs/examples/*.json build-fuzz/corpus/session/
cp docs/examples/*cues*.json build-fuzz/corpus/cues/
sox -n -r 48000 -c 1 -b 16 build-fuzz/corpus/seed.wav synth 0.01 sine 440
{ printf '\x00\x04\x00\x00\x00\x00\x00\x00'; cat build-fuzz/corpus/seed.wav; } \
  >build-fuzz/corpus/wav/seed
printf '\x03\x90\x3c\x7f\x03\x80\x3c\x00\x03\xb0\x40\x7f' >build-fuzz/corpus/midi/seed
cp tests/fuzz/janus-answers/* build-fuzz/corpus/janus/
# One inotify record: watch 1, IN_CREATE, no cookie, a 16-byte name.
printf '\x01\x00\x00\x00\x00\x01\x00\x00\x00\x00\x00\x00\x10\x00\x00\x00jack_default_0_0' \
  >build-fuzz/corpus/inotify/seed
for target in "${targets[@]}"; do
  "./build-fuzz/tests/fuzz/dragoman_${target}_fuzz" -max_total_time=30 -print_final_stats=1 \
    -max_len=65536 "build-fuzz/corpus/$target"
done
