// The meeting as the floor: the mix of a Janus AudioBridge room, forwarded by Janus over
// RTP/Opus to this machine, played as the floor.
//
// Three sides. A thread per Janus talks to its HTTP API: makes the room (48 kHz: the plugin's
// default 16 kHz would cut the floor at 8 kHz) if Janus lacks it, asks for the forward
// (`rtp_forward`, always on, to our port, with an SSRC of our own), checks every 2 s that it is
// still listed and asks again when it is not (Janus restarted, the room destroyed and made
// again); a keepalive every 0.5 s notices a restarted Janus. A receive thread takes the packets
// (only those with our SSRC), and the audio thread plays them through the remote booths'
// receiver: jitter buffer, in-band FEC or concealment for a lost packet, resampling to follow
// Janus's clock. While no packet has come for a moment, the floor is the fallback (the device's
// floor, or silence, as the map gives it), crossfaded both ways so nothing clicks. With `srtp`,
// Janus encrypts the forward with a key drawn for each forward (SRTP's default profile) and the
// receive thread decrypts it; a packet that does not authenticate is a stranger.
#pragma once

#include "base/BlockHooks.h"
#include "base/RealtimeQueue.h"
#include "base/ReportQueue.h"
#include "meeting/MeetingFloorStats.h"
#include "meeting/SpeakerTurns.h"
#include "rtp/ReceiverReport.h"
#include "rtp/RemoteAudio.h"
#include "session/Session.h"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace dragoman {

class SrtpSession;
class UdpSocket;

struct MeetingReport {
    enum class Kind {
        Linked,      // the forward is set up (again): the meeting's mix is on its way
        Hearing,     // the meeting's audio arrives: the floor is the meeting
        NotHearing,  // nothing arrived for a moment: the floor is the fallback
        JanusLost,   // Janus does not answer or forgot us: `reason`; retrying every second
        Refused,     // Janus refused the room or the forward: `reason`
        RoomRate,    // the room runs at `rate` Hz, not 48000: the floor's band is cut
        SpeakerTurn, // `reason` (their display name) takes the floor, having declared `language`
    };
    Kind kind = Kind::Linked;
    std::string reason;
    int rate = 0;
    std::string language; // with SpeakerTurn: their declared language, "" if none
};

// A report as one line for a person (the engineer view's notes), saying what the floor is
// meanwhile (`fallback`).
std::string describeMeetingReport(const MeetingReport& report, MeetingFallback fallback);

class MeetingFloor final : public BlockSource {
public:
    // Binds the floor port (std::runtime_error if it cannot) and starts linking in the
    // background. `description`: the room's, if Dragoman makes it.
    MeetingFloor(const MeetingSettings& settings, std::string description);
    ~MeetingFloor(); // stops the forward in Janus, as far as Janus answers
    MeetingFloor(const MeetingFloor&) = delete;
    MeetingFloor& operator=(const MeetingFloor&) = delete;

    // Audio thread. No allocation, lock or system call.
    void provide(std::span<float* const>, std::uint32_t) noexcept override {}
    void provideFloor(std::span<float* const> floor, std::uint32_t frames) noexcept override;

    // Control thread.
    std::vector<MeetingReport> takeReports() { return reports_.take(); }
    MeetingFloorStats stats() const;
    int port() const;
    // The SSRC Janus is asked to send the forward with (only its packets are played).
    std::uint32_t ssrc() const { return ssrc_; }

    static constexpr int kFrameSamples = 960; // the AudioBridge mixes and forwards 20 ms frames
    static constexpr std::uint8_t kPayloadType = 111;
    static constexpr int kRoomBitrate = 96000; // bit/s of every Opus stream the room encodes
    static constexpr std::chrono::milliseconds kHearingTimeout{300};
    static constexpr std::chrono::milliseconds kCheckEvery{2000};
    static constexpr std::chrono::milliseconds kKeepaliveEvery{500};
    static constexpr std::chrono::milliseconds kTurnsEvery{250}; // who talks, when followed
    static constexpr int kCrossfadeSamples = 480; // 10 ms between the meeting and the fallback

private:
    void receiveLoop();
    void janusLoop();
    bool waitFor(std::chrono::milliseconds time); // false when stopping

    const MeetingSettings settings_;
    const std::string description_;
    const std::uint32_t ssrc_; // asked of Janus for the forward: strays are told apart
    std::unique_ptr<UdpSocket> socket_;

    // Receive thread -> audio thread. Each forward Janus makes is a new stream (its sequence
    // numbers and timestamps start anywhere): its packets carry a new epoch, and the audio
    // thread starts its receiver over when the epoch changes.
    RealtimeQueue<QueuedPacket> inbound_{256};
    std::atomic<std::uint32_t> epoch_{0};
    std::atomic<bool> hearing_{false};
    // Audio thread's.
    RemoteAudioReceiver receiver_;
    std::vector<float> decoded_;
    float mix_ = 0.0f; // 0: the fallback, 1: the meeting
    std::uint32_t playingEpoch_ = 0;
    PublishedReceiverStats published_;

    // The forward's SRTP, replaced by the Janus thread with each forward (a new key), read by
    // the receive thread; null without `srtp`.
    std::mutex srtpMutex_;
    std::unique_ptr<SrtpSession> srtp_;
    std::atomic<std::uint64_t> strangers_{0};
    std::atomic<std::int64_t> lastPacketNs_{0};
    ReportQueue<MeetingReport> reports_;
    std::mutex mutex_;
    std::condition_variable wake_;
    std::atomic<bool> stopping_ = false; // set under mutex_ (no lost wake), read without
    std::thread receiving_, janus_;
};

} // namespace dragoman
