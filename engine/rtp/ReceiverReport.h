// How a receiving end tells the other how its packets arrive: the audio thread publishes its
// receiver's counts (relaxed atomics: each a count that only grows, or a level), the network
// thread reads them and turns the last window's into a PathReport for pongs, logs and views.
// Host and console alike.
#pragma once

#include "rtp/RemoteAudio.h"
#include "rtp/RemoteMessages.h"

#include <atomic>
#include <cstdint>

namespace dragoman {

class PublishedReceiverStats {
public:
    // Audio thread, after each block: no allocation, no lock.
    void publish(const RemoteAudioReceiver::Stats& s) noexcept {
        played_.store(s.buffer.played, std::memory_order_relaxed);
        received_.store(s.buffer.received, std::memory_order_relaxed);
        late_.store(s.buffer.late, std::memory_order_relaxed);
        duplicates_.store(s.buffer.duplicates, std::memory_order_relaxed);
        recovered_.store(s.recoveredByRedundancy, std::memory_order_relaxed);
        unrecovered_.store(s.unrecovered, std::memory_order_relaxed);
        jitterMs_.store(s.buffer.jitterMs, std::memory_order_relaxed);
        heldFrames_.store(s.heldFrames, std::memory_order_relaxed);
        driftPpm_.store(s.driftPpm, std::memory_order_relaxed);
        skipped_.store(s.buffer.skipped, std::memory_order_relaxed);
        rebuffered_.store(s.buffer.rebuffered, std::memory_order_relaxed);
        resynced_.store(s.buffer.resynced, std::memory_order_relaxed);
        stretched_.store(s.buffer.stretched, std::memory_order_relaxed);
        targetDelayFrames_.store(s.buffer.targetDelayFrames, std::memory_order_relaxed);
        leastLeadMs_.store(s.leastLeadMs, std::memory_order_relaxed);
    }
    // Any thread: the counts last published (the rest of Stats stays zero).
    RemoteAudioReceiver::Stats read() const {
        RemoteAudioReceiver::Stats s;
        s.buffer.played = played_.load(std::memory_order_relaxed);
        s.buffer.received = received_.load(std::memory_order_relaxed);
        s.buffer.late = late_.load(std::memory_order_relaxed);
        s.buffer.duplicates = duplicates_.load(std::memory_order_relaxed);
        s.recoveredByRedundancy = recovered_.load(std::memory_order_relaxed);
        s.unrecovered = unrecovered_.load(std::memory_order_relaxed);
        s.buffer.jitterMs = jitterMs_.load(std::memory_order_relaxed);
        s.heldFrames = heldFrames_.load(std::memory_order_relaxed);
        s.driftPpm = driftPpm_.load(std::memory_order_relaxed);
        s.buffer.skipped = skipped_.load(std::memory_order_relaxed);
        s.buffer.rebuffered = rebuffered_.load(std::memory_order_relaxed);
        s.buffer.resynced = resynced_.load(std::memory_order_relaxed);
        s.buffer.stretched = stretched_.load(std::memory_order_relaxed);
        s.buffer.targetDelayFrames = targetDelayFrames_.load(std::memory_order_relaxed);
        s.leastLeadMs = leastLeadMs_.load(std::memory_order_relaxed);
        return s;
    }

private:
    std::atomic<std::uint64_t> played_{0}, received_{0}, late_{0}, duplicates_{0}, recovered_{0},
        unrecovered_{0}, skipped_{0}, rebuffered_{0}, resynced_{0}, stretched_{0};
    std::atomic<int> targetDelayFrames_{0};
    std::atomic<double> jitterMs_{0.0}, heldFrames_{0.0}, driftPpm_{0.0}, leastLeadMs_{0.0};
};

// The receive side's report over the window since the last call (about a second).
class ReceiveWindow {
public:
    PathReport next(const RemoteAudioReceiver::Stats& s, double frameMs) {
        const std::uint64_t lost = s.recoveredByRedundancy + s.unrecovered;
        const double played = static_cast<double>(s.buffer.played - played_);
        auto percent = [played](std::uint64_t count) {
            return played > 0.0 ? static_cast<float>(100.0 * static_cast<double>(count) / played)
                                : 0.0f;
        };
        PathReport report;
        report.bufferMs = static_cast<float>(s.heldFrames * frameMs);
        report.lossPercent = percent(lost - lost_);
        report.concealPercent = percent(s.unrecovered - unrecovered_);
        report.jitterMs = static_cast<float>(s.buffer.jitterMs);
        played_ = s.buffer.played;
        lost_ = lost;
        unrecovered_ = s.unrecovered;
        return report;
    }

private:
    std::uint64_t played_ = 0, lost_ = 0, unrecovered_ = 0;
};

} // namespace dragoman
