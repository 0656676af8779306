// The DSP building blocks on their own: ramps, tone controls, the limiter, meters.
#include "dsp/BlockLevels.h"
#include "dsp/Decibels.h"
#include "dsp/DenormalGuard.h"
#include "dsp/DuckedBed.h"
#include "dsp/GainRamp.h"
#include "dsp/LevelMeter.h"
#include "dsp/PeakLimiter.h"
#include "dsp/ToneControl.h"
#include "render/SpeechSynth.h"
#include "support/Goertzel.h"

#include <catch2/catch.hpp>
#include <limits>
#include <numbers>
#include <random>

using namespace dragoman;
using dragoman::test::toneAmplitude;

namespace {

std::vector<float> sine(double frequency, double amplitude, double rate, std::size_t frames) {
    std::vector<float> out(frames);
    for (std::size_t i = 0; i < frames; ++i)
        out[i] = static_cast<float>(amplitude * std::sin(2.0 * std::numbers::pi * frequency *
                                                         static_cast<double>(i) / rate));
    return out;
}

// Steady-state gain of the tone control at `frequency`, in dB.
double toneResponseDb(double rate, float bassDb, float trebleDb, double frequency) {
    ToneControl tone;
    tone.prepare(rate);
    tone.setBassDb(bassDb);
    tone.setTrebleDb(trebleDb);
    const auto frames = static_cast<std::size_t>(rate * 1.5);
    std::vector<float> signal = sine(frequency, 0.1, rate, frames);
    for (std::size_t done = 0; done < frames; done += 64)
        tone.process(signal.data() + done,
                     static_cast<std::uint32_t>(std::min<std::size_t>(64, frames - done)));
    const double level = toneAmplitude(signal, frames - static_cast<std::size_t>(rate * 0.5),
                                       frames, frequency, rate);
    return 20.0 * std::log10(level / 0.1);
}

} // namespace

TEST_CASE("a gain ramp is linear and lands exactly on its target", "[dsp]") {
    GainRamp ramp(0.0f);
    ramp.setTarget(1.0f, 100);
    std::vector<float> ones(150, 1.0f), out(150, 0.0f);
    ramp.mixInto(out.data(), ones.data(), 150);
    CHECK(out[0] == Approx(0.01f));
    CHECK(out[49] == Approx(0.5f));
    CHECK(out[99] == 1.0f);
    CHECK(out[149] == 1.0f);
    CHECK(ramp.steady());
    ramp.setTarget(0.0f, 10);
    ramp.advance(25);
    CHECK(ramp.silent());
}

TEST_CASE("a gain ramp writing a bus overwrites it, with silence when its gain is 0", "[dsp]") {
    GainRamp ramp(0.0f);
    ramp.setTarget(0.5f, 4);
    std::vector<float> twos(8, 2.0f), out(8, 7.0f);
    ramp.writeInto(out.data(), twos.data(), 8);
    CHECK(out == std::vector<float>{0.25f, 0.5f, 0.75f, 1.0f, 1.0f, 1.0f, 1.0f, 1.0f});
    GainRamp closed(0.0f);
    std::vector<float> broken(8, std::numeric_limits<float>::quiet_NaN());
    closed.writeInto(out.data(), broken.data(), 8);
    CHECK(out == std::vector<float>(8, 0.0f));
}

TEST_CASE(
    "tone controls meet desk standards: 12 dB bass cut at 125 Hz, 12 dB treble boost at 8 kHz",
    "[dsp]") {
    for (const double rate : {44100.0, 48000.0, 96000.0, 192000.0}) {
        INFO("sample rate " << rate);
        const double bassCut = toneResponseDb(rate, ToneControl::kMinDb, 0.0f, 1000.0) -
                               toneResponseDb(rate, ToneControl::kMinDb, 0.0f, 125.0);
        const double trebleBoost = toneResponseDb(rate, 0.0f, ToneControl::kMaxDb, 8000.0) -
                                   toneResponseDb(rate, 0.0f, ToneControl::kMaxDb, 1000.0);
        CHECK(bassCut >= 12.0);
        CHECK(trebleBoost >= 12.0);
        // And the middle stays put: 1 kHz within 3 dB of flat at the extremes.
        CHECK(std::abs(toneResponseDb(rate, ToneControl::kMinDb, ToneControl::kMaxDb, 1000.0)) <
              3.0);
    }
}

