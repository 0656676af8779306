// The sessions the benchmarks measure: the summit example and conferences of growing size,
// each language with a booth of two consoles and a stereo floor, up to 64 languages.
#pragma once

#include "session/Session.h"

#include <vector>

namespace dragoman::bench {

// The sizes the cost benchmarks and the report walk through, in languages.
// 64 languages (128 consoles) is what a large parliament needs.
inline const std::vector<int> kConferenceSizes = {4, 8, 16, 24, 32, 64};
inline constexpr int kLargestConference = 32;

Session summitSession();

// `languages` channels ("aa", "ab", ...), one booth per channel with consoles -1 and -2 that
// work into it, every booth but the first relaying from the first channel, a stereo floor.
Session conferenceSession(int languages);

// The live topology changes the benchmarks time, as the sessions before and after: the
// conference with one more language channel (nobody works into it yet: auto-floor carries
// the floor), and that one with a booth of two consoles for it too.
Session conferenceWithNewChannel(int languages);
Session conferenceWithNewBooth(int languages);

} // namespace dragoman::bench
