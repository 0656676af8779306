// What feeds engine inputs that no device channel carries, on the audio thread, right before
// Engine::process: remote consoles' mics, decoded from the network. provide() must not
// allocate, lock or make a system call.
#pragma once

#include <cstdint>
#include <span>

namespace dragoman {

class BlockSource {
public:
    // `mics`: by console port, a writable buffer of `frames` samples for each console fed
    // from elsewhere, null for the others.
    virtual void provide(std::span<float* const> mics, std::uint32_t frames) noexcept = 0;

protected:
    ~BlockSource() = default;
};

} // namespace dragoman