TEST_CASE("flat tone controls pass the signal bit for bit", "[dsp]") {
    ToneControl tone;
    tone.prepare(48000.0);
    std::vector<float> signal = sine(440.0, 0.3, 48000.0, 4096);
    const std::vector<float> original = signal;
    tone.process(signal.data(), 4096);
    CHECK(signal == original);
}

TEST_CASE("a tone knob turned back to flat bypasses again, and the next turn is heard", "[dsp]") {
    ToneControl tone;
    tone.prepare(48000.0);
    const std::vector<float> original = sine(100.0, 0.25, 48000.0, 4800);
    const auto pass = [&] {
        std::vector<float> signal = original;
        tone.process(signal.data(), static_cast<std::uint32_t>(signal.size()));
        return signal;
    };
    CHECK(pass() == original); // flat: bypassed
    tone.setBassDb(6.0f);
    for (int i = 0; i < 10; ++i) // 1 s: the glide (0.1 s for 6 dB) is over
        pass();
    CHECK(toneAmplitude(pass(), 0, 4800, 100.0, 48000.0) > 0.25 * 1.6); // about +5 dB at 100 Hz
    tone.setBassDb(0.0f);
    for (int i = 0; i < 10; ++i)
        pass();
    CHECK(pass() == original); // flat again: bypassed, bit for bit
    tone.setBassDb(-6.0f);
    for (int i = 0; i < 10; ++i)
        pass();
    CHECK(toneAmplitude(pass(), 0, 4800, 100.0, 48000.0) < 0.25 / 1.6);
}

TEST_CASE("turning a tone knob glides instead of jumping", "[dsp]") {
    ToneControl tone;
    tone.prepare(48000.0);
    std::vector<float> signal = sine(100.0, 0.25, 48000.0, 48000);
    tone.process(signal.data(), 4800);
    tone.setBassDb(ToneControl::kMaxDb); // a full turn at once
    tone.process(signal.data() + 4800, 48000 - 4800);
    double maxStep = 0.0;
    for (std::size_t i = 1; i < signal.size(); ++i)
        maxStep = std::max(maxStep, static_cast<double>(std::fabs(signal[i] - signal[i - 1])));
    // A 100 Hz sine at the boosted level (+18 dB = x7.9) moves at most 2*pi*100/48000*2 per
    // sample; a jump in the filter would show as a larger step.
    CHECK(maxStep < 2.0 * std::numbers::pi * 100.0 / 48000.0 * 0.25 * 8.5);
}

TEST_CASE("the limiter never lets a sample above the ceiling", "[dsp]") {
    const float ceiling = dbToGain(-6.0f);
    PeakLimiter limiter;
    limiter.prepare(48000.0, ceiling);
    std::mt19937 random(3);
    std::uniform_real_distribution<float> wild(-8.0f, 8.0f);
    std::vector<float> block(256);
    float worst = 0.0f;
    for (int b = 0; b < 400; ++b) {
        for (std::size_t i = 0; i < block.size(); ++i) {
            switch (b % 4) {
            case 0:
                block[i] = (i / 24) % 2 == 0 ? 1.0f : -1.0f;
                break; // full-scale square
            case 1:
                block[i] = wild(random);
                break; // over full scale
            case 2:
                block[i] = 4.0f * std::sin(0.3f * static_cast<float>(i));
                break; // howl
            default:
                block[i] = i == 7 ? std::numeric_limits<float>::infinity()
                                  : (i == 9 ? std::numeric_limits<float>::quiet_NaN() : 1.0f);
            }
        }
        limiter.process(block.data(), static_cast<std::uint32_t>(block.size()));
        for (const float x : block) {
            REQUIRE(std::isfinite(x));
            worst = std::max(worst, std::fabs(x));
        }
    }
    CHECK(worst <= ceiling);
    CHECK(worst > ceiling * 0.99f); // it limits, it does not mute
}

TEST_CASE("the limiter leaves signals below the ceiling untouched", "[dsp]") {
    PeakLimiter limiter;
    limiter.prepare(48000.0, dbToGain(-6.0f));
    std::vector<float> signal = sine(1000.0, 0.4, 48000.0, 2048);
    const std::vector<float> original = signal;
    limiter.process(signal.data(), 2048);
    CHECK(signal == original);
}

