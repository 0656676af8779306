// The cost of one block for conferences of growing size and for every block size: the
// engine, and in the same run the floor it cannot beat (the same signal work with no routing)
// and the two baselines with the same routing, a JUCE AudioProcessorGraph (when the build has
// JUCE) and a dense mixing matrix. Names are
// KIND/languages/frames; scripts/bench.sh turns them into docs/benchmarks.md's table and plot.
#include "BareFloorConference.h"
#include "BlockTiming.h"
#include "ConferenceSessions.h"
#include "DenseMatrixMixer.h"
#include "EngineBlockRig.h"
#ifdef DRAGOMAN_BENCH_JUCE
#include "ProcessorGraphConference.h"
#endif

#include <benchmark/benchmark.h>

namespace dragoman::bench {
namespace {

std::uint32_t framesOf(const benchmark::State& state) {
    return static_cast<std::uint32_t>(state.range(1));
}

template <typename Mixer> void timeBlocks(benchmark::State& state, Mixer& mixer) {
    BlockTiming timing(framesOf(state) / kBenchRate);
    timing.start();
    for (auto _ : state) {
        mixer.process();
        benchmark::ClobberMemory();
    }
    timing.report(state);
    if (!mixer.everyOutputCarriesSignal())
        state.SkipWithError("an output is silent: this mixer did not do the work measured");
}

// The engine with the first console of every booth on air.
void engine(benchmark::State& state) {
    const auto languages = static_cast<int>(state.range(0));
    const Session session = languages == 0 ? summitSession() : conferenceSession(languages);
    EngineBlockRig rig(session, framesOf(state));
    rig.putOnAir(static_cast<int>(session.booths.size()));
    timeBlocks(state, rig);
    state.counters["consoles"] = static_cast<double>(rig.engine().layout().mics.size());
}

// The largest conference with a growing number of booths on air: the cost follows the live
// routes, not the size of the session.
void engineLiveMics(benchmark::State& state) {
    EngineBlockRig rig(conferenceSession(kLargestConference), framesOf(state));
    rig.putOnAir(static_cast<int>(state.range(0)));
    timeBlocks(state, rig);
}

void bareFloor(benchmark::State& state) {
    BareFloorConference floor(static_cast<int>(state.range(0)), framesOf(state));
    timeBlocks(state, floor);
}

void denseMatrix(benchmark::State& state) {
    DenseMatrixMixer mixer(conferenceSession(static_cast<int>(state.range(0))), framesOf(state));
    timeBlocks(state, mixer);
    state.counters["cells"] = static_cast<double>(mixer.inputs() * mixer.outputs());
}

#ifdef DRAGOMAN_BENCH_JUCE
void processorGraph(benchmark::State& state) {
    ProcessorGraphConference graph(conferenceSession(static_cast<int>(state.range(0))), kBenchRate,
                                   framesOf(state));
    timeBlocks(state, graph);
    state.counters["nodes"] = graph.nodeCount();
    state.counters["connections"] = graph.connectionCount();
}
#endif

void sizesAndBlocks(benchmark::internal::Benchmark* b) {
    for (const int frames : {16, 32, 64, 256})
        for (const int languages : kConferenceSizes)
            b->Args({languages, frames});
}

} // namespace

BENCHMARK(engine)
    ->ArgNames({"languages", "frames"})
    ->Args({0, 16})
    ->Args({0, 32})
    ->Args({0, 64})
    ->Args({0, 256})
    ->Apply(sizesAndBlocks);
BENCHMARK(engineLiveMics)
    ->ArgNames({"live", "frames"})
    ->ArgsProduct({{0, 1, 2, 4, 8, 16, 24, 32}, {32}});
BENCHMARK(bareFloor)->ArgNames({"languages", "frames"})->Apply(sizesAndBlocks);
BENCHMARK(denseMatrix)->ArgNames({"languages", "frames"})->Apply(sizesAndBlocks);
#ifdef DRAGOMAN_BENCH_JUCE
BENCHMARK(processorGraph)->ArgNames({"languages", "frames"})->Apply(sizesAndBlocks);
#endif

} // namespace dragoman::bench
