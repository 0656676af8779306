// The ranges of a console's level keys, in dB, as every face offers them (plugin parameters,
// MIDI controls, OSC): headphone volume, bass and treble, sidetone.
#pragma once

namespace dragoman {

struct LevelRange {
    float minDb;
    float maxDb;
};

inline constexpr LevelRange kVolumeRange{-60.0f, 12.0f};
inline constexpr LevelRange kToneRange{-18.0f, 18.0f};
inline constexpr LevelRange kSidetoneRange{-60.0f, 6.0f};

} // namespace dragoman
