// Renders audio through an installed RenderPlan: floor into channels that need it, live mics
// into their channels, sources into headphones through tone, volume and limiter; meters.
// Audio thread only; no allocation, no lock, no system call.
#pragma once

#include "RenderPlan.h"

#include <cstdint>

namespace dragoman {

// The host's buffers for one call. Inputs: floor channels, then one mic per console; outputs:
// language channels, then one headphone feed per console (RenderPlan order). A host may offer
// fewer buffers than the plan has, or null pointers: missing inputs are silence and missing
// outputs are skipped (and still metered).
struct AudioBuffers {
    const float* const* inputs = nullptr;
    std::uint32_t inputCount = 0;
    float* const* outputs = nullptr;
    std::uint32_t outputCount = 0;
    std::uint32_t frames = 0;
};

// Renders frames [offset, offset + frames) of `io`, frames <= kChunkFrames.
void renderChunk(RenderPlan& plan, const AudioBuffers& io, std::uint32_t offset,
                 std::uint32_t frames);

// Carries console and channel state from the plan being replaced into its successor, matched
// by handle, so that a session edit never drops a live mic or resets a knob.
void migrateState(const RenderPlan& from, RenderPlan& to);

// Sets every ramp to its target at once. Only before audio starts: a jump in audio clicks.
void snapToTargets(RenderPlan& plan);

} // namespace dragoman
