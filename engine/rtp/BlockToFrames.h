// Device blocks in, codec frames out: the audio thread pushes each block of a stream it sends
// (a remote console's headphone mix, a console's mic), and the network thread takes it out a
// whole Opus frame at a time. push() says when a frame has just become whole, so the network
// thread can be woken for it at once (ThreadWake) instead of finding it at its next look.
//
// Blocks and frames rarely divide each other (64-frame blocks, 120-sample frames), so "a frame
// is whole" is "the ring now holds what the frame being filled still lacks", which the network
// thread publishes after each take. A block that lands while it publishes is seen by one side
// or the other (each side's read-modify-write of the lack orders its look at the ring after
// the other's): push() says so, or the take finds it.
// A frame is never left waiting for the next block.
//
// Thread contract: one producer (push, the audio thread), one consumer (takeFrames, clear).
// No allocation after construction.
#pragma once

#include "base/RealtimeQueue.h"

#include <atomic>
#include <cstddef>
#include <span>
#include <vector>

namespace dragoman {

class BlockToFrames {
public:
    // `capacity`: samples held at most (a network thread that stalls for longer drops blocks
    // whole, counted in dropped()).
    BlockToFrames(std::size_t frameSamples, std::size_t capacity);

    // Audio thread: the block's samples; true if a whole frame now waits to be taken.
    bool push(const float* samples, std::size_t count) noexcept;

    // Network thread: each whole frame in turn, to `send` (a span valid during the call).
    template <typename Send> void takeFrames(Send&& send) {
        while (true) {
            fill_ += ring_.popMany(frame_.data() + fill_, frame_.size() - fill_);
            if (fill_ == frame_.size()) {
                fill_ = 0;
                send(std::span<const float>(frame_));
                continue;
            }
            // Read-modify-writes on both sides, not fences: ThreadSanitizer checks these.
            lacking_.exchange(frame_.size() - fill_, std::memory_order_acq_rel);
            // A block that landed before that store was judged against the old lack: look
            // again, so it is taken here if push() could not tell it completed a frame.
            const std::size_t late = ring_.popMany(frame_.data() + fill_, frame_.size() - fill_);
            if (late == 0)
                return;
            fill_ += late;
        }
    }
    // Network thread: forget what is held, for a stream that starts over (a new join).
    void clear();

    std::size_t frameSamples() const { return frame_.size(); }
    std::uint64_t dropped() const { return ring_.dropped(); }

private:
    RealtimeQueue<float> ring_;
    std::vector<float> frame_; // the frame being filled (network thread's)
    std::size_t fill_ = 0;
    std::atomic<std::size_t> lacking_; // what the frame being filled still lacks
};

} // namespace dragoman
