// See JitterBuffer.h.
#include "JitterBuffer.h"

#include <algorithm>
#include <cmath>

namespace dragoman {

namespace {
constexpr double kOpusClock = 48000.0; // RFC 7587: Opus RTP timestamps always count 48 kHz
}

JitterBuffer::JitterBuffer(Settings settings)
    : settings_(settings), slots_(static_cast<std::size_t>(settings.capacity)),
      payloads_(static_cast<std::size_t>(settings.capacity) * settings.maxPayload) {
    const double frameSeconds = settings_.frameSamples / kOpusClock;
    const auto window = static_cast<std::size_t>(std::ceil(1.0 / frameSeconds)); // one second
    transits_.assign(window, 0.0);
    sorted_.reserve(window);
    lossMemoryFrames_ = static_cast<std::uint64_t>(kLossMemorySeconds / frameSeconds);
    framesSinceLoss_ = lossMemoryFrames_; // none lost yet
    stats_.targetDelayFrames = leastDelayFrames();
}

bool JitterBuffer::waitsForRedundancy() const {
    return settings_.redundancyWait == RedundancyWait::Always ||
           framesSinceLoss_ < lossMemoryFrames_;
}

int JitterBuffer::leastDelayFrames() const {
    return waitsForRedundancy() ? settings_.minDelayFrames
                                : std::max(1, settings_.minDelayFrames - 1);
}

double JitterBuffer::mediaSeconds(std::uint32_t timestamp) {
    if (!haveTimestamp_) {
        haveTimestamp_ = true;
        extendedTimestamp_ = timestamp;
    } else {
        extendedTimestamp_ += static_cast<std::int32_t>(timestamp - lastTimestamp_);
    }
    lastTimestamp_ = timestamp;
    return static_cast<double>(extendedTimestamp_) / kOpusClock;
}

bool JitterBuffer::holds(std::uint16_t sequence) const {
    const Slot& slot = slots_[sequence % slots_.size()];
    return slot.filled && slot.sequence == sequence;
}

std::span<const std::uint8_t> JitterBuffer::payloadOf(std::uint16_t sequence) const {
    const std::size_t index = sequence % slots_.size();
    return {payloads_.data() + index * settings_.maxPayload, slots_[index].size};
}

int JitterBuffer::depth() const {
    if (!started_ || sequenceAfter(next_, newest_))
        return 0;
    return static_cast<std::uint16_t>(newest_ - next_) + 1;
}

int JitterBuffer::readyFrames() const {
    if (!playing_)
        return 0;
    const int held = depth();
    int ready = 0;
    for (std::uint16_t s = next_;
         ready < held && (holds(s) || holds(static_cast<std::uint16_t>(s + 1))); ++s)
        ++ready;
    return ready;
}

JitterBuffer::Arrival JitterBuffer::push(const RtpHeader& header,
                                         std::span<const std::uint8_t> payload,
                                         double arrivalSeconds) {
    if (payload.size() > settings_.maxPayload)
        return Arrival::TooLarge;
    const std::uint16_t sequence = header.sequence;
    if (!started_) {
        started_ = true;
        next_ = newest_ = sequence;
    } else if (sequenceAfter(next_, sequence)) {
        // Before the frame to be played next: too late once playout runs; while filling up,
        // an early packet that came second becomes the start.
        if (playing_) {
            ++stats_.late;
            return Arrival::Late;
        }
        if (static_cast<std::uint16_t>(newest_ - sequence) >= settings_.capacity) {
            ++stats_.tooEarly;
            return Arrival::TooEarly;
        }
        next_ = sequence;
    } else if (static_cast<std::uint16_t>(sequence - next_) >= settings_.capacity) {
        // Further ahead than the buffer can hold: the reader stalled (a device that stopped
        // for a while) or the sender's clock runs far faster. The frames in between were
        // refused, so waiting for them would never end: start over from this packet.
        ++stats_.tooEarly;
        ++stats_.resynced;
        forgetPackets();
        playing_ = false;
        next_ = newest_ = sequence;
    }
    Slot& slot = slotOf(sequence);
    if (slot.filled && slot.sequence == sequence) {
        ++stats_.duplicates;
        return Arrival::Duplicate;
    }
    slot = {true, sequence, payload.size()};
    std::copy(payload.begin(), payload.end(),
              payloads_.begin() +
                  static_cast<std::ptrdiff_t>((sequence % slots_.size()) * settings_.maxPayload));
    if (sequenceAfter(sequence, newest_))
        newest_ = sequence;
    ++stats_.received;
    adapt(arrivalSeconds - mediaSeconds(header.timestamp));
    return Arrival::Accepted;
}

// The delay that covers 99 % of the last second's packets: how much later than the earliest
// they arrived (relative to their media time), in frames, plus one while it waits for
// redundancy.
void JitterBuffer::adapt(double transit) {
    if (stats_.received > 1) {
        const double d = std::abs(transit - lastTransit_);
        stats_.jitterMs += (d * 1000.0 - stats_.jitterMs) / 16.0; // RFC 3550, 6.4.1
    }
    lastTransit_ = transit;
    transits_[transitAt_] = transit;
    transitAt_ = (transitAt_ + 1) % transits_.size();
    transitCount_ = std::min(transitCount_ + 1, transits_.size());
    sorted_.assign(transits_.begin(),
                   transits_.begin() + static_cast<std::ptrdiff_t>(transitCount_));
    const auto p99 = sorted_.begin() + static_cast<std::ptrdiff_t>((sorted_.size() * 99) / 100);
    std::nth_element(sorted_.begin(), p99, sorted_.end());
    const double spread = *p99 - *std::min_element(sorted_.begin(), sorted_.end());
    const double frameSeconds = settings_.frameSamples / kOpusClock;
    jitterFrames_ = static_cast<int>(std::ceil(spread / frameSeconds - 1e-3));
    retarget(jitterFrames_ + (waitsForRedundancy() ? 1 : 0));
}

// The delay wanted now: more at once, less one frame at a time after two seconds of calm.
void JitterBuffer::retarget(int wantedFrames) {
    const int wanted = std::clamp(wantedFrames, leastDelayFrames(), settings_.maxDelayFrames);
    if (wanted > stats_.targetDelayFrames) {
        stats_.targetDelayFrames = wanted; // worse: at once
        calmPackets_ = 0;
    } else if (wanted < stats_.targetDelayFrames) {
        // Better for two seconds: one frame less (pop() then skips a frame to get there).
        if (++calmPackets_ >= 2 * transits_.size()) {
            --stats_.targetDelayFrames;
            calmPackets_ = 0;
        }
    } else {
        calmPackets_ = 0;
    }
}

void JitterBuffer::forgetPackets() {
    for (Slot& slot : slots_)
        slot.filled = false;
}

void JitterBuffer::reset() {
    forgetPackets();
    started_ = playing_ = haveTimestamp_ = false;
    transitAt_ = transitCount_ = calmPackets_ = 0;
    deepPops_ = shallowPops_ = dryPops_ = 0;
    stats_.targetDelayFrames = settings_.minDelayFrames;
    stats_.depthFrames = 0;
}

JitterBuffer::Playout JitterBuffer::pop() {
    Playout playout;
    stats_.depthFrames = depth();
    if (!started_)
        return playout;
    if (!playing_) {
        if (depth() < stats_.targetDelayFrames)
            return playout; // filling up
        playing_ = true;
        dryPops_ = 0;
    }
    // Nothing ahead for longer than the buffer can bridge: start over with the next packet
    // rather than conceal for ever.
    if (depth() == 0) {
        if (++dryPops_ > std::max(stats_.targetDelayFrames * 2, 8)) {
            started_ = playing_ = false;
            ++stats_.rebuffered;
            forgetPackets();
            return playout;
        }
    } else {
        dryPops_ = 0;
    }
    // Holding more than the target (it went down, the sender's clock runs fast, or a reader
    // that stalled left a backlog): skip frames, the sooner the more there are. A frame over
    // for a second costs one frame; a backlog larger than the target itself (a stall, or a
    // sender faster than skipping one by one can follow) goes at once, so the delay stays
    // bounded, at the price of one audible jump.
    const int excess = depth() - (stats_.targetDelayFrames + 1 + settings_.slackFrames);
    if (excess > 0) {
        deepPops_ += excess;
        if (deepPops_ >= static_cast<int>(transits_.size())) {
            deepPops_ = 0;
            // A reader that keeps the delay itself trims it; only a backlog goes here.
            const bool backlog = excess > stats_.targetDelayFrames + 1;
            const int skip = backlog                                        ? excess
                             : settings_.delayKeeper == DelayKeeper::Buffer ? 1
                                                                            : 0;
            for (int i = 0; i < skip; ++i, ++next_)
                slotOf(next_).filled = false;
            stats_.skipped += static_cast<std::uint64_t>(skip);
        }
    } else {
        deepPops_ = 0;
    }
    // Holding less than the target (it just grew, or the sender's clock runs slow): one frame
    // more, by a concealed frame that does not advance; at once when this frame's packet
    // has not come (it may yet), else at most every tenth frame, gently. A reader that keeps
    // the delay itself plays ahead of the target: only a frame it cannot play is waited for.
    const bool keptByBuffer = settings_.delayKeeper == DelayKeeper::Buffer;
    const bool due = keptByBuffer ? !holds(next_)
                                  : !holds(next_) && !holds(static_cast<std::uint16_t>(next_ + 1));
    if (depth() < stats_.targetDelayFrames &&
        (due || (keptByBuffer && depth() < stats_.targetDelayFrames - settings_.slackFrames &&
                 ++shallowPops_ >= 10))) {
        shallowPops_ = 0;
        ++stats_.stretched;
        playout.kind = Playout::Kind::Conceal;
        return playout;
    }
    if (holds(next_)) {
        playout = {Playout::Kind::Packet, payloadOf(next_)};
        slotOf(next_).filled = false; // the bytes stay until a later packet takes the slot
    } else if (holds(static_cast<std::uint16_t>(next_ + 1))) {
        playout = {Playout::Kind::Fec, payloadOf(static_cast<std::uint16_t>(next_ + 1))};
        ++stats_.recoveredByFec;
    } else {
        playout.kind = Playout::Kind::Conceal;
        ++stats_.concealed;
    }
    if (playout.kind == Playout::Kind::Packet) {
        framesSinceLoss_ = std::min(framesSinceLoss_ + 1, lossMemoryFrames_);
    } else { // lost (or too late): wait for the next packet's copy from now on
        framesSinceLoss_ = 0;
        retarget(jitterFrames_ + 1);
    }
    ++next_;
    ++stats_.played;
    stats_.depthFrames = depth();
    return playout;
}

} // namespace dragoman
