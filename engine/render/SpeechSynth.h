// Speech-like test signals for the demo: a voiced source with a wandering pitch through
// formant resonators that change vowel every syllable, with syllable and phrase envelopes.
// It sounds like a voice in another room and has speech's spectrum and rhythm, without any
// recording to ship. Deterministic for a given seed. Control thread only.
#pragma once

#include <cstdint>
#include <vector>

namespace dragoman {

struct VoiceSpec {
    double pitchHz = 120.0; // mean fundamental: ~120 for a low voice, ~210 for a high one
    std::uint32_t seed = 1; // different seeds give different "words"
    double syllablesPerSecond = 4.5;
};

// `seconds` of speech at `sampleRate`, peak about -12 dBFS, with a pause every few seconds.
std::vector<float> synthesizeSpeech(const VoiceSpec& voice, double seconds, double sampleRate);

} // namespace dragoman
