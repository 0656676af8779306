// See ProgramFeeds.h.
#include "ProgramFeeds.h"

#include "dsp/BlockLevels.h"
#include "session/SessionValidation.h"

#include <algorithm>
#include <cmath>
#include <cstring>

namespace dragoman {
namespace {

// Lifting a quiet voice is slow (no breath or room noise swells in a pause); catching a loud
// one is quicker. Both far slower than a syllable.
constexpr float kGainUpDbPerSecond = 4.0f;
constexpr float kGainDownDbPerSecond = 12.0f;
constexpr double kLimiterReleaseMs = 150.0;

void prepareDsp(ProgramRuntime& runtime, const PlanProgram& program, double sampleRate) {
    if (program.bed)
        runtime.bed.prepare(sampleRate, *program.bed);
    runtime.gain.prepare(sampleRate, kGainUpDbPerSecond, kGainDownDbPerSecond);
    runtime.limiter.prepare(sampleRate, program.truePeakDbtp, kLimiterReleaseMs);
}

} // namespace

void prepareProgram(ProgramRuntime& runtime, const PlanProgram& program, double sampleRate) {
    prepareDsp(runtime, program, sampleRate);
    const auto most = static_cast<std::uint32_t>(
        std::ceil(SessionLimits::kMaxProgramDelayMs * 0.001 * sampleRate));
    runtime.delay.allocate(most, kChunkFrames, sampleRate);
    runtime.delay.setDelay(program.delayFrames, false);
}

void noteProgramVoice(RenderPlan& plan, std::size_t channel, const float* bus,
                      std::uint32_t frames) {
    ProgramRuntime& runtime = plan.programState[channel];
    const BlockLevels levels = measureBlock(bus, frames);
    runtime.voiceMeanSquare =
        levels.finite() ? levels.sumSquares / static_cast<float>(std::max(frames, 1u)) : 0.0f;
}

void renderPrograms(RenderPlan& plan, const AudioBuffers& io, std::uint32_t offset,
                    std::uint32_t frames) {
    for (std::size_t c = 0; c < plan.channels.size(); ++c) {
        const std::optional<PlanProgram>& program = plan.channels[c].program;
        if (!program)
            continue;
        ProgramRuntime& runtime = plan.programState[c];
        float* buf = runtime.buffer.data();
        std::memcpy(buf, plan.channelMix(c), frames * sizeof(float));
        if (program->bed) {
            // The bed is what the channel lacks of the floor: none while it carries the floor.
            runtime.bed.follow(runtime.voiceMeanSquare, frames);
            runtime.bed.mixInto(buf, plan.floorBus.data(), frames,
                                1.0f - std::min(runtime.floorGainStart, 1.0f),
                                1.0f - std::min(runtime.floorGainEnd, 1.0f));
        }
        ProgramShared& shared = *program->shared;
        // Measured before the delay: the gain then knows what is coming.
        shared.beforeGain.pushAll(buf, frames);
        runtime.delay.process(buf, frames);
        if (program->normalised) {
            runtime.gain.setTargetDb(shared.gainDb.load(std::memory_order_relaxed));
            runtime.gain.applyInPlace(buf, frames);
        }
        runtime.limiter.process(buf, frames);
        noteDeepestGain(shared.limiterGain, runtime.limiter.lastMinGain());
        shared.leaving.pushAll(buf, frames);
        const std::uint32_t port = plan.channels[c].language.value;
        if (port < io.programCount && io.programs[port] != nullptr)
            std::memcpy(io.programs[port] + offset, buf, frames * sizeof(float));
    }
}

void migratePrograms(const RenderPlan& from, RenderPlan& to) {
    for (std::size_t c = 0; c < to.channels.size(); ++c) {
        const int old = from.channelIndex(to.channels[c].language);
        if (!to.channels[c].program || old < 0 ||
            !from.channels[static_cast<std::size_t>(old)].program)
            continue;
        const ProgramRuntime& before = from.programState[static_cast<std::size_t>(old)];
        ProgramRuntime& after = to.programState[c];
        after.delay.takeHistoryFrom(before.delay); // same size at the same rate, else fresh
        if (from.sampleRate != to.sampleRate)
            continue;
        after.bed = before.bed; // its level goes on from where it is, to the new settings
        after.gain = before.gain;
        after.limiter = before.limiter;
        prepareDsp(after, *to.channels[c].program, to.sampleRate);
    }
}

} // namespace dragoman
