// The rules a well-formed Session must also satisfy: unique ids, known channels, no relay
// loops, levels in range. Control thread only.
#pragma once

#include "Problem.h"
#include "Session.h"

#include <set>
#include <string>
#include <utility>

namespace dragoman {

Problems validateSession(const Session& session);

// Value ranges, shared with the JSON reader and the user interfaces.
struct SessionLimits {
    static constexpr double kMinSampleRate = 44100.0;
    static constexpr double kMaxSampleRate = 192000.0;
    static constexpr int kMaxFloorChannels = 8;
    static constexpr double kMinCeilingDbfs = -40.0;
    static constexpr double kMaxCeilingDbfs = 0.0;
    static constexpr double kMaxFadeMs = 10000.0;
    static constexpr double kMinFloorBedDb = -60.0;
    static constexpr double kMaxFloorBedDb = 0.0;
};

// Every console id and every language channel id (consoles first), for checks and
// comparisons that refer to them.
std::pair<std::set<std::string>, std::set<std::string>>
consoleAndChannelIds(const Session& session);

// True for an ISO 639 code with an optional subtag: "en", "ko", "fil", "zh-hant".
bool isLanguageCode(std::string_view code);

} // namespace dragoman
