// The tail of the audio callback, not only its mean: the largest conference (and the summit,
// for comparison) rendered block by block at the pace of a real device (each block waits for its
// period, so caches cool between calls as they do under a sound card), one process() call timed at
// a time. Reports the median, 99th and 99.9th percentiles and the worst call as shares of the block
// period.
#include "ConferenceSessions.h"
#include "DevicePace.h"
#include "EngineBlockRig.h"

#include <algorithm>
#include <benchmark/benchmark.h>
#include <chrono>
#include <vector>

namespace dragoman::bench {
namespace {

void callbackTail(benchmark::State& state) {
    const auto languages = static_cast<int>(state.range(0));
    const auto frames = static_cast<std::uint32_t>(state.range(1));
    const auto blocks = static_cast<std::size_t>(state.range(2));
    const Session session = languages == 0 ? summitSession() : conferenceSession(languages);
    EngineBlockRig rig(session, frames);
    rig.putOnAir(static_cast<int>(session.booths.size()));
    const double period = rig.blockSeconds();
    std::vector<double> seconds(blocks);
    const RealtimePriority priority;
    for (auto _ : state) {
        BlockPacer pacer(period);
        for (std::size_t b = 0; b < blocks; ++b) {
            pacer.waitForNextBlock();
            const auto start = std::chrono::steady_clock::now();
            rig.process();
            seconds[b] =
                std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        }
    }
    std::sort(seconds.begin(), seconds.end());
    const auto percentile = [&](double p) { // seconds
        return seconds[static_cast<std::size_t>(p * static_cast<double>(blocks - 1))];
    };
    const auto ofPeriod = [&](double s) { return 100.0 * s / period; };
    state.counters["p50_pct"] = ofPeriod(percentile(0.5));
    state.counters["p99_pct"] = ofPeriod(percentile(0.99));
    state.counters["p999_pct"] = ofPeriod(percentile(0.999));
    state.counters["max_pct"] = ofPeriod(seconds.back());
    state.counters["p50_us"] = percentile(0.5) * 1e6;
    state.counters["p999_us"] = percentile(0.999) * 1e6;
    state.counters["over_period"] = static_cast<double>(
        std::count_if(seconds.begin(), seconds.end(), [&](double s) { return s > period; }));
    state.counters["sched_fifo"] = priority.granted() ? 1.0 : 0.0;
}

} // namespace

// 20 s of blocks a block size: the 99.9th percentile rests on 30 and 15 calls. The summit,
// whose calls take a sixteenth as long, shows how much of the tail is the machine's own.
BENCHMARK(callbackTail)
    ->ArgNames({"languages", "frames", "blocks"})
    ->Args({kLargestConference, 32, 30000})
    ->Args({kLargestConference, 64, 15000})
    ->Args({0, 32, 30000})
    ->Iterations(1)
    ->Unit(benchmark::kMillisecond);

} // namespace dragoman::bench
