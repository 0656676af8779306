// Program feeds through a real Engine, measured on their outputs: loudness against an
// independent meter (libebur128, fed the recorded feed afresh), true peaks, the ducked bed's
// timing on bursts and pauses, the lip-sync delay to the sample, and what the interpreters'
// headphones hear (never the program).
#include "SessionStatus.h"
#include "graph/ProgramFeeds.h"
#include "render/SpeechSynth.h"
#include "support/Loudness.h"
#include "support/ToneRig.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <memory>

using namespace dragoman;
using namespace dragoman::test;

namespace {

constexpr double kRate = 48000.0;

Loudness measure(const std::vector<float>& samples) {
    return measureLoudness(samples, kRate);
}

// Runs `seconds`, polling the engine every 50 ms of audio as every face does.
void runPolled(ToneRig& rig, SessionStatus& status, double seconds) {
    for (double done = 0.0; done < seconds - 1.0e-9; done += 0.05) {
        rig.run(0.05);
        status.update(rig.engine());
    }
}

// A minute of one interpreter as a broadcast hears it in a day: five stretches of 12 s, each a
// different voice at a different level (a quiet one 14 dB under a loud one), with pauses.
std::vector<float> variedSpeech() {
    const double levelsDb[] = {-10.0, 0.0, -14.0, -4.0, -8.0};
    const double pitches[] = {120.0, 210.0, 150.0, 180.0, 110.0};
    std::vector<float> all;
    for (std::size_t i = 0; i < std::size(levelsDb); ++i) {
        VoiceSpec voice;
        voice.pitchHz = pitches[i];
        voice.seed = static_cast<std::uint32_t>(11 + i);
        std::vector<float> stretch = synthesizeSpeech(voice, 12.0, kRate);
        const auto gain = static_cast<float>(std::pow(10.0, levelsDb[i] / 20.0));
        for (float& s : stretch)
            s *= gain;
        all.insert(all.end(), stretch.begin(), stretch.end());
    }
    return all;
}

// Where the largest magnitude of `output` is, from frame `from` on.
std::size_t loudestFrame(const std::vector<float>& output, std::size_t from) {
    const auto it =
        std::max_element(output.begin() + static_cast<std::ptrdiff_t>(from), output.end(),
                         [](float a, float b) { return std::fabs(a) < std::fabs(b); });
    return static_cast<std::size_t>(it - output.begin());
}

} // namespace

TEST_CASE("a program feed meets its loudness target within 1 LU over a minute of varied speech "
          "with no true peak above its ceiling",
          "[graph][program]") {
    const auto [target, ceiling] =
        GENERATE(std::pair{-23.0, -1.0}, std::pair{-16.0, -1.0}, std::pair{-23.0, -6.0});
    Session session = withProgramFeeds(summitSession());
    session.channels[1].program->loudnessLufs = target; // en
    session.channels[1].program->truePeakDbtp = ceiling;
    session.channels[1].program->bed.enabled = false; // the interpreter alone is measured
    ToneRig rig(session, kRate);
    rig.setTone("floor", 0.0);
    rig.setSignal("ko-en-1", variedSpeech());
    rig.engine().press("ko-en-1", {ConsoleKey::Mic, Switch::On});
    SessionStatus status;
    runPolled(rig, status, 60.0);

    const Loudness raw = measure(rig.output("channel en"));
    const Loudness program = measure(rig.output("program en"));
    INFO("target " << target << " LUFS, ceiling " << ceiling << " dBTP; the channel measures "
                   << raw.integratedLufs << " LUFS, " << raw.truePeakDbtp << " dBTP; its program "
                   << program.integratedLufs << " LUFS, " << program.truePeakDbtp << " dBTP");
    CHECK(std::fabs(raw.integratedLufs - target) > 3.0); // there was work to do
    CHECK(std::fabs(program.integratedLufs - target) <= 1.0);
    CHECK(program.truePeakDbtp <= ceiling);
    // The engine's own meter says the same as the independent one.
    REQUIRE(status.programs().size() == 2);
    const ProgramReading& reading = status.programs()[1];
    CHECK(reading.channel == "en");
    CHECK(std::fabs(reading.integratedLufs - program.integratedLufs) < 0.2);
    CHECK(reading.truePeakDbtp <= ceiling);
    CHECK(reading.unmeasuredFrames == 0);
    WARN("loudness error " << program.integratedLufs - target << " LU, true peak "
                           << program.truePeakDbtp << " dBTP against " << ceiling);
}

