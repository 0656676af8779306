// Renders audio through an installed RenderPlan: floor into channels that need it, live mics
// into their channels, sources into headphones through tone, volume and limiter; meters.
// Audio thread only; no allocation, no lock, no system call.
#pragma once

#include "RenderPlan.h"
#include "base/AudioBuffers.h"

#include <cstdint>
#include <span>

namespace dragoman {

// Renders frames [offset, offset + frames) of `io`, frames <= kChunkFrames.
void renderChunk(RenderPlan& plan, const AudioBuffers& io, std::uint32_t offset,
                 std::uint32_t frames);

// Carries console and channel state from the plan being replaced into its successor, matched
// by handle, so that a session edit never drops a live mic or resets a knob.
void migrateState(const RenderPlan& from, RenderPlan& to);

// Sets every ramp to its target at once. Only before audio starts: a jump in audio clicks.
void snapToTargets(RenderPlan& plan);

} // namespace dragoman
