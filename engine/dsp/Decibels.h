// Level conversions. Any thread; no allocation.
#pragma once

#include <cmath>

namespace dragoman {

// Below this, a level is treated as silence (gain 0): the bottom of every fader.
inline constexpr float kSilenceDb = -100.0f;

inline float dbToGain(float db) {
    return db <= kSilenceDb ? 0.0f : std::pow(10.0f, db / 20.0f);
}

inline float gainToDb(float gain) {
    return gain <= 1.0e-5f ? kSilenceDb : 20.0f * std::log10(gain);
}

} // namespace dragoman
