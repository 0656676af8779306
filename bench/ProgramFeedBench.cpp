// What program feeds cost. On the audio thread: the summit with two booths on air and 0 to 3
// program feeds (each a ducked floor bed, a 200 ms delay, the loudness gain and the true-peak
// limiter), per block, against the block's budget; the loudness measurement runs between
// blocks, as a control thread's, outside the timing. On the control thread: libebur128's
// measurement of one feed, per second of audio (1 ms is 0.1 % of a core).
#include "EngineBlockRig.h"
#include "ProgramLoudness.h"
#include "render/Demo.h"
#include "render/SpeechSynth.h"
#include "session/SessionJson.h"

#include <benchmark/benchmark.h>
#include <chrono>

namespace dragoman::bench {
namespace {

Session summitWithPrograms(int feeds) {
    Session session = parseSession(summitSessionJson()).session;
    for (int i = 0; i < feeds; ++i) {
        ProgramFeed program;
        program.bed.enabled = true;
        program.delayMs = 200.0;
        session.channels[static_cast<std::size_t>(i)].program = program;
    }
    return session;
}

void engineProgramFeeds(benchmark::State& state) {
    const auto frames = static_cast<std::uint32_t>(state.range(1));
    EngineBlockRig rig(summitWithPrograms(static_cast<int>(state.range(0))), frames);
    rig.putOnAir(2);
    double audioSeconds = 0.0;
    std::uint64_t blocks = 0;
    for (auto _ : state) {
        const auto start = std::chrono::steady_clock::now();
        rig.process();
        benchmark::ClobberMemory();
        audioSeconds +=
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        if (++blocks % 64 == 0)
            rig.engine().measurePrograms(); // the control side's, untimed
    }
    const double perBlock = audioSeconds / static_cast<double>(state.iterations());
    state.counters["block_us"] = perBlock * 1e6;
    state.counters["budget_pct"] = 100.0 * perBlock / rig.blockSeconds();
}

void programLoudness(benchmark::State& state) {
    const std::vector<float> second = synthesizeSpeech({}, 1.0, kBenchRate);
    ProgramLoudness meter(kBenchRate);
    for (auto _ : state) {
        meter.measureBeforeGain(second.data(), second.size());
        meter.measureLeaving(second.data(), second.size());
        benchmark::DoNotOptimize(meter.gainFor(-23.0));
        benchmark::DoNotOptimize(meter.integratedLufs());
    }
}

} // namespace

BENCHMARK(engineProgramFeeds)
    ->ArgNames({"feeds", "frames"})
    ->ArgsProduct({{0, 1, 2, 3}, {32, 256}});
BENCHMARK(programLoudness)->Unit(benchmark::kMillisecond);

} // namespace dragoman::bench