TEST_CASE("the true-peak limiter holds peaks between samples under the ceiling",
          "[graph][program]") {
    // A quarter of the rate, 45 degrees off its samples: every sample is 0.707 of the wave's
    // peak, so a sample-peak limiter at -1 dBFS lets a 0 dBTP wave through untouched.
    Session session = withProgramFeeds(summitSession());
    session.channels[1].program->loudnessLufs = std::nullopt;
    session.channels[1].program->bed.enabled = false;
    ToneRig rig(session, kRate);
    rig.setTone("floor", 0.0);
    std::vector<float> wave(static_cast<std::size_t>(3.0 * kRate));
    for (std::size_t i = 0; i < wave.size(); ++i)
        wave[i] = static_cast<float>(
            std::sin(std::numbers::pi / 2.0 * static_cast<double>(i) + std::numbers::pi / 4.0));
    rig.setSignal("ko-en-1", wave);
    rig.engine().press("ko-en-1", {ConsoleKey::Mic, Switch::On});
    SessionStatus status;
    runPolled(rig, status, 3.0);
    const Loudness raw = measure(rig.output("channel en"));
    const Loudness program = measure(rig.output("program en"));
    const auto samplePeak = [](const std::vector<float>& s) {
        float most = 0.0f;
        for (const float x : s)
            most = std::max(most, std::fabs(x));
        return 20.0 * std::log10(static_cast<double>(most));
    };
    INFO("the channel: sample peak " << samplePeak(rig.output("channel en")) << " dBFS, true peak "
                                     << raw.truePeakDbtp << " dBTP; the program "
                                     << program.truePeakDbtp << " dBTP");
    CHECK(samplePeak(rig.output("channel en")) < -2.9); // no sample shows the wave's peak
    CHECK(raw.truePeakDbtp > -0.5);                     // but it is there
    CHECK(program.truePeakDbtp <= -1.0);
    CHECK(program.truePeakDbtp > -1.6); // held at the ceiling, not far under it
}

TEST_CASE("the floor bed ducks under the interpreter's words and rises in their pauses without "
          "pumping between words",
          "[graph][program]") {
    Session session = withProgramFeeds(summitSession());
    ProgramFeed& program = *session.channels[1].program; // en
    program.loudnessLufs = std::nullopt;                 // the bed alone moves
    program.bed = {true, -20.0, 12.0, -45.0, 60.0, 600.0, 800.0};
    ToneRig rig(session, kRate);
    // The interpreter: silent for 2 s, then words (150 ms of 1070 Hz, 80 ms apart, each
    // faded in and out over 10 ms as words are: a hard edge would splash into the floor's
    // tone) until 3.5 s, a 3 s pause, and words again from 6.5 s.
    std::vector<float> words(static_cast<std::size_t>(8.0 * kRate), 0.0f);
    for (std::size_t i = 0; i < words.size(); ++i) {
        const double t = static_cast<double>(i) / kRate;
        const bool speaking = (t >= 2.0 && t < 3.5) || t >= 6.5;
        const double inWord = std::fmod(t - 2.0, 0.23);
        const double fade = std::clamp(std::min(inWord, 0.15 - inWord) / 0.01, 0.0, 1.0);
        const double envelope = 0.5 - 0.5 * std::cos(std::numbers::pi * fade);
        if (speaking)
            words[i] = static_cast<float>(kToneAmplitude * envelope *
                                          std::sin(2.0 * std::numbers::pi * 1070.0 * t));
    }
    rig.setSignal("ko-en-1", words);
    rig.engine().press("ko-en-1", {ConsoleKey::Mic, Switch::On});
    SessionStatus status;
    runPolled(rig, status, 8.0);
    const double floor = rig.toneOf("floor");
    const auto bedDb = [&](double from, double to) {
        const auto& out = rig.output("program en");
        return 20.0 *
               std::log10(toneAmplitude(out, rig.frameAt(from), rig.frameAt(to), floor, kRate) /
                          kToneAmplitude);
    };
    // Before the first word (the auto-floor has faded out by 0.5 s): the bed's level.
    CHECK(bedDb(1.0, 1.9) == Approx(-20.0).margin(0.5));
    // Down within the attack of the first word, and down for every 50 ms of the words,
    // the 80 ms between them included.
    CHECK(bedDb(2.1, 2.2) == Approx(-32.0).margin(1.0));
    for (double t = 2.1; t < 3.45; t += 0.05) {
        INFO("from " << t << " s");
        CHECK(bedDb(t, t + 0.05) < -31.0);
    }
    // The pause: still down for the hold, back up after hold and release.
    CHECK(bedDb(3.55, 4.05) < -31.0);
    CHECK(bedDb(5.0, 6.4) == Approx(-20.0).margin(0.5));
    CHECK(bedDb(6.6, 8.0) < -31.0);
    // The channel itself never carried the floor meanwhile; its listeners hear no bed.
    CHECK(rig.level("channel en", "floor", 1.0, 8.0) < kAbsent);
}

