// The compiled form of a Session: flat tables of channels, booths and consoles by index, plus
// the audio-thread state that goes with them (ramps, filters, limiters, scratch buffers).
// Built and destroyed on a control thread; while installed, only the audio thread touches the
// runtime part. Routing is data: one table row per console and channel, never a node per route.
#pragma once

#include "base/RealtimeQueue.h"
#include "control/Commands.h"
#include "control/Events.h"
#include "control/Handles.h"
#include "dsp/DelayLine.h"
#include "dsp/DuckedBed.h"
#include "dsp/GainRamp.h"
#include "dsp/HeadphoneCue.h"
#include "dsp/HearingGuard.h"
#include "dsp/LevelMeter.h"
#include "dsp/SlewedGain.h"
#include "dsp/ToneControl.h"
#include "dsp/TruePeakLimiter.h"
#include "session/Session.h"

#include <array>
#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace dragoman {

// The engine processes a host block in chunks of at most this many frames. Chunking is not
// re-blocking: every chunk is rendered in the same call, so it adds no latency.
inline constexpr std::uint32_t kChunkFrames = 128;
inline constexpr int kFloorSource = -1; // a listen route or hearing index meaning the floor

// A limiter's deepest gain since the control side read it (the reader puts back 1). Most blocks
// the limiter rests, and nothing is stored.
inline void noteDeepestGain(std::atomic<float>& deepest, float gain) {
    if (gain < deepest.load(std::memory_order_relaxed))
        deepest.store(gain, std::memory_order_relaxed);
}

// What a channel's program feed shares with the control side, for the engine's lifetime (one
// per channel port, kept across plans): the feed before its loudness gain (for the loudness
// measurement that sets that gain) and as it leaves (for the meters), and the gain it sets.
struct ProgramShared {
    static constexpr std::size_t kRingFrames = 96000; // a second at 96 kHz: polls are 50 ms
    RealtimeQueue<float> beforeGain{kRingFrames};
    RealtimeQueue<float> leaving{kRingFrames};
    std::atomic<float> gainDb{0.0f};      // the control side's target for the loudness gain
    std::atomic<float> limiterGain{1.0f}; // deepest true-peak gain since the control side read
};

struct PlanProgram {
    std::optional<DuckedBedSettings> bed; // none: no floor under the interpretation
    bool normalised = true;               // the loudness gain follows ProgramShared::gainDb
    float truePeakDbtp = -1.0f;
    std::uint32_t delayFrames = 0;   // the delay line's part: the limiter's look-ahead is the rest
    ProgramShared* shared = nullptr; // the Engine's, for this channel's port
};

struct PlanChannel {
    LanguageHandle language;
    std::string id;
    bool autoFloor = true;
    std::uint32_t fadeFrames = 0;
    bool floorBed = false;
    float floorBedGain = 0.0f;
    std::optional<PlanProgram> program;
};

// A program feed's signal path on the audio thread (see graph/ProgramFeeds.h).
struct ProgramRuntime {
    DuckedBed bed;
    DelayLine delay;
    SlewedGain gain;
    TruePeakLimiter limiter;
    float voiceMeanSquare = 0.0f; // the interpreter's part of this chunk, before the floor
    float floorGainStart = 0.0f;  // the channel's own floor gain over this chunk
    float floorGainEnd = 0.0f;
    std::array<float, kChunkFrames> buffer{};
};

struct PlanBooth {
    InterlockMode interlock = InterlockMode::Override;
    std::uint32_t firstConsole = 0;
    std::uint32_t consoleCount = 0;
    int relayChannel = -1;                 // channel index auto-relay listens to, or -1
    std::vector<LanguageHandle> languages; // languages the booth works in (outputs)
};

struct PlanConsole {
    ConsoleHandle handle;
    std::string id;
    std::uint32_t booth = 0;
    std::array<int, kMaxOutputSlots> outputs{-1, -1, -1}; // channel index per slot
    std::uint32_t outputCount = 0;
    double headset94Dbfs = -12.0; // the headset's calibration
};

// A mic feeding a channel, or a source feeding headphones, with its own gain ramp. Two per
// console: the current one and the one fading out after a switch (crossfade, no gap).
// Where a route goes: nowhere (unused), the floor bus (listen routes), or a channel's bus.
struct RouteTarget {
    enum class Kind : std::uint8_t { None, Floor, Channel };
    Kind kind = Kind::None;
    std::uint32_t channel = 0; // with Channel: the channel's index in the plan
    static constexpr RouteTarget floor() { return {Kind::Floor, 0}; }
    static constexpr RouteTarget toChannel(std::uint32_t index) { return {Kind::Channel, index}; }
    bool operator==(const RouteTarget&) const = default;
};

struct Route {
    RouteTarget target;
    GainRamp gain;
    bool used() const { return target.kind != RouteTarget::Kind::None; }
};

