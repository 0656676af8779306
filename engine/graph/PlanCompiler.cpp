// Session -> RenderPlan: ids become indices and handles, milliseconds become frames, and
// every buffer and meter the audio thread will touch is allocated here.
#include "PlanCompiler.h"

#include "ProgramFeeds.h"
#include "dsp/Decibels.h"

#include <algorithm>
#include <cmath>

namespace dragoman {
namespace {

std::uint32_t msToFrames(double ms, double sampleRate) {
    return static_cast<std::uint32_t>(std::lround(std::max(0.0, ms) * 0.001 * sampleRate));
}

void setHandleIndex(std::vector<int>& table, std::uint16_t handle, int index) {
    if (table.size() <= handle)
        table.resize(handle + 1u, -1);
    table[handle] = index;
}

PlanProgram planProgram(const ProgramFeed& feed, double sampleRate) {
    PlanProgram program;
    if (feed.bed.enabled) {
        const ProgramBed& bed = feed.bed;
        const auto f = [](double v) { return static_cast<float>(v); };
        program.bed = DuckedBedSettings{f(bed.levelDb),  f(bed.duckDb), f(bed.thresholdDbfs),
                                        f(bed.attackMs), f(bed.holdMs), f(bed.releaseMs)};
    }
    program.normalised = feed.loudnessLufs.has_value();
    program.truePeakDbtp = static_cast<float>(feed.truePeakDbtp);
    // The delay is the whole of the feed's lateness: the limiter's look-ahead is part of it.
    program.delayFrames = msToFrames(feed.delayMs, sampleRate) -
                          std::min(msToFrames(feed.delayMs, sampleRate), kProgramLatencyFrames);
    return program;
}

} // namespace

std::unique_ptr<RenderPlan> compilePlan(const Session& session, double sampleRate,
                                        HandleRegistries& registries, std::uint64_t generation) {
    auto plan = std::make_unique<RenderPlan>();
    plan->generation = generation;
    plan->sampleRate = sampleRate;
    plan->floorChannels = static_cast<std::uint32_t>(session.floor.channels);
    plan->channelInterlock = session.channelInterlock;
    plan->ceilingGain = dbToGain(static_cast<float>(session.limiter.ceilingDbfs));
    plan->floorLanguage = registries.languages.intern(session.floor.language);
    plan->currentFloorLanguage = plan->floorLanguage;
    plan->keyRampFrames = std::max(1u, msToFrames(10.0, sampleRate));
    plan->volumeRampFrames = std::max(1u, msToFrames(20.0, sampleRate));
    plan->idleFrames = static_cast<std::uint64_t>(session.idleMinutes * 60.0 * sampleRate);

    for (const LanguageChannel& c : session.channels) {
        PlanChannel channel;
        channel.language = registries.languages.intern(c.id);
        channel.id = c.id;
        channel.autoFloor = c.autoFloor.enabled;
        channel.fadeFrames = msToFrames(c.autoFloor.fadeMs, sampleRate);
        channel.floorBed = c.floorBed.enabled;
        channel.floorBedGain = dbToGain(static_cast<float>(c.floorBed.levelDb));
        if (c.program)
            channel.program = planProgram(*c.program, sampleRate);
        setHandleIndex(plan->channelByHandle, channel.language.value,
                       static_cast<int>(plan->channels.size()));
        plan->channels.push_back(std::move(channel));
    }

    for (std::size_t b = 0; b < session.booths.size(); ++b) {
        const Booth& booth = session.booths[b];
        PlanBooth planBooth;
        planBooth.interlock = booth.interlock;
        planBooth.firstConsole = static_cast<std::uint32_t>(plan->consoles.size());
        planBooth.consoleCount = static_cast<std::uint32_t>(booth.consoles.size());
        if (booth.relay)
            planBooth.relayChannel = plan->channelIndex(registries.languages.intern(*booth.relay));
        for (const std::string& output : booth.outputs)
            planBooth.languages.push_back(registries.languages.intern(output));
        for (const Console& console : booth.consoles) {
            PlanConsole planConsole;
            planConsole.handle = registries.consoles.intern(console.id);
            planConsole.id = console.id;
            planConsole.booth = static_cast<std::uint32_t>(b);
            for (std::size_t slot = 0; slot < booth.outputs.size(); ++slot)
                planConsole.outputs[slot] = plan->channelIndex(planBooth.languages[slot]);
            planConsole.outputCount = static_cast<std::uint32_t>(booth.outputs.size());
            planConsole.headset94Dbfs =
                console.headset94Dbfs.value_or(session.limiter.headset94Dbfs);
            setHandleIndex(plan->consoleByHandle, planConsole.handle.value,
                           static_cast<int>(plan->consoles.size()));
            plan->consoles.push_back(std::move(planConsole));
        }
        plan->booths.push_back(std::move(planBooth));
    }

    const std::size_t consoleCount = plan->consoles.size();
    const std::size_t channelCount = plan->channels.size();
    plan->consoleState.resize(consoleCount);
    for (std::size_t i = 0; i < consoleCount; ++i) {
        ConsoleRuntime& state = plan->consoleState[i];
        const PlanConsole& console = plan->consoles[i];
        state.keys.outgoing = plan->channels[static_cast<std::size_t>(console.outputs[0])].language;
        state.tone.prepare(sampleRate);
        state.hearing.prepare(sampleRate, console.headset94Dbfs, plan->ceilingGain);
        state.cue.prepare(sampleRate);
    }
    plan->channelState.resize(channelCount);
    plan->programState.resize(channelCount);
    for (std::size_t i = 0; i < channelCount; ++i)
        if (const auto& program = plan->channels[i].program)
            prepareProgram(plan->programState[i], *program, sampleRate);
    plan->relayQuality.resize(channelCount);
    plan->relayChain.resize(channelCount);
    for (std::size_t i = 0; i < channelCount; ++i)
        plan->channelState[i].published.channel = plan->channels[i].language;
    plan->floorBus.assign(kChunkFrames, 0.0f);
    plan->channelBus.assign(channelCount * kChunkFrames, 0.0f);
    plan->channelSignal.assign(channelCount, nullptr);
    plan->channelWritten.assign(channelCount, 0);
    plan->phonesBus.assign(kChunkFrames, 0.0f);
    plan->talkbackBus.assign(kChunkFrames, 0.0f);
    plan->inputSignal.assign(plan->inputCount(), nullptr);
    plan->cleanInputs.assign(std::size_t{plan->inputCount()} * kChunkFrames, 0.0f);
    plan->nonFiniteSamples = std::make_unique<std::atomic<std::uint64_t>[]>(plan->inputCount());
    plan->inputMeters = std::make_unique<LevelMeter[]>(plan->inputCount());
    plan->outputMeters = std::make_unique<LevelMeter[]>(plan->outputCount());
    plan->limiterGain = std::make_unique<std::atomic<float>[]>(consoleCount);
    for (std::size_t i = 0; i < consoleCount; ++i)
        plan->limiterGain[i].store(1.0f);
    plan->hearing = std::make_unique<HearingShared[]>(consoleCount);
    return plan;
}

} // namespace dragoman
