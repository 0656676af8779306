// The rules a well-formed Session must also satisfy: unique ids, known channels, no relay
// loops, levels in range. Control thread only.
#pragma once

#include "Session.h"
#include "base/Problem.h"

#include <cstddef>
#include <set>
#include <string>
#include <utility>

namespace dragoman {

Problems validateSession(const Session& session);

// Value ranges and sizes, shared with the JSON reader and the user interfaces. The sizes bound
// what the audio thread loops over (the rules are linear or, for the waiting queue, quadratic
// in consoles) and stay far above any real meeting: the UN works in 6 languages, the European
// Parliament in 24 with about 70 booths of up to 3 interpreters.
struct SessionLimits {
    static constexpr double kMinSampleRate = 44100.0;
    static constexpr double kMaxSampleRate = 192000.0;
    static constexpr int kMaxFloorChannels = 8;
    static constexpr std::size_t kMaxChannels = 64;
    static constexpr std::size_t kMaxBooths = 96;
    static constexpr std::size_t kMaxConsolesPerBooth = 6;
    static constexpr std::size_t kMaxConsoles = 256;
    static constexpr double kMinCeilingDbfs = -40.0;
    static constexpr double kMaxCeilingDbfs = 0.0;
    // A headset that reaches 94 dB SPL only at full scale cannot be protected above it.
    static constexpr double kMinHeadsetDbfs = -60.0;
    static constexpr double kMaxHeadsetDbfs = -6.0;
    static constexpr double kMinTurnMinutes = 2.0; // the chime comes a minute before the end
    static constexpr double kMaxTurnMinutes = 240.0;
    static constexpr double kMaxIdleMinutes = 24.0 * 60.0;
    static constexpr double kMaxFadeMs = 10000.0;
    static constexpr double kMinFloorBedDb = -60.0;
    static constexpr double kMaxFloorBedDb = 0.0;
    // Program feeds: the delay line is sized for the longest lip-sync delay at any rate.
    static constexpr double kMaxProgramDelayMs = 2000.0;
    static constexpr double kMinLoudnessLufs = -40.0;
    static constexpr double kMaxLoudnessLufs = -5.0;
    static constexpr double kMinTruePeakDbtp = -20.0;
    // Booth and console ids: they become file names, OSC addresses and URLs.
    static constexpr std::size_t kMaxIdLength = 64;
};

// Every console id and every language channel id (consoles first), for checks and
// comparisons that refer to them.
std::pair<std::set<std::string>, std::set<std::string>>
consoleAndChannelIds(const Session& session);

// True for an ISO 639 code with an optional subtag: "en", "ko", "fil", "zh-hant".
bool isLanguageCode(std::string_view code);

} // namespace dragoman
