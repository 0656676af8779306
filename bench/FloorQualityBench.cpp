// What judging the floor's quality costs (dsp/FloorQuality), on synthesized speech: a control
// thread's work (the audio thread only copies the floor out), as the share of one core it
// takes in real time (core_pct), for one floor of every session.
#include "dsp/FloorQuality.h"
#include "render/SpeechSynth.h"

#include <benchmark/benchmark.h>
#include <chrono>
#include <vector>

namespace dragoman::bench {
namespace {

void floorQuality(benchmark::State& state) {
    constexpr double kRate = 48000.0, kSeconds = 10.0;
    static const std::vector<float> speech = synthesizeSpeech({150.0, 7, 4.5}, kSeconds, kRate);
    const auto start = std::chrono::steady_clock::now();
    for (auto _ : state) {
        FloorQualityMeter meter(kRate);
        for (std::size_t at = 0; at + 480 <= speech.size(); at += 480) // as polled: 10 ms
            meter.analyse(speech.data() + at, 480);
        benchmark::DoNotOptimize(meter.reading());
    }
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    state.counters["core_pct"] =
        100.0 * seconds / (kSeconds * static_cast<double>(state.iterations()));
}

} // namespace

BENCHMARK(floorQuality)->Unit(benchmark::kMillisecond);

} // namespace dragoman::bench
