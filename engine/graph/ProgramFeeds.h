// Program feeds on the audio thread: each language channel that has one becomes, after the
// channel is mixed, the channel plus the floor bed ducked by its interpreter's voice (none
// while the channel carries the floor itself), delayed for lip-sync, brought to its loudness
// target by a slow gain the control side sets, and held under its true-peak ceiling. Before its
// gain the feed goes to the control side's loudness measurement, and again as it leaves. No
// allocation, no lock, no system call.
#pragma once

#include "RenderPlan.h"
#include "base/AudioBuffers.h"

#include <cstdint>

namespace dragoman {

// The program's look-ahead beyond the delay line: a program feed is never less late than this.
inline constexpr std::uint32_t kProgramLatencyFrames = TruePeakLimiter::kLatency;

// Control thread, while compiling: the feed's DSP for `program` at `sampleRate`.
void prepareProgram(ProgramRuntime& runtime, const PlanProgram& program, double sampleRate);

// While mixing a channel: its bus holds the interpreters' mics alone (before the floor).
void noteProgramVoice(RenderPlan& plan, std::size_t channel, const float* bus,
                      std::uint32_t frames);
// And the channel's own floor gain moved from `start` to `end` over the chunk.
inline void noteProgramFloor(RenderPlan& plan, std::size_t channel, float start, float end) {
    plan.programState[channel].floorGainStart = start;
    plan.programState[channel].floorGainEnd = end;
}

// Renders every program feed for frames [offset, offset + frames) (after the channels).
void renderPrograms(RenderPlan& plan, const AudioBuffers& io, std::uint32_t offset,
                    std::uint32_t frames);

// Carries each program feed's ducker, delay history, gain and limiter from the plan being
// replaced, matched by channel, so that a session edit neither jumps nor repeats.
void migratePrograms(const RenderPlan& from, RenderPlan& to);

} // namespace dragoman
