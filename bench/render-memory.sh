#!/usr/bin/env bash
# Peak resident memory of `dragoman render` for the summit (docs/examples/summit.json with its
# cue list) over a minute and over an hour of input: a floor and one interpreter's mic, 32-bit
# float WAV made by sox. The render streams, so the two should be about the same. Prints one
# line per length: "render-memory seconds=S peak_kib=N wall_s=W". Needs about 6 GB of /tmp
# for the hour (inputs and the summit's outputs).
#   bench/render-memory.sh     (BUILD_DIR=build by default)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${BUILD_DIR:-build}

source bench/scratch-dir.sh render-memory

measure() { # SECONDS
  local seconds=$1
  sox -n -r 48000 -c 1 -e float -b 32 "$work/floor.wav" synth "$seconds" sine 220 vol 0.3
  sox -n -r 48000 -c 1 -e float -b 32 "$work/mic.wav" synth "$seconds" sine 330 vol 0.3
  local start end
  start=$(date +%s.%N)
  /usr/bin/time -f "%M" -o "$work/peak.txt" "$build/engine/dragoman" render \
    docs/examples/summit.json --cues docs/examples/summit-cues.json \
    --input floor="$work/floor.wav" --input ko-en-1="$work/mic.wav" --out "$work/out" \
    >"$work/render.log" 2>&1 || { cat "$work/render.log" >&2; exit 1; }
  end=$(date +%s.%N)
  echo "render-memory seconds=$seconds peak_kib=$(cat "$work/peak.txt")" \
    "wall_s=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.1f", b - a }')"
  rm -rf "$work/out" "$work/floor.wav" "$work/mic.wav"
}

measure 60
measure 3600
