// See SpeechSynth.h. A classic source-filter model: band-limited-enough glottal pulses
// (a Rosenberg-like shape) through three two-pole resonators at vowel formants.
#include "SpeechSynth.h"

#include <array>
#include <cmath>
#include <numbers>
#include <random>

namespace dragoman {
namespace {

struct Vowel {
    double f1, f2, f3;
};
constexpr std::array<Vowel, 5> kVowels = {{
    {730, 1090, 2440}, // a
    {530, 1840, 2480}, // e
    {270, 2290, 3010}, // i
    {570, 840, 2410},  // o
    {300, 870, 2240},  // u
}};

class Resonator {
public:
    void set(double frequency, double bandwidth, double sampleRate) {
        const double r = std::exp(-std::numbers::pi * bandwidth / sampleRate);
        a1_ = 2.0 * r * std::cos(2.0 * std::numbers::pi * frequency / sampleRate);
        a2_ = -r * r;
        gain_ = 1.0 - r;
    }
    double process(double x) {
        const double y = gain_ * x + a1_ * y1_ + a2_ * y2_;
        y2_ = y1_;
        y1_ = y;
        return y;
    }

private:
    double a1_ = 0, a2_ = 0, gain_ = 0, y1_ = 0, y2_ = 0;
};

} // namespace

std::vector<float> synthesizeSpeech(const VoiceSpec& voice, double seconds, double sampleRate) {
    const auto frames = static_cast<std::size_t>(seconds * sampleRate);
    std::vector<float> out(frames, 0.0f);
    std::mt19937 random(voice.seed);
    std::uniform_real_distribution<double> unit(0.0, 1.0);

    std::array<Resonator, 3> formants;
    double phase = 0.0;
    double syllableLeft = 0.0, syllableLength = 1.0;
    double phraseLeft = 2.0 + 3.0 * unit(random);
    double pauseLeft = 0.0;
    std::size_t vowel = 0;
    double peak = 1.0e-9;
    double envelope = 0.0;
    double previous = 0.0;
    const double envelopeSmoothing = 1.0 - std::exp(-1.0 / (0.005 * sampleRate));
    std::vector<double> raw(frames, 0.0);
    for (std::size_t i = 0; i < frames; ++i) {
        const double t = static_cast<double>(i) / sampleRate;
        if (pauseLeft > 0.0) {
            pauseLeft -= 1.0 / sampleRate;
            if (pauseLeft <= 0.0)
                phraseLeft = 2.0 + 3.0 * unit(random);
        } else if ((phraseLeft -= 1.0 / sampleRate) <= 0.0) {
            pauseLeft = 0.3 + 0.5 * unit(random);
        }
        if ((syllableLeft -= 1.0 / sampleRate) <= 0.0) {
            syllableLength = (0.6 + 0.8 * unit(random)) / voice.syllablesPerSecond;
            syllableLeft = syllableLength;
            vowel = static_cast<std::size_t>(unit(random) * kVowels.size()) % kVowels.size();
            const Vowel& v = kVowels[vowel];
            formants[0].set(v.f1, 80, sampleRate);
            formants[1].set(v.f2, 110, sampleRate);
            formants[2].set(v.f3, 160, sampleRate);
        }
        // Intonation: a slow declination per phrase plus a syllable accent.
        const double pitch =
            voice.pitchHz * (1.0 + 0.12 * std::sin(2.0 * std::numbers::pi * 0.7 * t) +
                             0.05 * std::sin(2.0 * std::numbers::pi * 3.1 * t));
        phase += pitch / sampleRate;
        if (phase >= 1.0)
            phase -= 1.0;
        // Rosenberg glottal pulse: open phase 40 %, then closed.
        const double source = phase < 0.4 ? std::sin(std::numbers::pi * phase / 0.4) *
                                                    std::sin(std::numbers::pi * phase / 0.4) -
                                                0.5
                                          : -0.5;
        const double noise = 0.02 * (unit(random) - 0.5); // breath
        // Parallel formants; the upper ones weighted up so F2/F3 sit 10-20 dB under F1, as in
        // speech (the smooth glottal pulse alone would leave them 30 dB down).
        constexpr std::array<double, 3> kFormantWeights = {1.0, 4.0, 6.0};
        double y = 0.0;
        for (std::size_t f = 0; f < formants.size(); ++f)
            y += kFormantWeights[f] * formants[f].process(source + noise);
        const double position = 1.0 - syllableLeft / syllableLength;
        const double syllableEnvelope = std::sin(std::numbers::pi * position);
        // Smoothed over ~5 ms so that phrase pauses start and end without a click.
        envelope += ((pauseLeft > 0.0 ? 0.0 : syllableEnvelope) - envelope) * envelopeSmoothing;
        // Lip radiation: a first difference lifts the spectrum 6 dB per octave, as in speech.
        raw[i] = (y - 0.95 * previous) * envelope;
        previous = y;
        peak = std::max(peak, std::fabs(raw[i]));
    }
    const double scale = 0.25 / peak; // -12 dBFS peak
    for (std::size_t i = 0; i < frames; ++i)
        out[i] = static_cast<float>(raw[i] * scale);
    return out;
}

} // namespace dragoman