TEST_CASE("a program feed on a channel that carries the floor is the floor, with no bed doubled",
          "[graph][program]") {
    Session session = withProgramFeeds(summitSession());
    session.channels[1].program->loudnessLufs = std::nullopt;
    ToneRig rig(session, kRate);
    SessionStatus status;
    runPolled(rig, status, 1.0); // nobody on air: en carries the floor
    const double channel = rig.level("channel en", "floor", 0.5, 1.0);
    const double program = rig.level("program en", "floor", 0.5, 1.0);
    CHECK(channel > kPresent);
    CHECK(20.0 * std::log10(program / channel) == Approx(0.0).margin(0.1));
}

TEST_CASE("a program feed's lip-sync delay is exact to the sample and no headphones hear it",
          "[graph][program]") {
    const double delayMs = GENERATE(120.0, 1.5, 0.0);
    Session session = withProgramFeeds(summitSession(), delayMs);
    session.channels[1].program->loudnessLufs = std::nullopt;
    session.channels[1].program->bed.enabled = false;
    ToneRig rig(session, kRate);
    rig.setTone("floor", 0.0);
    std::vector<float> click(static_cast<std::size_t>(2.0 * kRate), 0.0f);
    const std::size_t at = rig.frameAt(1.0) + 37; // off any block boundary
    click[at] = 0.5f;
    rig.setSignal("ko-en-1", click);
    rig.engine().press("ko-en-1", {ConsoleKey::Mic, Switch::On});
    SessionStatus status;
    runPolled(rig, status, 2.0);
    const std::size_t inChannel = loudestFrame(rig.output("channel en"), rig.frameAt(0.5));
    const std::size_t inProgram = loudestFrame(rig.output("program en"), rig.frameAt(0.5));
    // ja-1 relays English: its headphones take the channel, not the program.
    const std::size_t inPhones = loudestFrame(rig.output("phones ja-1"), rig.frameAt(0.5));
    const auto wanted = std::max<std::size_t>(
        static_cast<std::size_t>(std::lround(delayMs * 0.001 * kRate)), kProgramLatencyFrames);
    INFO("delay " << delayMs << " ms: the click on the channel at frame " << inChannel
                  << ", on the program at " << inProgram);
    CHECK(inChannel == at);
    CHECK(inProgram - inChannel == wanted);
    CHECK(rig.output("program en")[inProgram] == 0.5f); // whole: no gain, no limiting
    CHECK(inPhones == at);
}

TEST_CASE("a program feed's delay changed live crossfades to the new delay without a click",
          "[graph][program]") {
    Session session = withProgramFeeds(summitSession(), 100.0);
    session.channels[1].program->loudnessLufs = std::nullopt;
    session.channels[1].program->bed.enabled = false;
    ToneRig rig(session, kRate);
    rig.setTone("floor", 0.0);
    rig.setTone("ko-en-1", 1070.0);
    rig.engine().press("ko-en-1", {ConsoleKey::Mic, Switch::On});
    SessionStatus status;
    runPolled(rig, status, 1.0);
    // 201.3 ms more: 215.4 periods of the tone, so the new tap is 0.4 of a period off the
    // old one, and a jump from one to the other would be a step of up to 0.47.
    session.channels[1].program->delayMs = 301.3;
    rig.loadSession(session);
    runPolled(rig, status, 1.0);
    const std::vector<float>& program = rig.output("program en");
    // The tone's own steps are at most 2 pi 1070 / 48000 x 0.25 = 0.035.
    float largest = 0.0f;
    for (std::size_t i = rig.frameAt(0.5) + 1; i < program.size(); ++i)
        largest = std::max(largest, std::fabs(program[i] - program[i - 1]));
    CHECK(largest < 0.05f);
    // The tone at its level before the change and 10 ms after it: the crossfade's own dip
    // (two taps out of phase) is over by then.
    CHECK(rig.quietestRms("program en", 0.5, 1.0) > 0.15);
    CHECK(rig.quietestRms("program en", 1.02, 2.0) > 0.15);
}