struct ConsoleRuntime {
    ConsoleState keys;          // the console's state now
    ConsoleState published;     // as last reported to the control side
    std::uint64_t waitTicket{}; // while waiting: the order of the request (first come first)
    float volumeDb = 0.0f;
    float sidetoneDb = -100.0f;
    std::array<Route, 2> micRoutes;    // [0] current channel, [1] fading out
    std::array<Route, 2> listenRoutes; // [0] current source, [1] fading out
    GainRamp sidetone;
    GainRamp talkback; // the mic into the talkback (while the key is held)
    GainRamp volume{1.0f};
    ToneControl tone;
    std::uint64_t lastTouchFrame{}; // the last key pressed here, or the last frame on air
    HeadphoneCue cue;               // a handover request's notes, the turn's chime, ...
    // Last: its minute's ring is read once a second, its head every block.
    HearingGuard hearing; // the limiter's ceiling and the dB SPL tiers
};

// Hearing protection as the control side reads it, per console (written when a second closes
// or the tier moves, and when a new plan takes the console over).
struct HearingShared {
    std::atomic<double> dose{0.0};        // 1 = 80 dB SPL for 8 hours
    std::atomic<float> minuteDbSpl{0.0f}; // the last minute's average
    std::atomic<bool> sustainedTier{false};
    std::atomic<std::uint32_t> warnings{0}; // since the engine started
};

struct ChannelRuntime {
    GainRamp floorGain{0.0f};
    int liveConsole = -1; // console index on air on this channel, or -1
    ChannelCarrierChanged published;
};

class RenderPlan {
public:
    // Layout (immutable once installed).
    std::uint64_t generation = 0;
    double sampleRate = 48000.0;
    std::uint32_t floorChannels = 1;
    InterlockMode channelInterlock = InterlockMode::Interlock;
    float ceilingGain = 0.5f;
    LanguageHandle floorLanguage;
    bool changesFloorLanguage = false;    // the session names another floor language than the
                                          // meeting's current one: apply it on adoption
    std::uint64_t commandsBefore = 0;     // commands sent before this plan: applied to its
                                          // predecessor first, so keys and sessions keep order
    std::uint32_t keyRampFrames = 480;    // mic on/off, cough, listen crossfade: 10 ms
    std::uint32_t volumeRampFrames = 960; // volume and sidetone knobs: 20 ms
    std::uint64_t idleFrames = 0;         // untouched this long off air: away (0 = never)
    std::vector<PlanChannel> channels;
    std::vector<PlanBooth> booths;
    std::vector<PlanConsole> consoles;
    std::vector<int> consoleByHandle; // ConsoleHandle.value -> console index or -1
    std::vector<int> channelByHandle; // LanguageHandle.value -> channel index or -1

    // Inputs: floor channels, then one mic per console. Outputs: channels, then phones, then
    // the talkback.
    std::uint32_t inputCount() const {
        return floorChannels + static_cast<std::uint32_t>(consoles.size());
    }
    std::uint32_t outputCount() const {
        return static_cast<std::uint32_t>(channels.size() + consoles.size() + 1);
    }

    int consoleIndex(ConsoleHandle h) const {
        return h.valid() && h.value < consoleByHandle.size() ? consoleByHandle[h.value] : -1;
    }
    int channelIndex(LanguageHandle h) const {
        return h.valid() && h.value < channelByHandle.size() ? channelByHandle[h.value] : -1;
    }

    // Runtime (audio thread while installed).
    LanguageHandle currentFloorLanguage;
    std::uint64_t nextWaitTicket = 1;       // 0 is kept for a live mic displaced by the floor
    std::vector<RelayQuality> relayQuality; // scratch for ConsoleRules, one per channel
    std::vector<int> relayChain;            // scratch for ConsoleRules, up to one per channel
    std::vector<ConsoleRuntime> consoleState;
    std::vector<ChannelRuntime> channelState;
    // Whether a console's talkback may be open: set by the rules when a talkback key moves,
    // cleared by the renderer once every talkback is silent (most of the day nobody talks back,
    // and then the renderer does not visit the consoles for it).
    bool talkbackOpen = true;
    std::vector<ProgramRuntime> programState; // per channel; used where it has a program
    std::vector<float> floorBus;              // kChunkFrames
    std::vector<float> channelBus;            // channels x kChunkFrames
    // This chunk's mix of each channel: in the host's output where there is one (no copy),
    // else in channelBus; and whether a source has written it yet.
    std::vector<float*> channelSignal;
    std::vector<std::uint8_t> channelWritten;
    std::vector<float> phonesBus;          // kChunkFrames
    std::vector<float> talkbackBus;        // kChunkFrames
    std::vector<const float*> inputSignal; // this chunk's input per input index, made finite
    std::vector<float> cleanInputs;        // inputs x kChunkFrames: where a copy was cleaned
    std::unique_ptr<std::atomic<std::uint64_t>[]> nonFiniteSamples; // per input, since read
    std::unique_ptr<LevelMeter[]> inputMeters;
    std::unique_ptr<LevelMeter[]> outputMeters;
    std::unique_ptr<std::atomic<float>[]> limiterGain; // per console, deepest reduction
    std::unique_ptr<HearingShared[]> hearing;          // per console

    float* channelBuffer(std::size_t channel) { return channelBus.data() + channel * kChunkFrames; }
    // Valid from mixChannels to the end of the chunk.
    const float* channelMix(std::size_t channel) const { return channelSignal[channel]; }
};

} // namespace dragoman
