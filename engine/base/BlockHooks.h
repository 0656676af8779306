// The two hooks around Engine::process on the audio thread, for everything that is neither the
// device nor the engine: a BlockSource fills inputs no device channel carries (remote consoles'
// mics, a meeting's floor, decoded from the network) right before it; a RenderedBlockSink takes
// each rendered block right after it, with the same buffers (the recorder, the streams, the remote
// booths' sends). Neither may allocate, lock or make a system call.
#pragma once

#include "base/AudioBuffers.h"

#include <cstdint>
#include <span>

namespace dragoman {

class BlockSource {
public:
    // `mics`: by console port, a writable buffer of `frames` samples for each console fed
    // from elsewhere, null for the others.
    virtual void provide(std::span<float* const> mics, std::uint32_t frames) noexcept = 0;
    // `floor`: a writable buffer of `frames` samples per floor channel, holding what the floor
    // is without this source (the device's floor input, or silence), when the floor may come
    // from elsewhere (a meeting); empty otherwise. A source that brings the floor writes it.
    virtual void provideFloor(std::span<float* const> floor, std::uint32_t frames) noexcept {
        (void)floor;
        (void)frames;
    }

protected:
    ~BlockSource() = default;
};

class RenderedBlockSink {
public:
    virtual void capture(const AudioBuffers& io) noexcept = 0;

protected:
    ~RenderedBlockSink() = default;
};

} // namespace dragoman
