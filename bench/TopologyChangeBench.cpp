// Live topology changes on the running largest conference: adding a language channel, and
// adding a booth of two consoles for it. For the engine, from the loadSession() call to the
// end of the first block rendered with the new plan, while a paced audio thread plays 32-frame
// blocks and counts every block that misses its deadline. For the JUCE AudioProcessorGraph
// baseline (when the build has JUCE), the same change as nodes and connections, from the
// first call to the end of the graph's rebuild.
#include "ConferenceSessions.h"
#include "DevicePace.h"
#include "EngineBlockRig.h"
#ifdef DRAGOMAN_BENCH_JUCE
#include "ProcessorGraphConference.h"
#endif

#include <atomic>
#include <benchmark/benchmark.h>
#include <chrono>
#include <stdexcept>
#include <thread>

namespace dragoman::bench {
namespace {

using Clock = std::chrono::steady_clock;
constexpr std::uint32_t kFrames = 32;

// Plays the rig's blocks at the device's pace on a thread of its own and notes when each new
// plan generation first finishes a block.
class PacedAudio {
public:
    explicit PacedAudio(EngineBlockRig& rig) : rig_(rig) {
        thread_ = std::thread([this] { play(); });
    }
    ~PacedAudio() {
        running_.store(false);
        thread_.join();
    }
    PacedAudio(const PacedAudio&) = delete;
    PacedAudio& operator=(const PacedAudio&) = delete;

    // Waits for a block rendered with a plan newer than `generation`; returns when it ended.
    Clock::time_point waitForPlanAfter(std::uint64_t generation) const {
        const auto giveUp = Clock::now() + std::chrono::seconds(2);
        while (adoptedGeneration_.load(std::memory_order_acquire) <= generation) {
            if (Clock::now() > giveUp)
                throw std::runtime_error("the engine did not adopt the new session in 2 s");
            std::this_thread::sleep_for(std::chrono::microseconds(50));
        }
        return Clock::time_point(Clock::duration(adoptedAt_.load(std::memory_order_acquire)));
    }
    std::uint64_t lateBlocks() const { return late_.load(); }
    bool realtime() const { return realtime_.load(); }

private:
    void play() {
        const RealtimePriority priority;
        realtime_.store(priority.granted());
        BlockPacer pacer(rig_.blockSeconds());
        std::uint64_t seen = rig_.engine().activeGeneration();
        while (running_.load(std::memory_order_relaxed)) {
            pacer.waitForNextBlock();
            rig_.process();
            const auto ended = Clock::now();
            if (pacer.lastBlockIsLate())
                late_.fetch_add(1);
            const std::uint64_t generation = rig_.engine().activeGeneration();
            if (generation != seen) {
                seen = generation;
                adoptedAt_.store(ended.time_since_epoch().count(), std::memory_order_relaxed);
                adoptedGeneration_.store(generation, std::memory_order_release);
            }
        }
    }

    EngineBlockRig& rig_;
    std::atomic<bool> running_{true};
    std::atomic<bool> realtime_{false};
    std::atomic<std::uint64_t> late_{0};
    std::atomic<std::uint64_t> adoptedGeneration_{0};
    std::atomic<Clock::rep> adoptedAt_{0};
    std::thread thread_;
};

// range(0): 0 adds a language channel, 1 adds a booth of two consoles for it.
void engineTopologyChange(benchmark::State& state) {
    const bool addsBooth = state.range(0) == 1;
    const Session before = addsBooth ? conferenceWithNewChannel(kLargestConference)
                                     : conferenceSession(kLargestConference);
    const Session after = addsBooth ? conferenceWithNewBooth(kLargestConference)
                                    : conferenceWithNewChannel(kLargestConference);
    EngineBlockRig rig(before, kFrames);
    rig.putOnAir(kLargestConference);
    Engine& engine = rig.engine();
    double worst = 0.0;
    std::uint64_t lateBefore = 0;
    {
        const PacedAudio audio(rig);
        std::this_thread::sleep_for(std::chrono::milliseconds(200)); // the thread settles
        lateBefore = audio.lateBlocks();
        for (auto _ : state) {
            const std::uint64_t generation = engine.activeGeneration();
            const auto called = Clock::now();
            engine.loadSession(after);
            const auto adopted = audio.waitForPlanAfter(generation);
            const double seconds = std::chrono::duration<double>(adopted - called).count();
            state.SetIterationTime(seconds);
            worst = std::max(worst, seconds);
            state.PauseTiming();
            const std::uint64_t back = engine.activeGeneration();
            engine.loadSession(before);
            audio.waitForPlanAfter(back);
            state.ResumeTiming();
        }
        state.counters["late_blocks"] = static_cast<double>(audio.lateBlocks() - lateBefore);
        state.counters["sched_fifo"] = audio.realtime() ? 1.0 : 0.0;
    }
    state.counters["worst_ms"] = worst * 1e3;
}

#ifdef DRAGOMAN_BENCH_JUCE
void processorGraphTopologyChange(benchmark::State& state) {
    const bool addsBooth = state.range(0) == 1;
    const Session withChannel = conferenceWithNewChannel(kLargestConference);
    const Session withBooth = conferenceWithNewBooth(kLargestConference);
    ProcessorGraphConference graph(conferenceSession(kLargestConference), kBenchRate, kFrames, 1);
    double worst = 0.0;
    for (auto _ : state) {
        double seconds = 0.0;
        if (addsBooth) {
            state.PauseTiming();
            graph.addChannel(withChannel);
            state.ResumeTiming();
            seconds = graph.addBooth(withBooth);
        } else {
            seconds = graph.addChannel(withChannel);
        }
        state.SetIterationTime(seconds);
        worst = std::max(worst, seconds);
        state.PauseTiming();
        graph.removeAdded();
        state.ResumeTiming();
    }
    state.counters["worst_ms"] = worst * 1e3;
    state.counters["nodes"] = graph.nodeCount();
}
#endif

} // namespace

BENCHMARK(engineTopologyChange)
    ->ArgName("adds_booth")
    ->Arg(0)
    ->Arg(1)
    ->Iterations(50)
    ->UseManualTime()
    ->Unit(benchmark::kMillisecond);
#ifdef DRAGOMAN_BENCH_JUCE
BENCHMARK(processorGraphTopologyChange)
    ->ArgName("adds_booth")
    ->Arg(0)
    ->Arg(1)
    ->Iterations(10)
    ->UseManualTime()
    ->Unit(benchmark::kMillisecond);
#endif

} // namespace dragoman::bench
