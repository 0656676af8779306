#!/usr/bin/env bash
# Installs the Debian packages Dragoman builds and tests with, by profile. Idempotent: packages
# already present are skipped, and apt-get runs only when something is missing. Needs root (or
# sudo).
#   scripts/install-deps.sh engine   the `dragoman` program alone (what scripts/demo.sh needs)
#   scripts/install-deps.sh          everything building and testing need (scripts/test.sh)
#   scripts/install-deps.sh bench    that, and what the benchmark report needs (its plot)
set -euo pipefail
profile=${1:-test}

# The engine and the headless program.
packages=(
  build-essential cmake pkg-config
  nlohmann-json3-dev         # session JSON
  libsndfile1-dev            # WAV files for the offline render
  portaudio19-dev            # audio devices for `dragoman run` (JACK, ALSA)
  liblo-dev                  # OSC remote control
  librtmidi-dev              # MIDI hardware keys
  libspdlog-dev              # structured logs of the headless program
  libopusenc-dev libopusfile-dev # Ogg Opus recordings and streams
  libshout-dev               # streams per language to Icecast
  libopus-dev libsrtp2-dev libssl-dev # remote booths: low-delay Opus, SRTP, key derivation
  libzita-resampler-dev      # remote booths follow the sender's clock by resampling
  libcurl4-gnutls-dev        # web listeners: Janus's HTTP API (the flavour Debian's janus pulls in)
  libebur128-dev             # program feeds: EBU R128 loudness, measured off the audio thread
)
# The plugin, the app, and every test (scripts/test.sh).
if [[ $profile == test || $profile == bench ]]; then
  packages+=(
    clang-format
    clang                      # libFuzzer for every parser of outside input (tests/fuzz)
    catch2                     # tests
    libbenchmark-dev           # bench/
    sox                        # tests measure rendered files with a second, independent reader
    stress-ng                  # scripts/test-under-load.sh runs the suite beside two CPU hogs
    juce-modules-source        # plugins/ and gui/ (JUCE 7, with its CMake config)
    lv2-dev lilv-utils         # LV2 headers; lv2ls/lv2info check the built bundle
    jalv jackd2 libjack-jackd2-dev # tests run the LV2 bundle in jalv on a dummy JACK server
    liblo-tools                # tests and docs drive OSC with oscsend
    opus-tools                 # tests decode recordings with opusdec and read tags with opusinfo
    icecast2                   # tests run a real Icecast server
    chromium python3           # tests drive the listener page in headless Chromium
    janus libjs-janus-gateway libjs-webrtc-adapter # web listeners over WebRTC (Streaming plugin, janus.js)
    iproute2                   # the WebRTC tests' private network namespace (veth pair)
    xvfb xauth x11-utils gdb   # the app and GUI tests in a virtual display; stacks if one hangs
    fonts-noto-cjk             # the GUI shows language names in their own scripts (한국어, 日本語)
  )
fi
if [[ $profile == bench ]]; then
  packages+=(python3-matplotlib) # bench/report.py plots cost against conference size
fi
if [[ $profile != engine && $profile != test && $profile != bench ]]; then
  echo "install-deps: unknown profile \"$profile\" (engine, test or bench)" >&2
  exit 2
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if ((${#missing[@]} == 0)); then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi

sudo_cmd=()
if ((EUID != 0)); then sudo_cmd=(sudo); fi
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
# jackd2 asks whether to enable realtime scheduling: no (tests use --no-realtime).
echo "jackd2 jackd/tweak_rt_limits boolean false" | "${sudo_cmd[@]}" debconf-set-selections
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
