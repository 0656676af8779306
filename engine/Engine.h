// The Dragoman engine: one session's interpretation graph, driven by a host's audio callback
// and controlled from any number of control threads (GUI, MIDI, OSC, plugin parameters, cue
// lists). This is the engine's public API; everything under graph/ and control/ serves it.
//
// Threads: process() is the audio thread's and never allocates, locks or makes a system call.
// Every other member function is for control threads; they are serialized by a mutex that the
// audio thread never takes. Commands travel to the audio thread through a lock-free queue and
// events come back through another; a new session is compiled on the control thread and
// handed over by one atomic exchange, and the replaced plan is freed back on a control thread.
#pragma once

#include "MessageBoard.h"
#include "ProgramLoudness.h"
#include "base/RealtimeQueue.h"
#include "control/Commands.h"
#include "control/Events.h"
#include "control/PressResult.h"
#include "dsp/LevelMeter.h"
#include "graph/PlanCompiler.h"
#include "graph/Renderer.h"
#include "session/Session.h"

#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace dragoman {

class InvalidSession : public std::invalid_argument {
public:
    explicit InvalidSession(const std::string& problems) : std::invalid_argument(problems) {}
};

// What a port carries: a floor channel, a console's mic or headphones, a language channel;
// a value, compared and kept as such. Its label ("floor 1", "mic ko-en-1", "phones ko-en-1",
// "channel en") is for logs, meters on screen and OSC, never looked up.
struct PortId {
    enum class Kind : std::uint8_t { Floor, Mic, Phones, Channel, Talkback };
    Kind kind = Kind::Floor;
    // The console's or channel's id; the floor channel's number from 1; "technician" for the
    // talkback (one output, AudioBuffers::talkback).
    std::string id;
    bool operator==(const PortId&) const = default;
    auto operator<=>(const PortId&) const = default;
    std::string label() const;
};

// Where each signal goes in process()'s AudioBuffers. Ports stay the same for the engine's
// lifetime; new consoles and channels get new ports, so a host sizes its arrays by
// consolePorts and channelPorts.
struct EnginePort {
    PortId what;
    std::uint32_t port = 0;
    std::string label() const { return what.label(); }
};

struct EngineLayout {
    std::vector<EnginePort> floor; // port = floor channel
    std::vector<EnginePort> mics;
    std::vector<EnginePort> channels;
    std::vector<EnginePort> phones;
    EnginePort talkback{{PortId::Kind::Talkback, "technician"}, 0}; // AudioBuffers::talkback
    std::uint32_t consolePorts = 0; // size of the mics and phones arrays
    std::uint32_t channelPorts = 0; // size of the channels array

    // The port that carries `what`, or nothing if the session has no such console or channel.
    std::optional<std::uint32_t> portOf(const PortId& what) const;
};

struct MeterReading {
    PortId what; // as in EngineLayout
    LevelReading level;
    std::uint64_t nonFiniteSamples = 0; // inputs: NaN or infinite samples replaced by silence
    std::string label() const { return what.label(); }
};

// A console's hearing protection now (dsp/HearingGuard.h).
struct HearingReading {
    std::string console;
    double dose = 0.0;          // 1 = 80 dB SPL for 8 hours (the day's so far)
    double minuteDbSpl = 0.0;   // the last minute's average at the ear
    bool sustainedTier = false; // held at 94 dB SPL after an overload
    std::uint32_t warnings = 0; // too-loud-minute warnings since the engine started
};

struct MeterReadings {
    std::vector<MeterReading> inputs;
    std::vector<MeterReading> outputs;
    std::vector<float> limiterGain; // per console (session order): deepest gain since last read
    std::vector<HearingReading> hearing; // per console (session order)
};

class Engine {
public:
    // Throws InvalidSession listing every problem. sampleRate 0 = the session's own.
    explicit Engine(const Session& session, double sampleRate = 0.0);
    ~Engine();
    Engine(const Engine&) = delete;
    Engine& operator=(const Engine&) = delete;

    // --- control threads -------------------------------------------------------------------
    // Replaces the session while audio runs: consoles and channels that remain keep their
    // state (a live mic stays live); no click, no dropout. Throws InvalidSession.
    void loadSession(const Session& session);
    void setSampleRate(double sampleRate);
    Session session() const;
    double sampleRate() const;
    EngineLayout layout() const;

