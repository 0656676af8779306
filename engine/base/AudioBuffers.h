// The host's audio buffers for one Engine::process call, addressed by port: what the engine,
// the device bridge, the recorder and the remote booths pass between them. A plain view over
// pointer arrays the host owns.
#pragma once

#include <cstdint>
#include <span>

namespace dragoman {

// The host's buffers for one call, addressed by port. A console's port (its mic and its
// headphones) and a channel's port are stable for the engine's lifetime: adding or removing a
// booth never moves another console's signal to a different buffer. Hosts size the arrays by
// EngineLayout's port counts; a port beyond an array's size, or a null pointer, is silence
// (inputs) or skipped (outputs; still metered). Outputs must not share memory with inputs or
// with each other: hosts that process in place (JUCE) copy their inputs first, and a channel
// is mixed in its output buffer, where the headphones that hear it read it back.
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
    // Program feeds (LanguageChannel::program) by channel port, as channels; a channel with
    // no program feed leaves its buffer untouched. Null where the host takes none.
    float* const* programs = nullptr;
    std::uint32_t programCount = 0;
    // The talkback to the technician: the mics of the consoles whose talkback key is held
    // (never on a channel). Null where the host has nowhere for it (still metered).
    float* talkback = nullptr;
};

} // namespace dragoman
