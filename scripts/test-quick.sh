#!/usr/bin/env bash
# The quick path while working: sets up, builds and runs the Catch2 suites (ctest), without the
# sanitizer builds and fuzzing that scripts/test.sh (what CI runs) adds. Arguments go to ctest,
# e.g. -R render or -L devices.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
python3 scripts/check-layers.py
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DDRAGOMAN_WARNINGS_AS_ERRORS=ON
cmake --build build -j"$(nproc)"
ctest --test-dir build --output-on-failure -j"$(nproc)" "$@"
