// The pieces of RemoteBoothHost that its two source files share: a seat (one remote console's
// audio paths, between the network thread and the audio thread) and the network thread's
// state. Internal to remotebooth/.
#pragma once

#include "RemoteBoothHost.h"
#include "base/RealtimeQueue.h"
#include "base/ReportQueue.h"
#include "net/ThreadWake.h"
#include "net/TokenBucket.h"
#include "net/UdpSocket.h"
#include "rtp/BlockToFrames.h"
#include "rtp/JoinCookies.h"
#include "rtp/ReceiverReport.h"
#include "rtp/RemoteAudio.h"
#include "rtp/RemoteMessages.h"
#include "rtp/SrtpSession.h"

#include <algorithm>
#include <chrono>
#include <deque>
#include <memory>
#include <utility>

namespace dragoman {

// Shared by the two source files.
namespace remote_booth {

using Clock = std::chrono::steady_clock;

constexpr auto kSilenceTimeout = std::chrono::seconds(5);
constexpr auto kPingEvery = std::chrono::milliseconds(250);
// The network thread's housekeeping (pings, states, timeouts, stats) at most this far apart.
constexpr auto kKeepUpEvery = std::chrono::milliseconds(20);
// Datagrams taken at one turn of the network thread before it looks at the audio again.
constexpr int kDatagramsPerTurn = 16;
constexpr auto kStateRefresh = std::chrono::seconds(1);
constexpr auto kHandshakeExpiry = std::chrono::seconds(5);
constexpr std::size_t kAnswersKept = 64;
constexpr auto kResendDelivery = std::chrono::milliseconds(150);
constexpr std::size_t kMostUndelivered = 128;
constexpr std::size_t kMostPendingHandshakes = 64;
// Challenges a second, whoever asks: each costs an HMAC and a key derivation (some 10 us). A
// real console asks a few times a minute at most; beyond this a flood is going on, and the
// hellos that find the budget spent wait for their console's next try.
constexpr double kMostChallengesPerSecond = 8000.0;
// Confirms checked a second (three key derivations each). They carry a cookie only a host's
// own answer gives, so they come from addresses that receive; a budget of their own keeps a
// hello flood from crowding them out.
constexpr double kMostConfirmsPerSecond = 1000.0;
// Refusals and forged joins logged a second, at most, so a flood does not fill the log.
constexpr double kMostHandshakeReportsPerSecond = 5.0;

} // namespace remote_booth

struct RemoteBoothHost::Seat {
    Seat(std::string id, std::string key, std::uint32_t mic, std::uint32_t headphones,
         const OpusVoiceSettings& opus, int minDelayFrames)
        : console(std::move(id)), secret(std::move(key)), micPort(mic), phonesPort(headphones),
          frameSamples(opus.frameSamples()),
          receiver(frameSamples, minDelayFrames, kRemoteBoothDrift,
                   RemoteAudioReceiver::Payload{true, kOpusPayloadType},
                   kRemoteBoothRedundancyWait) {}

    const std::string console, secret;
    const std::uint32_t micPort, phonesPort;
    const int frameSamples;

    // Network thread -> audio thread.
    RealtimeQueue<QueuedPacket> inbound{256};
    std::atomic<std::uint32_t> epoch{0};
    std::atomic<bool> joined{false};

    // Audio thread's.
    RemoteAudioReceiver receiver;
    std::uint32_t seenEpoch = 0;

    // Audio thread -> network thread: the headphone mix, a second at most.
    BlockToFrames phones{static_cast<std::size_t>(frameSamples), 48000};
    PublishedReceiverStats received;
};

struct RemoteBoothHost::Network {
    // A console that proved it knows its secret (a confirm): its join must come keyed for it.
    struct Pending {
        std::size_t seat = 0;
        UdpPeer peer;
        std::unique_ptr<SrtpSession> srtp; // keyed for this join; the link's once it joins
        remote_booth::Clock::time_point at;
        RemoteNonce consoleNonce{}, hostNonce{}; // a repeated confirm changes nothing
    };
    // A seat's network side (network thread only, but for `stats` under the mutex).
    struct Link {
        std::unique_ptr<SrtpSession> srtp;
        std::unique_ptr<RemoteAudioSender> sender;
        UdpPeer peer;
        std::uint32_t ssrc = 0;
        // Keys and messages from the console, applied in its order: the last applied, and the
        // answers to the last kAnswersKept (an ack lost is answered again the same).
        std::uint32_t lastKey = 0;
        std::deque<std::pair<std::uint32_t, std::string>> answers;
        // Messages to the console: the board's number looked at so far, and those sent but
        // not acknowledged (resent every kResendDelivery, the newest kMostUndelivered kept
        // while the console is away).
        std::uint64_t messagesSeen = 0;
        struct Delivery {
            DeliveryMessage message;
            remote_booth::Clock::time_point sentAt{};
        };
        std::deque<Delivery> deliveries;
        std::uint32_t stateSequence = 0;
        StateMessage lastState; // as last sent
        remote_booth::Clock::time_point stateSentAt{}, lastHeard{}, lastPing{};
        std::uint32_t pingId = 0;
        bool forgedRun = false;
        std::uint64_t forged = 0; // all time (stats() reads a copy made under the mutex)
        std::uint64_t droppedWhileStalled = 0; // the inbound queue was full (all time)
        ReceiveWindow window;                  // the mic's path, a second at a time
        double roundTripMs = 0.0;              // the last one
        // Round trips of the last 10 s: their least is the network's own delay, the rest of
        // a trip is queueing the jitter buffer already absorbs.
        std::deque<std::pair<remote_booth::Clock::time_point, double>> roundTrips;
        PathReport consoleReport; // how the headphone mix reaches the console
        PathReport hostReport;    // how the mic reaches us (recent)
    };

    Network(const RemoteBoothSettings& s, std::uint32_t blockFrames)
        : settings(s), socket(s.address, s.port), block(blockFrames) {}

    const RemoteBoothSettings settings;
    UdpSocket socket;
    ThreadWake frameReady; // the audio thread completed a headphone frame
    const std::uint32_t block;
    std::vector<Pending> pending;
    JoinCookies cookies;
    TokenBucket challenges{remote_booth::kMostChallengesPerSecond};
    TokenBucket confirms{remote_booth::kMostConfirmsPerSecond};
    TokenBucket handshakeReports{remote_booth::kMostHandshakeReportsPerSecond};
    std::vector<Link> links; // by seat
    std::vector<std::uint8_t> datagram = std::vector<std::uint8_t>(65536);
    std::vector<std::uint8_t> wire;
    std::uint64_t malformed = 0, strangers = 0;
    remote_booth::Clock::time_point lastKeepUp{}, lastStats{};

    ReportQueue<RemoteBoothReport> reports{256}; // locks itself

    mutable std::mutex mutex;         // guards what follows
    std::vector<StateMessage> states; // by seat, as published
    std::vector<RemotePathStats> stats;
};

} // namespace dragoman
