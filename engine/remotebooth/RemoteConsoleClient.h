// The console side of a remote booth: joins a host's booth (hello, challenge, the host's
// proof checked, SRTP, join, welcome), then, one frame at a time, sends the mic and plays
// the headphone mix, and carries key presses until the host acknowledges each. The state it
// reports (on air, outgoing channel, ...) is the host's, never a guess of its own.
//
// Single-threaded: the owner calls poll() and exchange() in turn on its frame clock (the
// headless `dragoman join` does; an audio app would split the two across threads).
#pragma once

#include "remote/UdpSocket.h"
#include "rtp/RemoteAudio.h"
#include "rtp/RemoteMessages.h"
#include "rtp/SrtpSession.h"

#include <chrono>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace dragoman {

struct RemoteConsoleOptions {
    std::string host;
    int port = 5004;
    std::string console;
    std::string secret;
    double joinTimeoutSeconds = 10.0;
    // Go on even when the host cannot prove it knows the secret, and send audio and keys
    // unwelcomed. Only for testing a host's defences (a stranger who pushes on); a console
    // must never do this.
    bool ignoreHostProof = false;
};

// Why a join failed: refused by the host (with its reason), no answer, or a host that does
// not know the secret.
class RemoteJoinError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct RemoteConsoleEvent {
    enum class Kind {
        State,      // the host sent a new state (see state())
        KeyDone,    // a key press was applied
        KeyRefused, // the host refused it (`text` says why)
        HostLeft,   // the host said bye
    };
    Kind kind = Kind::State;
    std::string key;
    std::string text;
};

struct RemoteConsolePath {
    double roundTripMs = 0.0;
    PathReport toHost;   // how our mic reaches the host (its report)
    PathReport fromHost; // how the headphone mix reaches us (measured here)
    RemoteAudioReceiver::Stats receiver;
    std::uint64_t forged = 0, malformed = 0;
    std::uint64_t replayed = 0; // duplicates SRTP's replay window caught before the buffer
};

class RemoteConsoleClient {
public:
    explicit RemoteConsoleClient(RemoteConsoleOptions options); // throws std::runtime_error
    ~RemoteConsoleClient();                                     // says bye if joined
    RemoteConsoleClient(const RemoteConsoleClient&) = delete;
    RemoteConsoleClient& operator=(const RemoteConsoleClient&) = delete;

    // Blocks until joined; throws RemoteJoinError.
    void join();
    int frameSamples() const { return frameSamples_; }

    // Handles what arrives until `until` (audio into the jitter buffer, control messages).
    void poll(std::chrono::steady_clock::time_point until);
    // One frame: sends `mic` and plays the next frame into `phones`; resends unacknowledged
    // keys and pings now and then.
    void exchange(const float* mic, float* phones);
    // Queues a key press (its name and value, see RemoteKeyPress.h) to send until acked.
    void press(const std::string& key, float value);
    void leave();

    bool joined() const { return srtp_ != nullptr; }
    const std::optional<StateMessage>& state() const { return state_; }
    std::vector<RemoteConsoleEvent> takeEvents() { return std::exchange(events_, {}); }
    RemoteConsolePath path() const;

private:
    void sendControl(const ControlMessage& message);
    void receive(std::span<std::uint8_t> datagram);
    void onControl(const ControlMessage& message);
    void measure();

    const RemoteConsoleOptions options_;
    UdpPeer host_;
    UdpSocket socket_;
    std::unique_ptr<SrtpSession> srtp_;
    std::unique_ptr<RemoteAudioSender> sender_;
    std::unique_ptr<RemoteAudioReceiver> receiver_;
    std::uint32_t ssrc_ = 0;
    int frameSamples_ = 0;
    bool welcomed_ = false;

    struct PendingKey {
        KeyMessage message;
        std::chrono::steady_clock::time_point sentAt;
    };
    std::vector<PendingKey> keys_;
    std::uint32_t nextKey_ = 1;
    std::optional<StateMessage> state_;
    std::vector<RemoteConsoleEvent> events_;

    std::uint32_t pingId_ = 0;
    std::chrono::steady_clock::time_point lastPing_{}, lastMeasure_{};
    double roundTripMs_ = 0.0;
    PathReport toHost_, fromHost_;
    std::uint64_t playedBefore_ = 0, lostBefore_ = 0, unrecoveredBefore_ = 0;
    std::uint64_t forged_ = 0, malformed_ = 0, replayed_ = 0;
    std::vector<std::uint8_t> datagram_ = std::vector<std::uint8_t>(65536);
    std::vector<std::uint8_t> wire_;
};

} // namespace dragoman
