// The OSC control surface of `dragoman run` (address space in docs/remote-control.md): press
// any console key, switch the floor language, send messages, read the state, subscribe to
// state, signals, messages and meters, load a session. Every command is answered, `/dragoman/ok
// ADDRESS` or
// `/dragoman/error ADDRESS MESSAGE`; nothing malformed changes anything. Control thread only:
// `dragoman run`'s main loop polls it.
#pragma once

#include "Engine.h"
#include "SessionStatus.h"
#include "base/Problem.h"
#include "dsp/FloorQuality.h"
#include "meeting/MeetingFloorStats.h"
#include "net/PeerAllowList.h"
#include "net/TokenBucket.h"
#include "net/UdpSocket.h"
#include "remotebooth/RemotePathStats.h"
#include "session/Session.h"
#include "surfaces/OscPacket.h"

#include <chrono>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace dragoman {

// What the remote control acts on, besides the engine.
struct SurfaceTarget {
    Engine& engine;
    const SessionStatus& status;
    // Loads and runs a session file; the problems if it was refused (the running one stays).
    std::function<Problems(const std::string& file)> loadSessionFile;
    // Arms MIDI learn: the next note or control from `device` works `console`'s `key`.
    std::function<void(const std::string& device, const std::string& console,
                       const std::string& key)>
        midiLearn;
    // Each remote console's path (empty without remote booths): in the state as
    // /dragoman/remote-console/ID/joined, peer, rtt-ms, to-console-ms, from-console-ms,
    // loss-to-console-pct, loss-from-console-pct, forged.
    std::function<std::vector<RemotePathStats>()> remotePaths;
    // Web listeners per signal ("floor", channel ids), as Janus counts them (empty without
    // them): in the state as /dragoman/web-listeners/SIGNAL.
    std::function<std::map<std::string, int>()> webListeners;
    // The meeting's path to the floor (nothing without a meeting): in the state as
    // /dragoman/meeting/floor (1 while the meeting is the floor), received, lost, jitter-ms,
    // buffer-ms.
    std::function<std::optional<MeetingFloorStats>()> meetingFloor;
    // Whether the floor is good enough to interpret: in the state as /dragoman/floor/quality,
    // "good", "no speech to judge" or what is wrong ("nothing above 4 kHz (a telephone
    // line?)", the last verdict standing through pauses).
    std::function<std::optional<FloorQualityReading>()> floorQuality;
};

class OscSurface {
public:
    // A packet's messages acted on at most (a bundle of more is refused whole).
    static constexpr std::size_t kMostMessagesPerPacket = 64;
    // Reply bytes a second to one address, at most, a second's worth at once: the state of a
    // large session, or a meter stream, fits; a forged sender's victim gets no more. What is
    // over is dropped (UDP), and counted.
    static constexpr double kMostReplyBytesPerSecond = 256.0 * 1024.0;

    // Listens on the settings' address and port. Throws std::runtime_error naming both.
    explicit OscSurface(const OscSettings& settings);

    int port() const { return socket_.port(); }
    // Answers every packet that arrives within `timeout` (returns early once one came).
    void poll(std::chrono::milliseconds timeout, SurfaceTarget& target);
    // After the status has folded the engine's events: changed state to state subscribers,
    // interpreters' signals to signal subscribers, refused keys to both.
    void publish(const SurfaceTarget& target, const std::vector<EngineEvent>& events);
    // Messages posted since the last call, to message subscribers.
    void publishMessages(const SurfaceTarget& target);
    // Levels since the last call; sent to meter subscribers at their interval (max held),
    // with each program feed's loudness as it is now: `/dragoman/loudness` channel,
    // momentary, short-term and integrated LUFS, true peak dBTP, loudness gain dB (a level
    // under -70, BS.1770's gate, as -70).
    void publishMeters(const MeterReadings& meters, const std::vector<ProgramReading>& programs);
    // Tells whoever asked for MIDI learn what was learnt: `/dragoman/midi/learnt` device,
    // console, key, "note" or "cc", number, channel (0 = any), and the file it was saved in
    // ("" when it could not be saved; the binding is live either way).
    void midiLearnt(const std::string& device, const MidiKey& key, const std::string& savedIn);

    // What the server refused to do, for logs and tests.
    struct Traffic {
        std::uint64_t ignoredPackets = 0; // from addresses osc.peers does not allow
        std::uint64_t droppedReplies = 0; // over an address's reply budget
        std::uint64_t repliedBytes = 0;
    };
    Traffic traffic() const { return {ignoredPackets_, droppedReplies_, repliedBytes_}; }

private:
    struct Subscriber {
        UdpPeer peer;
        bool state = false, signals = false, meters = false, messages = false;
    };
    using StateMap = std::map<std::string, OscValue>;

    void handle(const OscMessage& message, const UdpPeer& from, SurfaceTarget& target);
    // The error text, or "" when done.
    std::string command(const OscMessage& message, const UdpPeer& from, SurfaceTarget& target);
    std::string consoleCommand(const std::string& console, const std::string& key,
                               const OscMessage& message, SurfaceTarget& target);
    std::string subscribe(const OscMessage& message, const UdpPeer& from, bool on,
                          const SurfaceTarget& target);
    std::string postMessage(const OscMessage& message, bool quick, SurfaceTarget& target);
    void send(const UdpPeer& to, const OscMessage& message);
    // Takes `bytes` from the address's reply budget; false when it is spent.
    bool spend(const UdpPeer& to, std::size_t bytes);
    static StateMap stateOf(const SurfaceTarget& target);

    UdpSocket socket_;
    PeerAllowList peers_;
    std::map<std::string, TokenBucket> replyBudgets_; // bytes, by address (not port)
    std::uint64_t ignoredPackets_ = 0, droppedReplies_ = 0, repliedBytes_ = 0;
    std::vector<Subscriber> subscribers_;
    StateMap lastState_;
    std::uint64_t messagesSent_ = 0; // the board's number last sent to message subscribers
    std::optional<UdpPeer> learnRequester_;
    std::map<std::string, LevelReading> meterHold_;
    std::map<std::string, std::uint64_t> nonFiniteHold_; // inputs' bad samples since sent
    std::vector<HearingReading> hearingHold_;            // per console, the latest
    std::vector<ProgramReading> programHold_;            // per program feed, the latest
    std::chrono::milliseconds meterInterval_{100};
    std::chrono::steady_clock::time_point lastMeters_{};
};

} // namespace dragoman
