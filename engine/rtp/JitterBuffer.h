// The receive side of a remote audio path: holds RTP/Opus packets that arrive early, late,
// twice or out of order, and tells the decoder, one frame at a time on the audio clock,
// what to decode: the frame's own packet, its copy in the next packet's in-band FEC, or a
// concealed frame when neither came. The delay it holds adapts to the jitter measured: the
// 99th percentile of how late packets arrive against the earliest, over the last second,
// plus one frame while it waits for redundancy (and then at least two frames, so the next
// packet's copy can stand in for a lost one: always, or after a loss, see RedundancyWait); it
// grows at once when the network gets worse and shrinks slowly (one frame at a time, after two
// seconds of calm, by skipping a frame) so listeners hear no pumping. Small drift is the
// resampler's (ClockDrift); more than the target held is skipped, the sooner the more there
// is, and a backlog larger than the target (a reader that stalled) goes at once, so the delay
// stays bounded. A packet further ahead than the buffer holds starts playout over from it.
//
// Single-threaded: the owner feeds it (push) and drains it (pop) from one thread, e.g. the
// network thread with its own frame clock; no allocation after construction.
#pragma once

#include "rtp/RtpPacket.h"

#include <array>
#include <cstdint>
#include <span>
#include <vector>

namespace dragoman {

class JitterBuffer {
public:
    // When the buffer holds a frame more, so a lost packet can be rebuilt from the next one
    // (its redundant copy, or Opus's in-band FEC): always, or only while the path has lost a
    // packet in the last kLossMemorySeconds. The second spares a clean path the frame
    // (2.5 ms at the remote booths' frames) at the price of one concealed frame, the first
    // loss, before the buffer grows for the next.
    enum class RedundancyWait { Always, AfterLoss };
    static constexpr double kLossMemorySeconds = 30.0;

    // Who holds the delay at its target while frames keep coming: the buffer, by now and then
    // a concealed frame that does not advance (a delay in whole frames), or its reader, whose
    // resampler moves the play point by fractions of a frame (RemoteAudioReceiver's
    // least-lead pacing). Either way a frame not there when due, and not to be rebuilt from
    // the next, is waited for, and a backlog beyond the target is skipped.
    enum class DelayKeeper { Buffer, Reader };

    struct Settings {
        std::uint32_t frameSamples = 240; // 5 ms at 48 kHz (RTP timestamps for Opus are 48 kHz)
        // Two: a lost frame can only be rebuilt from the next packet's FEC if that packet is
        // already here when the lost one is due. One less while AfterLoss does not wait.
        int minDelayFrames = 2;
        RedundancyWait redundancyWait = RedundancyWait::Always;
        int maxDelayFrames = 40;
        int capacity = 128;            // packets held; later ones are refused as too early
        std::size_t maxPayload = 1276; // the largest Opus packet of one frame
        // Frames either side of the target left to a resampler that follows the sender's
        // clock (ClockDrift): within them the buffer neither skips nor inserts frames.
        int slackFrames = 0;
        DelayKeeper delayKeeper = DelayKeeper::Buffer;
    };

    enum class Arrival { Accepted, Duplicate, Late, TooEarly, TooLarge };

    struct Playout {
        enum class Kind {
            Waiting, // not started (or refilling): play silence
            Packet,  // decode `payload`
            Fec,     // this frame was lost: decode `payload` (the next packet) with FEC on
            Conceal, // nothing for this frame (or a frame inserted to let the delay grow):
                     // the decoder's packet-loss concealment
        };
        Kind kind = Kind::Waiting;
        std::span<const std::uint8_t> payload; // valid until the next push or pop
    };

    struct Stats {
        std::uint64_t received = 0, duplicates = 0, late = 0, tooEarly = 0;
        std::uint64_t played = 0, recoveredByFec = 0, concealed = 0;
        std::uint64_t skipped = 0;    // frames dropped to bring the delay back down
        std::uint64_t stretched = 0;  // frames concealed to let the delay grow
        std::uint64_t rebuffered = 0; // times the stream ran dry and playout started over
        // Times a packet came further ahead than the buffer holds (the reader stalled, or the
        // sender's clock runs far faster) and playout started over from it.
        std::uint64_t resynced = 0;
        double jitterMs = 0.0; // RFC 3550 interarrival jitter estimate
        int targetDelayFrames = 0;
        int depthFrames = 0; // frames held ahead of playout
    };

    explicit JitterBuffer(Settings settings);

    // A packet that came at `arrivalSeconds` (the receiver's clock).
    Arrival push(const RtpHeader& header, std::span<const std::uint8_t> payload,
                 double arrivalSeconds);
    // The next frame's decision; call once per frame.
    Playout pop();
    // Forgets every packet and the measured delay, as for a new stream (a console that joined
    // again); the counts stay. No allocation.
    void reset();
    const Stats& stats() const { return stats_; }
    // Whether playout runs (false: not started, or filling up to the target).
    bool playing() const { return playing_; }
    // Frames in a row from the next to play that are here, or can be rebuilt from the one
    // after (its redundancy or FEC): what a reader can play before it must wait.
    int readyFrames() const;
    // Whether the delay holds a frame for a lost packet's copy in the next (RedundancyWait).
    bool waitsForRedundancy() const;

private:
    struct Slot {
        bool filled = false;
        std::uint16_t sequence = 0;
        std::size_t size = 0;
    };
    Slot& slotOf(std::uint16_t sequence) { return slots_[sequence % slots_.size()]; }
    std::span<const std::uint8_t> payloadOf(std::uint16_t sequence) const;
    bool holds(std::uint16_t sequence) const;
    void adapt(double transit);
    void retarget(int wanted);
    int leastDelayFrames() const;
    int depth() const;
    void forgetPackets();
    double mediaSeconds(std::uint32_t timestamp);

    Settings settings_;
    std::vector<Slot> slots_;
    std::vector<std::uint8_t> payloads_; // capacity x maxPayload
    bool started_ = false;               // the first packet came
    bool playing_ = false;               // playout runs (false: filling up to the target)
    std::uint16_t next_ = 0;             // the sequence number of the next frame to play
    std::uint16_t newest_ = 0;

    // Transit times (arrival minus media time) of the last second, for the target delay.
    std::vector<double> transits_;
    std::size_t transitAt_ = 0, transitCount_ = 0;
    std::vector<double> sorted_; // scratch for the percentile
    double lastTransit_ = 0.0;
    bool haveTimestamp_ = false;
    std::uint32_t lastTimestamp_ = 0;
    std::int64_t extendedTimestamp_ = 0; // unwrapped: a day at 48 kHz passes 2^32
    std::size_t calmPackets_ = 0;        // arrivals in a row that wanted less delay
    int jitterFrames_ = 0;               // the last second's spread, in whole frames
    std::uint64_t framesSinceLoss_ = 0;  // played since one was lost, up to lossMemoryFrames_
    std::uint64_t lossMemoryFrames_ = 0;
    int deepPops_ = 0, shallowPops_ = 0, dryPops_ = 0;
    Stats stats_;
};

} // namespace dragoman
