// The two ends of one remote audio path (a remote console's mic, or the headphone mix sent to
// it): frames of 48 kHz mono in, RTP packets of Opus with the previous frame carried again
// (RFC 7587 in RFC 2198) out, and back. Encryption is the caller's (SrtpSession).
#pragma once

#include "rtp/ClockDrift.h"
#include "rtp/JitterBuffer.h"
#include "rtp/LeastLead.h"
#include "rtp/OpusVoice.h"
#include "rtp/RedundantAudio.h"
#include "rtp/RtpPacket.h"

#include <cstdint>
#include <optional>
#include <span>
#include <vector>
#include <zita-resampler/vresampler.h>

namespace dragoman {

inline constexpr std::uint8_t kOpusPayloadType = 111; // dynamic, as SDP would map it
inline constexpr std::uint8_t kRedPayloadType = 112;

// A decrypted packet on its way from a network thread to the audio thread's receiver, by
// value (lock-free queues carry copies). `epoch` tells a stream from an earlier one's (a
// console that joined again).
struct QueuedPacket {
    static constexpr std::size_t kMaxPayload = 1400; // a RED packet of two large frames fits
    std::uint32_t epoch = 0;
    double arrival = 0.0;
    RtpHeader header;
    std::uint16_t size = 0;
    std::uint8_t payload[kMaxPayload];

    // The packet, or nothing if its payload is larger than kMaxPayload.
    static std::optional<QueuedPacket> of(const RtpView& packet, double arrivalSeconds,
                                          std::uint32_t epoch = 0);
    RtpView view() const { return {header, {payload, size}}; }
};

class RemoteAudioSender {
public:
    RemoteAudioSender(const OpusVoiceSettings& settings, std::uint32_t ssrc,
                      bool redundancy = true);

    // One frame (frameSamples()) to one RTP packet, valid until the next call. No allocation.
    std::span<const std::uint8_t> packetize(const float* frame) noexcept;
    int frameSamples() const { return encoder_.frameSamples(); }
    int lookaheadSamples() const { return encoder_.lookaheadSamples(); }

private:
    OpusVoiceEncoder encoder_;
    const std::uint32_t ssrc_;
    const bool redundancy_;
    std::uint16_t sequence_;
    std::uint32_t timestamp_;
    std::vector<std::uint8_t> frame_, previous_, payload_, packet_;
    std::size_t previousSize_ = 0;
};

// A remote booth's two paths hold the frame that waits for a lost packet's copy only after
// the path has lost one: a clean path is 2.5 ms shorter each way (the 10 ms target of a booth
// on the far side of a network), a lossy one is rebuilt as before from its second loss on.
inline constexpr JitterBuffer::RedundancyWait kRemoteBoothRedundancyWait =
    JitterBuffer::RedundancyWait::AfterLoss;

class RemoteAudioReceiver {
public:
    struct Stats {
        JitterBuffer::Stats buffer;
        std::uint64_t recoveredByRedundancy = 0; // lost frames played from the next packet
        // Lost frames neither received nor rebuilt (concealed, or handed to Opus' FEC on a
        // CELT packet, which has none): what a listener may hear.
        std::uint64_t unrecovered = 0;
        std::uint64_t malformed = 0; // payloads that were not RED or Opus
        std::uint64_t wrongType = 0; // packets of a payload type other than the one expected
        std::uint64_t decodeErrors = 0;
        // Frames held ahead of the one playing, averaged over the last ~64 frames: the delay
        // the buffer really adds (the target is its floor; stretches add to it until skips
        // take it back).
        double heldFrames = 0.0;
        double driftPpm = 0.0;
        // The least lead of the last second (ResampleToLead): how early the tightest read
        // found its audio, in ms (negative: it came short and waited).
        double leastLeadMs = 0.0;
    };

    // How the receiver follows the sender's clock and keeps its delay:
    enum class Drift {
        // Resampling (ClockDrift) keeps what the buffer holds where it settled, in frames.
        Resample,
        // As Resample, and the level kept moves by fractions of a frame until the tightest
        // read of the last second finds its audio kLeadMarginSeconds early (and a frame more
        // while the path waits for redundancy): as early as the path allows (LeastLead).
        ResampleToLead,
        // Only the jitter buffer's skipped and concealed frames.
        SkipOrConceal
    };
    static constexpr double kLeadMarginSeconds = 0.0005;

    // What the packets carry: our own paths' RED (RFC 2198, payload type kRedPayloadType, the
    // previous frame again), or plain Opus (RFC 7587) of payload type `opusType`, as other
    // senders send it (Janus's AudioBridge forwarders): a lost frame then comes from the next
    // packet's in-band FEC, or is concealed.
    struct Payload {
        bool redundant;
        std::uint8_t opusType; // when not redundant
    };

    // `minDelayFrames`: the least the jitter buffer holds (2, or more when the reader takes
    // frames in bursts, e.g. an audio block of several frames).
    RemoteAudioReceiver(
        int frameSamples, int minDelayFrames, Drift drift = Drift::Resample,
        Payload payload = Payload{true, kOpusPayloadType},
        JitterBuffer::RedundancyWait redundancyWait = JitterBuffer::RedundancyWait::Always);

    // A packet (decrypted) that came at `arrivalSeconds`.
    JitterBuffer::Arrival push(const RtpView& packet, double arrivalSeconds) noexcept;
    // The next `samples` on our clock into `out`: frames decoded, rebuilt from redundancy,
    // concealed, or silence while the buffer fills, resampled to follow the sender's clock.
    // Any count (an audio block, a frame). No allocation.
    void play(float* out, std::uint32_t samples) noexcept;
    // The sender's clock against ours, as followed so far (ppm; + = the sender's is faster).
    double driftPpm() const { return drift_.driftPpm(); }
    // A new stream (the console joined again): the buffer and decoder start over.
    void reset() noexcept;
    int frameSamples() const { return frameSamples_; }
    Stats stats() const;

private:
    const int frameSamples_;
    const Payload payload_;
    JitterBuffer buffer_;
    OpusVoiceDecoder decoder_;
    void pullFrame(float* out) noexcept; // the next decoded frame
    double heldFrames_ = 0.0;
    const Drift driftMode_;
    ClockDrift drift_;
    LeastLead lead_{48000};
    double leadFrames_ = 0.0; // the lead at a read, averaged (ResampleToLead)
    double sinceTrimSeconds_ = 0.0;
    std::uint64_t seenStretched_ = 0, seenSkipped_ = 0; // the buffer's steps, followed
    double followRatio() noexcept;                      // the resampling ratio for the next frame
    void trimDelay() noexcept; // the drift control's level, from the least lead
    VResampler resampler_;
    std::vector<float> decoded_; // the frame being resampled
    std::uint32_t decodedAt_;    // its samples taken so far
    std::uint64_t recoveredByRedundancy_ = 0, celtWithoutFec_ = 0, malformed_ = 0, wrongType_ = 0;
};

// A remote booth's two paths play as early as the path allows (9.8 ms floor to ears at
// 64-frame blocks, against 11.1 ms in whole frames): a trim of the delay plays out 0.4 % faster
// or slower (7 cents, not heard on speech; the drift loop itself may correct up to 0.5 %).
inline constexpr RemoteAudioReceiver::Drift kRemoteBoothDrift =
    RemoteAudioReceiver::Drift::ResampleToLead;

} // namespace dragoman
