// See BlockToFrames.h.
#include "rtp/BlockToFrames.h"

namespace dragoman {

BlockToFrames::BlockToFrames(std::size_t frameSamples, std::size_t capacity)
    : ring_(capacity), frame_(frameSamples, 0.0f), lacking_(frameSamples) {}

bool BlockToFrames::push(const float* samples, std::size_t count) noexcept {
    if (!ring_.pushAll(samples, count))
        return false;
    // A read-modify-write reads the latest lack, and orders this push before the network
    // thread's next look at the ring (see the header).
    const std::size_t lacking = lacking_.fetch_add(0, std::memory_order_acq_rel);
    return ring_.readable() >= lacking;
}

void BlockToFrames::clear() {
    while (ring_.popMany(frame_.data(), frame_.size()) > 0) {
    }
    fill_ = 0;
    lacking_.store(frame_.size(), std::memory_order_release);
}

} // namespace dragoman
