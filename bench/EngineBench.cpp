// Cost of Engine::process() per block for the summit example and for a large conference
// (32 channels, 32 booths of 2 consoles, stereo floor), reported as the share of the block's
// real-time budget on one core ("budget_%": 100 % means the core is fully used).
#include "Engine.h"
#include "headless/Demo.h"
#include "session/SessionJson.h"

#include <benchmark/benchmark.h>
#include <cmath>
#include <string>
#include <vector>

using namespace dragoman;

namespace {

constexpr double kRate = 48000.0;

Session largeSession(int languages) {
    Session s;
    s.name = "large";
    s.floor = {2, "en"};
    for (int i = 0; i < languages; ++i) {
        // Two-letter codes "aa", "ab", ...: valid ISO 639 shapes, distinct.
        const std::string id = {static_cast<char>('a' + i / 26), static_cast<char>('a' + i % 26)};
        s.channels.push_back({id, "Language " + id, {}, {}});
    }
    for (int b = 0; b < languages; ++b) {
        Booth booth;
        booth.id = "booth-" + s.channels[static_cast<std::size_t>(b)].id;
        booth.outputs = {s.channels[static_cast<std::size_t>(b)].id};
        if (b > 0)
            booth.relay = s.channels[0].id;
        booth.consoles = {{booth.id + "-1", 1}, {booth.id + "-2", 2}};
        s.booths.push_back(booth);
    }
    return s;
}

void renderBlocks(benchmark::State& state, const Session& session, bool everyoneOnAir) {
    const auto frames = static_cast<std::uint32_t>(state.range(0));
    Engine engine(session, kRate);
    const EngineLayout layout = engine.layout();
    std::vector<std::vector<float>> floor(layout.floor.size(), std::vector<float>(frames));
    std::vector<std::vector<float>> mics(layout.consolePorts, std::vector<float>(frames));
    std::vector<std::vector<float>> channels(layout.channelPorts, std::vector<float>(frames));
    std::vector<std::vector<float>> phones(layout.consolePorts, std::vector<float>(frames));
    for (auto* group : {&floor, &mics})
        for (auto& buffer : *group)
            for (std::uint32_t i = 0; i < frames; ++i)
                buffer[i] = 0.1f * std::sin(0.05f * static_cast<float>(i));
    auto pointers = [](auto& group) {
        std::vector<std::remove_cvref_t<decltype(group[0].data())>> p;
        for (auto& b : group)
            p.push_back(b.data());
        return p;
    };
    std::vector<float*> floorP = pointers(floor), micP = pointers(mics);
    std::vector<float*> channelP = pointers(channels), phonesP = pointers(phones);
    std::vector<const float*> floorC(floorP.begin(), floorP.end()), micC(micP.begin(), micP.end());
    const AudioBuffers io = AudioBuffers::from(floorC, micC, channelP, phonesP, frames);
    if (everyoneOnAir)
        for (const Booth& booth : session.booths)
            engine.press(booth.consoles[0].id, ConsoleKey::Mic, 1.0f);
    for (int i = 0; i < 100; ++i) // settle ramps and fades
        engine.process(io);
    for (auto _ : state) {
        engine.process(io);
        benchmark::ClobberMemory();
    }
    // kIsRate | kInvert turns the value into elapsed seconds / value: with value =
    // iterations x budget / 100 that is the mean time per block as a percentage of its budget.
    const double budgetSeconds = frames / kRate;
    state.counters["budget_%"] =
        benchmark::Counter(static_cast<double>(state.iterations()) * budgetSeconds / 100.0,
                           benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
    state.counters["consoles"] = static_cast<double>(layout.mics.size());
}

void summit(benchmark::State& state) {
    renderBlocks(state, parseSession(summitSessionJson()).session, true);
}
void large32(benchmark::State& state) {
    renderBlocks(state, largeSession(32), true);
}

} // namespace

BENCHMARK(summit)->Arg(16)->Arg(32)->Arg(64)->Arg(256);
BENCHMARK(large32)->Arg(16)->Arg(32)->Arg(64)->Arg(256);
BENCHMARK_MAIN();
