// See Renderer.h. Cost grows with live routes: silent, steady ramps return at once.
#include "Renderer.h"

#include "CueSounds.h"
#include "ProgramFeeds.h"

#include <algorithm>
#include <cmath>
#include <cstring>

namespace dragoman {
namespace {

const float* at(const float* const* buffers, std::uint32_t count, std::uint32_t port,
                std::uint32_t offset) {
    return port < count && buffers[port] != nullptr ? buffers[port] + offset : nullptr;
}

float* at(float* const* buffers, std::uint32_t count, std::uint32_t port, std::uint32_t offset) {
    return port < count && buffers[port] != nullptr ? buffers[port] + offset : nullptr;
}

// The rare path of finiteInput, out of line so that the rule's path inlines into the loop over
// inputs (a call for each of a large conference's inputs cost more than the test).
[[gnu::noinline, gnu::cold]] const float* cleanInput(RenderPlan& plan, std::uint32_t input,
                                                     const float* in, std::uint32_t frames,
                                                     BlockLevels& levels) {
    float* clean = plan.cleanInputs.data() + std::size_t{input} * kChunkFrames;
    std::uint64_t replaced = 0;
    for (std::uint32_t i = 0; i < frames; ++i) {
        const bool finite = std::isfinite(in[i]);
        clean[i] = finite ? in[i] : 0.0f;
        replaced += finite ? 0 : 1;
    }
    if (replaced > 0)
        plan.nonFiniteSamples[input].fetch_add(replaced, std::memory_order_relaxed);
    levels = measureBlock(clean, frames);
    return clean;
}

// An input as the mix may use it: a NaN or infinite sample (a broken driver, a plugin before
// us, a decoder gone wrong) would pass every gain and sum into channels, recordings and
// streams, so such samples become silence in a copy, and are counted. Measured once for the
// meter either way; a clean block (the rule) costs no copy.
inline const float* finiteInput(RenderPlan& plan, std::uint32_t input, const float* in,
                                std::uint32_t frames, LevelMeter& meter) {
    if (in == nullptr)
        return nullptr;
    BlockLevels levels = measureBlock(in, frames);
    if (!levels.finite()) [[unlikely]]
        in = cleanInput(plan, input, in, frames, levels);
    meter.accumulate(levels, frames);
    return in;
}

void readInputs(RenderPlan& plan, const AudioBuffers& io, std::uint32_t offset,
                std::uint32_t frames) {
    // Held here, not read through `plan` per input: after a meter's atomic stores the compiler
    // would load each of them again.
    const std::uint32_t floorChannels = plan.floorChannels;
    const std::size_t consoleCount = plan.consoles.size();
    const PlanConsole* const consoles = plan.consoles.data();
    const float** const signal = plan.inputSignal.data();
    LevelMeter* const meters = plan.inputMeters.get();
    for (std::uint32_t f = 0; f < floorChannels; ++f)
        signal[f] = finiteInput(plan, f, at(io.floor, io.floorCount, f, offset), frames, meters[f]);
    for (std::size_t i = 0; i < consoleCount; ++i) {
        const auto input = floorChannels + static_cast<std::uint32_t>(i);
        signal[input] =
            finiteInput(plan, input, at(io.mics, io.micCount, consoles[i].handle.value, offset),
                        frames, meters[input]);
    }
}

const float* micInput(const RenderPlan& plan, std::size_t console) {
    return plan.inputSignal[plan.floorChannels + console];
}

void clearFading(Route& fading) {
    if (fading.used() && fading.gain.silent())
        fading.target = {};
}

void mixFloor(RenderPlan& plan, std::uint32_t frames) {
    float* floor = plan.floorBus.data();
    std::fill_n(floor, frames, 0.0f);
    // Several floor feeds are averaged: identical feeds keep their level.
    const float scale = 1.0f / static_cast<float>(plan.floorChannels);
    for (std::uint32_t f = 0; f < plan.floorChannels; ++f) {
        const float* in = plan.inputSignal[f];
        if (in == nullptr)
            continue;
        for (std::uint32_t i = 0; i < frames; ++i)
            floor[i] += in[i] * scale;
    }
}

void mixChannels(RenderPlan& plan, const AudioBuffers& io, std::uint32_t offset,
                 std::uint32_t frames) {
    // io and offset address the channel outputs; inputs come from readInputs. Each channel is
    // mixed where it leaves (the host's buffer, no copy); its first source writes it, the
    // others add, and a channel no mic reaches is cleared.
    const std::size_t channelCount = plan.channels.size();
    for (std::size_t c = 0; c < channelCount; ++c) {
        float* out = at(io.channels, io.channelCount, plan.channels[c].language.value, offset);
        plan.channelSignal[c] = out != nullptr ? out : plan.channelBuffer(c);
        plan.channelWritten[c] = 0;
    }
    for (std::size_t i = 0; i < plan.consoles.size(); ++i) {
        ConsoleRuntime& state = plan.consoleState[i];
        const float* mic = micInput(plan, i);
        for (Route& route : state.micRoutes) {
            if (route.target.kind != RouteTarget::Kind::Channel || route.gain.silent())
                continue;
            if (mic == nullptr) {
                route.gain.advance(frames);
                continue;
            }
            const std::uint32_t channel = route.target.channel;
            if (plan.channelWritten[channel] != 0)
                route.gain.mixInto(plan.channelSignal[channel], mic, frames);
            else
                route.gain.writeInto(plan.channelSignal[channel], mic, frames);
            plan.channelWritten[channel] = 1;
        }
        clearFading(state.micRoutes[1]);
    }
    for (std::size_t c = 0; c < channelCount; ++c) {
        float* bus = plan.channelSignal[c];
        if (plan.channelWritten[c] == 0)
            std::fill_n(bus, frames, 0.0f);
        GainRamp& floorGain = plan.channelState[c].floorGain;
        const bool program = plan.channels[c].program.has_value();
        if (program) // the interpreter alone: what ducks the program's bed
            noteProgramVoice(plan, c, bus, frames);
        const float floorGainStart = floorGain.current();
        floorGain.mixInto(bus, plan.floorBus.data(), frames);
        if (program)
            noteProgramFloor(plan, c, floorGainStart, floorGain.current());
        plan.outputMeters[c].accumulate(bus, frames);
    }
}

// The consoles that hold the talkback key, to the technician: ramped in and out, never on a
// channel.
void mixTalkback(RenderPlan& plan, const AudioBuffers& io, std::uint32_t offset,
                 std::uint32_t frames) {
    float* out = io.talkback != nullptr ? io.talkback + offset : nullptr;
    float* bus = out != nullptr ? out : plan.talkbackBus.data();
    std::fill_n(bus, frames, 0.0f);
    bool open = false; // most of the day nobody talks back: nothing to measure
    for (std::size_t i = 0; plan.talkbackOpen && i < plan.consoles.size(); ++i) {
        GainRamp& talkback = plan.consoleState[i].talkback;
        if (talkback.silent())
            continue;
        open = true;
        const float* mic = micInput(plan, i);
        if (mic != nullptr)
            talkback.mixInto(bus, mic, frames);
        else
            talkback.advance(frames);
    }
    plan.talkbackOpen = open;
    LevelMeter& meter = plan.outputMeters[plan.channels.size() + plan.consoles.size()];
    if (open)
        meter.accumulate(bus, frames);
    else
        meter.accumulate(BlockLevels{}, frames);
}

void publishHearing(const HearingGuard& hearing, HearingShared& shared) {
    shared.dose.store(hearing.dose(), std::memory_order_relaxed);
    shared.minuteDbSpl.store(static_cast<float>(hearing.minuteDbSpl()), std::memory_order_relaxed);
    shared.sustainedTier.store(hearing.tier() == HearingGuard::Tier::Sustained,
                               std::memory_order_relaxed);
    shared.warnings.store(hearing.warnings(), std::memory_order_relaxed);
}

void mixHeadphones(RenderPlan& plan, const AudioBuffers& io, std::uint32_t offset,
                   std::uint32_t frames) {
    // Held here, not read through `plan` per console: after the atomic stores below, the
    // compiler would load each of them again.
    const std::size_t consoleCount = plan.consoles.size();
    const PlanConsole* const consoles = plan.consoles.data();
    ConsoleRuntime* const states = plan.consoleState.data();
    LevelMeter* const meters = plan.outputMeters.get() + plan.channels.size();
    for (std::size_t i = 0; i < consoleCount; ++i) {
        ConsoleRuntime& state = states[i];
        // Rendered in the host's buffer where there is one (no copy), else only for meters.
        float* out = at(io.phones, io.phonesCount, consoles[i].handle.value, offset);
        float* phones = out != nullptr ? out : plan.phonesBus.data();
        bool written = false; // the first source writes the bus, the others add to it
        for (Route& route : state.listenRoutes) {
            if (!route.used())
                continue;
            const float* source = route.target.kind == RouteTarget::Kind::Floor
                                      ? plan.floorBus.data()
                                      : plan.channelMix(route.target.channel);
            if (written)
                route.gain.mixInto(phones, source, frames);
            else
                route.gain.writeInto(phones, source, frames);
            written = true;
        }
        if (!written)
            std::fill_n(phones, frames, 0.0f);
        clearFading(state.listenRoutes[1]);
        if (!state.sidetone.silent()) { // most interpreters hear themselves through the air
            const float* mic = micInput(plan, i);
            if (mic != nullptr)
                state.sidetone.mixInto(phones, mic, frames);
            else
                state.sidetone.advance(frames);
        }
        state.tone.process(phones, frames);
        state.cue.mixInto(phones, frames); // before volume and limiter: see CueSounds.h
        state.volume.applyInPlace(phones, frames);
        const HearingGuard::Result heard = state.hearing.process(phones, frames);
        if (heard.warn) // the last minute was too loud: two short beeps, in these phones
            state.cue.start(cueNotes(CueSound::LevelWarning));
        noteDeepestGain(plan.limiterGain[i], state.hearing.lastMinGain());
        if (heard.statusMoved)
            publishHearing(state.hearing, plan.hearing[i]);
        meters[i].accumulate(heard.levels, frames);
    }
}

// A route to a channel follows the channel to its index in the new plan, or ends with it.
void remapRoutes(const RenderPlan& from, RenderPlan& to, std::array<Route, 2>& routes) {
    for (Route& route : routes)
        if (route.target.kind == RouteTarget::Kind::Channel) {
            const int index = to.channelIndex(from.channels[route.target.channel].language);
            route.target = index >= 0 ? RouteTarget::toChannel(static_cast<std::uint32_t>(index))
                                      : RouteTarget{};
        }
}

} // namespace

void renderChunk(RenderPlan& plan, const AudioBuffers& io, std::uint32_t offset,
                 std::uint32_t frames) {
    readInputs(plan, io, offset, frames);
    mixFloor(plan, frames);
    mixChannels(plan, io, offset, frames);
    renderPrograms(plan, io, offset, frames);
    mixTalkback(plan, io, offset, frames);
    mixHeadphones(plan, io, offset, frames);
}

void migrateState(const RenderPlan& from, RenderPlan& to) {
    // Counts of non-finite input samples not yet read move with their inputs (the reader
    // takes them by exchange, so none is counted twice).
    const auto carryCount = [&](std::uint32_t fromInput, std::uint32_t toInput) {
        to.nonFiniteSamples[toInput].fetch_add(
            from.nonFiniteSamples[fromInput].exchange(0, std::memory_order_relaxed),
            std::memory_order_relaxed);
    };
    for (std::uint32_t f = 0; f < std::min(from.floorChannels, to.floorChannels); ++f)
        carryCount(f, f);
    for (std::size_t i = 0; i < to.consoles.size(); ++i) {
        const int old = from.consoleIndex(to.consoles[i].handle);
        if (old < 0)
            continue;
        carryCount(from.floorChannels + static_cast<std::uint32_t>(old),
                   to.floorChannels + static_cast<std::uint32_t>(i));
        ConsoleRuntime& state = to.consoleState[i];
        const ToneControl freshTone = state.tone;
        const HearingGuard freshHearing = state.hearing;
        state = from.consoleState[static_cast<std::size_t>(old)];
        if (from.sampleRate != to.sampleRate) {
            state.tone = freshTone; // filter state belongs to the old rate
            state.tone.setBassDb(from.consoleState[static_cast<std::size_t>(old)].tone.bassDb());
            state.tone.setTrebleDb(
                from.consoleState[static_cast<std::size_t>(old)].tone.trebleDb());
        }
        state.hearing.takeSettingsFrom(freshHearing); // its counts and tier go on
        publishHearing(state.hearing, to.hearing[i]); // read so at once, not a second later
        remapRoutes(from, to, state.micRoutes);
        remapRoutes(from, to, state.listenRoutes);
        const PlanConsole& console = to.consoles[i];
        if (state.keys.slot >= console.outputCount)
            state.keys.slot = 0;
        state.keys.outgoing =
            to.channels[static_cast<std::size_t>(console.outputs[state.keys.slot])].language;
    }
    for (std::size_t c = 0; c < to.channels.size(); ++c) {
        const int old = from.channelIndex(to.channels[c].language);
        if (old >= 0)
            to.channelState[c] = from.channelState[static_cast<std::size_t>(old)];
    }
    migratePrograms(from, to);
    // The floor language as the meeting left it; if the new session itself names another, the
    // caller applies that as a floor-language change, so that bidirectional booths follow.
    to.currentFloorLanguage = from.currentFloorLanguage;
    to.nextWaitTicket = from.nextWaitTicket;
}

void snapToTargets(RenderPlan& plan) {
    for (ConsoleRuntime& state : plan.consoleState) {
        for (Route& route : state.micRoutes)
            route.gain.reset(route.gain.target());
        for (Route& route : state.listenRoutes)
            route.gain.reset(route.gain.target());
        clearFading(state.micRoutes[1]);
        clearFading(state.listenRoutes[1]);
        state.sidetone.reset(state.sidetone.target());
        state.volume.reset(state.volume.target());
    }
    for (ChannelRuntime& channel : plan.channelState)
        channel.floorGain.reset(channel.floorGain.target());
}

} // namespace dragoman
