// Renders audio through an installed RenderPlan: floor into channels that need it, live mics
// into their channels, sources into headphones through tone, volume and limiter; meters.
// Audio thread only; no allocation, no lock, no system call.
#pragma once

#include "RenderPlan.h"

#include <cstdint>
#include <span>

namespace dragoman {

// The host's buffers for one call, addressed by port. A console's port (its mic and its
// headphones) and a channel's port are stable for the engine's lifetime: adding or removing a
// booth never moves another console's signal to a different buffer. Hosts size the arrays by
// EngineLayout's port counts; a port beyond an array's size, or a null pointer, is silence
// (inputs) or skipped (outputs; still metered). Outputs must not share memory with inputs:
// hosts that process in place (JUCE) copy their inputs first.
struct AudioBuffers {
    // Points at a host's pointer arrays (which must outlive the call).
    static AudioBuffers from(std::span<const float* const> floor,
                             std::span<const float* const> mics, std::span<float* const> channels,
                             std::span<float* const> phones, std::uint32_t frames) {
        const auto count = [](std::size_t n) { return static_cast<std::uint32_t>(n); };
        return {floor.data(),       count(floor.size()),  mics.data(),
                count(mics.size()), channels.data(),      count(channels.size()),
                phones.data(),      count(phones.size()), frames};
    }

    const float* const* floor = nullptr; // floor channels 0..n-1
    std::uint32_t floorCount = 0;
    const float* const* mics = nullptr; // by console port
    std::uint32_t micCount = 0;
    float* const* channels = nullptr; // by channel port
    std::uint32_t channelCount = 0;
    float* const* phones = nullptr; // by console port
    std::uint32_t phonesCount = 0;
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