TEST_CASE("a level meter reports peak and RMS since the last reading", "[dsp]") {
    LevelMeter meter;
    const std::vector<float> signal = sine(1000.0, 0.5, 48000.0, 48000);
    meter.accumulate(signal.data(), 24000);
    meter.accumulate(signal.data() + 24000, 24000);
    const LevelReading reading = meter.take();
    CHECK(reading.peak == Approx(0.5f).margin(0.001));
    CHECK(reading.rms == Approx(0.5f / std::sqrt(2.0f)).margin(0.001));
    CHECK(meter.take().peak == 0.0f);
    // The next reading covers only what came after the last.
    const std::vector<float> quiet = sine(1000.0, 0.1, 48000.0, 4800);
    meter.accumulate(quiet.data(), 4800);
    const LevelReading later = meter.take();
    CHECK(later.peak == Approx(0.1f).margin(0.001));
    CHECK(later.rms == Approx(0.1f / std::sqrt(2.0f)).margin(0.001));
}

TEST_CASE("block levels are exact for any length and flag NaN and infinity", "[dsp]") {
    std::mt19937 random(7);
    std::uniform_real_distribution<float> sample(-1.0f, 1.0f);
    for (const std::uint32_t frames : {0u, 1u, 7u, 8u, 9u, 31u, 128u, 257u}) {
        std::vector<float> block(frames);
        float peak = 0.0f;
        double sum = 0.0;
        for (float& x : block) {
            x = sample(random);
            peak = std::max(peak, std::fabs(x));
            sum += static_cast<double>(x) * static_cast<double>(x);
        }
        const BlockLevels levels = measureBlock(block.data(), frames);
        CHECK(levels.peak == peak);
        CHECK(levels.sumSquares == Approx(sum).epsilon(1e-5));
        CHECK(levels.finite());
        if (frames > 0) {
            block[frames - 1] = std::numeric_limits<float>::quiet_NaN();
            const float peakOfTheRest =
                frames > 1 ? *std::max_element(
                                 block.begin(), block.end() - 1,
                                 [](float a, float b) { return std::fabs(a) < std::fabs(b); })
                           : 0.0f;
            CHECK(measureBlock(block.data(), frames).peak ==
                  std::fabs(peakOfTheRest)); // NaN is no sound
            CHECK_FALSE(measureBlock(block.data(), frames).finite());
            block[frames / 2] = -std::numeric_limits<float>::infinity();
            CHECK_FALSE(measureBlock(block.data(), frames).finite());
        }
    }
}

TEST_CASE("the denormal guard flushes denormals to zero, and restores the mode after", "[dsp]") {
    volatile float tiny = 1.0e-39f; // a denormal float
    {
        const DenormalGuard guard;
        CHECK(tiny * 1.0f == 0.0f);
    }
    CHECK(tiny * 1.0f != 0.0f);
}

// The ducker on a voice as it comes: synthesized speech (syllables with gaps between them, a
// pause of a second or so every few seconds) at a normal level. While a phrase goes on the bed
// stays down: it begins to rise only once the voice has been quiet for the hold (600 ms), in a
// real pause. Pumping is a rise that begins sooner, between words (with no hold, every gap
// between syllables lifts it, and this test fails).
TEST_CASE("the ducked bed does not pump on speech", "[dsp][program]") {
    constexpr double kRate = 48000.0;
    constexpr std::uint32_t kChunk = 128;
    const std::vector<float> speech = synthesizeSpeech({}, 30.0, kRate);
    DuckedBed bed;
    const DuckedBedSettings settings; // the session's defaults
    bed.prepare(kRate, settings);
    const double chunkMs = 1000.0 * kChunk / kRate;
    int rises = 0, pumps = 0;
    double quietMs = 0.0; // since the voice was last heard
    float before = settings.levelDb;
    for (std::size_t at = 0; at + kChunk <= speech.size(); at += kChunk) {
        const BlockLevels block = measureBlock(speech.data() + at, kChunk);
        bed.follow(block.sumSquares / static_cast<float>(kChunk), kChunk);
        quietMs = bed.speaking() ? 0.0 : quietMs + chunkMs;
        const bool risingFromDown =
            bed.levelDb() > before && before <= settings.levelDb - settings.duckDb;
        if (risingFromDown) {
            ++rises;
            if (quietMs < 600.0)
                ++pumps;
        }
        before = bed.levelDb();
    }
    INFO(rises << " rises of the bed in 30 s of speech");
    CHECK(rises >= 1); // the speech has real pauses, and the bed comes up in them
    CHECK(pumps == 0);
}
