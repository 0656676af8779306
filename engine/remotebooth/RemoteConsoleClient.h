// The console side of a remote booth: joins a host's booth (hello, challenge, the host's
// proof checked, a confirm with its own proof, SRTP join, welcome), then sends the mic and
// plays the headphone mix, and carries key presses until the host acknowledges each. The
// state it reports (on air, outgoing channel, ...) is the host's, never a guess of its own.
//
// Threads, as on the host: after join() a network thread of its own receives, decrypts and
// answers, encodes the mic and resends keys; process() is the audio thread's (the mic into a
// lock-free ring, the decrypted packets from a lock-free queue into the jitter buffer,
// decoder and resampler; no allocation, no lock, no system call). Control threads: press,
// state, takeEvents, path, leave.
#pragma once

#include "base/RealtimeQueue.h"
#include "control/BoothMessage.h"
#include "net/ThreadWake.h"
#include "net/UdpSocket.h"
#include "rtp/BlockToFrames.h"
#include "rtp/ReceiverReport.h"
#include "rtp/RemoteAudio.h"
#include "rtp/RemoteMessages.h"
#include "rtp/SrtpSession.h"

#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <utility>
#include <variant>
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
    // Set (by another thread) to give up a join under way: join() throws "cancelled".
    const std::atomic<bool>* cancel = nullptr;
};

// Why a join failed: refused by the host (with its reason), no answer, or a host that does
// not know the secret.
class RemoteJoinError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct RemoteConsoleEvent {
    enum class Kind {
        State,           // the host sent a new state (see state())
        KeyDone,         // a key press was applied
        KeyRefused,      // the host refused it (`text` says why)
        HostLeft,        // the host said bye, or went silent for 5 s
        MessagePosted,   // a message of ours is on the host's board
        MessageRefused,  // the host refused it (`text` says why, naming the field)
        MessageReceived, // a message reached us (see messages(); `text` is its words)
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
    std::uint64_t droppedWhileStalled = 0; // packets the audio thread did not take in time
};

class RemoteConsoleClient {
public:
    explicit RemoteConsoleClient(RemoteConsoleOptions options); // throws std::runtime_error
    ~RemoteConsoleClient();                                     // leaves
    RemoteConsoleClient(const RemoteConsoleClient&) = delete;
    RemoteConsoleClient& operator=(const RemoteConsoleClient&) = delete;

    // Blocks until joined, then starts the network thread; throws RemoteJoinError.
    void join();
    int frameSamples() const { return frameSamples_; }
    // The booth as the host described it (valid after join()).
    const WelcomeMessage& welcome() const { return welcome_; }

    // Audio thread: `frames` of mic in, `frames` of headphone mix out (silence before join).
    void process(const float* mic, float* phones, std::uint32_t frames) noexcept;

    // Control threads.
    void press(const std::string& key, float value); // resent until acknowledged
    // A message (control/BoothMessage.h), resent until acknowledged; keys and messages reach
    // the host in the order they were made.
    void post(const MessageRecipient& to, QuickMessage quick, const std::string& text);
    // The messages that reached this console, each once, oldest first (the newest kKept).
    static constexpr std::size_t kKeptMessages = 256;
    std::vector<BoothMessage> messages() const;
    // Messages from the host that were not fit to show (a recipient or quick message this
    // console does not know, text that is not clean UTF-8): acknowledged, counted, dropped.
    std::uint64_t unfitMessages() const;
    bool joined() const { return joined_.load(); }
    std::optional<StateMessage> state() const;
    // Events since the last call, oldest first (the newest kMostEvents).
    static constexpr std::size_t kMostEvents = 1024;
    std::vector<RemoteConsoleEvent> takeEvents();
    RemoteConsolePath path() const;
    void leave(); // says bye and stops the network thread

private:
    void serve(); // the network thread
    void sendControl(const ControlMessage& message);
    void receive(std::span<std::uint8_t> datagram);
    void onControl(const ControlMessage& message);
    void measure();

    const RemoteConsoleOptions options_;
    UdpPeer host_;
    UdpSocket socket_;
    std::unique_ptr<SrtpSession> srtp_;             // network thread's after join()
    std::unique_ptr<RemoteAudioSender> sender_;     // network thread's
    std::unique_ptr<RemoteAudioReceiver> receiver_; // audio thread's
    std::uint32_t ssrc_ = 0;
    int frameSamples_ = 0;
    bool welcomed_ = false;
    WelcomeMessage welcome_;
    std::atomic<bool> joined_{false}, running_{false};
    std::thread thread_;

    // Audio thread <-> network thread.
    RealtimeQueue<QueuedPacket> inbound_{256};
    std::unique_ptr<BlockToFrames> mic_; // made at the welcome (it gives the frame size)
    ThreadWake wake_;                 // a mic frame is whole, or a key or message waits to be sent
    PublishedReceiverStats received_; // the receiver's counts, as last published

    // Network thread <-> control threads.
    mutable std::mutex mutex_;
    // Keys and messages to post, in the order made, until acknowledged (one sequence).
    struct Pending {
        std::variant<KeyMessage, PostMessage> message;
        std::chrono::steady_clock::time_point sentAt;
        std::uint32_t sequence() const {
            return std::visit([](const auto& m) { return m.sequence; }, message);
        }
    };
    std::vector<Pending> pending_;
    std::uint32_t nextSequence_ = 1;
    void received(const DeliveryMessage& delivery); // network thread, with mutex_ held
    void tell(RemoteConsoleEvent event);            // with mutex_ held
    std::vector<BoothMessage> messages_;
    std::uint64_t unfit_ = 0;
    std::optional<StateMessage> state_;
    std::vector<RemoteConsoleEvent> events_;
    double roundTripMs_ = 0.0;
    PathReport toHost_, fromHost_;
    std::uint64_t forged_ = 0, malformed_ = 0, replayed_ = 0, droppedWhileStalled_ = 0;

    // Network thread only.
    std::uint32_t pingId_ = 0;
    std::chrono::steady_clock::time_point lastPing_{}, lastMeasure_{}, lastHeard_{};
    ReceiveWindow window_; // the headphone mix's path, a second at a time
    std::vector<std::uint8_t> datagram_ = std::vector<std::uint8_t>(65536);
    std::vector<std::uint8_t> wire_;
};

} // namespace dragoman
