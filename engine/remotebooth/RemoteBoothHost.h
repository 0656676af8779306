// The host side of remote booths, in `dragoman run`: one UDP port where remote consoles
// join (the handshake, then SRTP), and, for each remote console of the session, the two
// audio paths between the network and the engine.
//
// Threads: a network thread of its own receives, authenticates and answers everything, and
// encodes and sends the headphone mixes. The audio thread (provide, capture) takes each
// console's decrypted packets from a lock-free queue into its jitter buffer and decoder,
// so playout follows the audio clock, and puts the headphone mix into a lock-free ring for
// the network thread. Control threads: publishStates, takeReports, stats.
#pragma once

#include "Engine.h"
#include "SessionStatus.h"
#include "base/BlockHooks.h"
#include "net/UdpSocket.h"
#include "remotebooth/RemotePathStats.h"
#include "rtp/RemoteMessages.h"
#include "session/Session.h"

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <thread>
#include <vector>

namespace dragoman {

struct RemoteBoothReport {
    enum class Kind {
        Joined,  // a console proved its secret and joined (again)
        Left,    // said bye, or went silent for 5 s
        Refused, // a hello for a console the session has no remote seat for, or bad version
        Forged,  // packets that failed authentication from a peer (first of a run)
    };
    Kind kind = Kind::Joined;
    std::string console;
    std::string peer;
    std::string reason;
};

// One line for a person: "ko-en-2 joined from 203.0.113.9:40112", "ko-en-2 left (said bye)".
std::string describeRemoteBoothReport(const RemoteBoothReport& report);

class RemoteBoothHost final : public BlockSource, public RenderedBlockSink {
public:
    // Binds the session's remote address and port (throws std::runtime_error naming them)
    // and starts the network thread. `blockFrames`: the device's block, which the jitter
    // buffers must cover.
    RemoteBoothHost(Engine& engine, const RemoteBoothSettings& settings, std::uint32_t blockFrames);
    ~RemoteBoothHost();
    RemoteBoothHost(const RemoteBoothHost&) = delete;
    RemoteBoothHost& operator=(const RemoteBoothHost&) = delete;

    int port() const;

    // Control thread: each remote console's state as the engine has it, and what is wrong
    // with the floor's sound (`floorWarning`, "" nothing), sent to the console when it
    // changes (and every second, so a lost message heals).
    void publishStates(const SessionStatus& status, const Engine& engine,
                       const std::string& floorWarning = {});
    std::vector<RemoteBoothReport> takeReports();
    std::vector<RemotePathStats> stats() const;

    // Audio thread.
    void provide(std::span<float* const> mics, std::uint32_t frames) noexcept override;
    void capture(const AudioBuffers& io) noexcept override;

private:
    struct Seat;
    struct Network;
    // The network thread (RemoteBoothNetwork.cpp).
    void serve();
    void receive(std::span<std::uint8_t> datagram, const UdpPeer& from);
    void handshake(std::span<const std::uint8_t> datagram, const UdpPeer& from);
    void answerHello(const HelloMessage& hello, const UdpPeer& from);
    void acceptConfirm(const ConfirmMessage& confirm, const UdpPeer& from);
    void control(std::size_t seat, std::span<std::uint8_t> datagram);
    void join(std::size_t seat, std::size_t pending, const ControlMessage& message);
    // A key or message from the console, applied if it is the next in the console's order.
    void applyInOrder(std::size_t seat, std::uint32_t sequence,
                      const std::function<std::string()>& apply);
    void deliverMessages(std::size_t seat);
    void sendControl(std::size_t seat, const ControlMessage& message);
    WelcomeMessage welcome(std::size_t seat) const;
    void leave(std::size_t seat, const char* reason);
    void sendAudio();
    void keepUp(); // pings, states, timeouts, stats
    void report(RemoteBoothReport::Kind kind, std::string console, const UdpPeer& peer,
                std::string reason);
    Engine& engine_;
    std::vector<std::unique_ptr<Seat>> seats_;
    std::unique_ptr<Network> network_;
    std::thread thread_;
    std::atomic<bool> running_{true};
};

} // namespace dragoman