    // Key presses (control/KeyPress.h), and the floor language: sent, or why not (an unknown
    // console or channel, an argument that does not fit the key, a full queue).
    PressResult press(std::string_view console, const KeyPress& press);
    PressResult setFloorLanguage(std::string_view language);
    // A short sound in one console's headphones only (the shift timer's chime, ...).
    PressResult playCue(std::string_view console, CueSound sound);
    // Whether the session has this console or language channel: cheap (no session copy), for
    // faces that check a request before reading its arguments.
    bool knowsConsole(std::string_view console) const;
    bool knowsChannel(std::string_view channel) const;

    // Messages without a microphone between consoles and the technician (thread-safe; never
    // near the audio thread, and with no way to the keys).
    MessageBoard& messages() { return messages_; }
    const MessageBoard& messages() const { return messages_; }

    // Everything the audio thread reported since the last call, oldest first.
    std::vector<EngineEvent> takeEvents();
    // Levels since the last call.
    MeterReadings takeMeters();
    // Measures each program feed's loudness from what it rendered since the last call, sets
    // its loudness gain, and says how loud each is (session order). Call it often (every poll:
    // SessionStatus::update does): between calls, a second of each feed waits to be measured.
    std::vector<ProgramReading> measurePrograms();

    ConsoleHandle consoleHandle(std::string_view console) const;
    LanguageHandle languageHandle(std::string_view language) const;
    std::string consoleId(ConsoleHandle handle) const;
    std::string languageId(LanguageHandle handle) const;
    std::uint64_t droppedCommands() const { return commands_.dropped(); }
    std::uint64_t droppedEvents() const { return events_.dropped(); }

    // --- audio thread ----------------------------------------------------------------------
    void process(const AudioBuffers& io) noexcept { process(io, {}); }
    // With commands made on the audio thread itself (plugin parameter automation), applied
    // at the start of the block after the queued ones.
    void process(const AudioBuffers& io, std::span<const EngineCommand> commands) noexcept;
    // Frames processed so far (any thread).
    std::uint64_t framesProcessed() const { return frames_.load(std::memory_order_acquire); }
    // Generation of the plan the audio thread renders with (any thread).
    std::uint64_t activeGeneration() const {
        return activeGeneration_.load(std::memory_order_acquire);
    }

private:
    void publish(std::unique_ptr<RenderPlan> plan); // control, with mutex held
    std::unique_ptr<RenderPlan> compile(const Session& session, bool changesFloorLanguage);
    void collectRetired();                           // control, with mutex held
    bool send(const EngineCommand& command);         // control, with mutex held
    void adopt(RenderPlan* next) noexcept;           // audio
    void applyCommands(std::uint64_t upTo) noexcept; // audio

    mutable std::mutex control_;
    Session session_;
    double sampleRate_;
    HandleRegistries registries_;
    std::uint64_t nextGeneration_ = 1;
    std::uint64_t commandsSent_ = 0; // control side: commands pushed so far

    RealtimeQueue<EngineCommand> commands_{1024};
    RealtimeQueue<EngineEvent> events_{8192};
    RealtimeQueue<RenderPlan*> retired_{16};
    std::atomic<RenderPlan*> pending_{nullptr};
    std::atomic<RenderPlan*> activeForControl_{nullptr};
    RenderPlan* active_ = nullptr; // audio thread's
    std::uint64_t frame_ = 0;      // audio thread's
    // The audio thread's next look for idle consoles: idle time is minutes, so every 4096 frames
    // (85 ms at 48 kHz) rather than a walk over every console in every block.
    static constexpr std::uint64_t kIdleCheckFrames = 4096;
    std::uint64_t nextIdleCheck_ = 0;
    std::uint64_t commandsApplied_ = 0; // audio thread's
    std::atomic<std::uint64_t> frames_{0};
    std::atomic<std::uint64_t> activeGeneration_{0};
    MessageBoard messages_;
    // Program feeds: shared with the plans by channel port, kept for the engine's life (a plan
    // still running may point at one); measured under their own lock, off the key path.
    std::vector<std::unique_ptr<ProgramShared>> programShared_; // under control_
    std::mutex measuring_;
    std::map<std::uint32_t, ProgramLoudness> loudness_; // by channel port, under measuring_
    std::vector<float> measured_;                       // scratch, under measuring_
};

} // namespace dragoman
