// Hearing protection in sound pressure: with the summit's headsets (-12 dBFS gives 94 dB SPL)
// the instantaneous ceiling is 100 dB SPL (-6 dBFS), 94 dB SPL (-12 dBFS) once an overload
// lasts 100 ms, and two beeps when the last minute's average exceeds 80 dB SPL, not again
// within 30 minutes. Acoustic shocks (full-scale squares, a feedback howl, a 0 dBFS click
// train, NaN bursts) on the floor into console ko-en-1's headphones, measured sample by sample.
#include "dsp/Decibels.h"
#include "dsp/HearingGuard.h"
#include "support/ToneRig.h"

#include <catch2/catch.hpp>
#include <cmath>
#include <functional>
#include <numbers>

using namespace dragoman;
using namespace dragoman::test;

namespace {

constexpr double kRate = 48000.0;
const double kInstant = static_cast<double>(dbToGain(-6.0f));    // 100 dB SPL
const double kSustained = static_cast<double>(dbToGain(-12.0f)); // 94 dB SPL

std::vector<float> signalOf(double seconds, const std::function<float(std::size_t)>& sample) {
    std::vector<float> out(static_cast<std::size_t>(seconds * kRate));
    for (std::size_t i = 0; i < out.size(); ++i)
        out[i] = sample(i);
    return out;
}

float sine(std::size_t i, double hz, double amplitude) {
    return static_cast<float>(
        amplitude * std::sin(2.0 * std::numbers::pi * hz * static_cast<double>(i) / kRate));
}

// Half a second of silence, then `shock` for two seconds, then silence.
std::vector<float> shockAt(const std::function<float(std::size_t)>& shock) {
    return signalOf(
        4.0, [&](std::size_t i) { return i >= 24000 && i < 120000 ? shock(i - 24000) : 0.0f; });
}

HearingReading hearingOf(Engine& engine, const std::string& console) {
    for (const HearingReading& h : engine.takeMeters().hearing)
        if (h.console == console)
            return h;
    FAIL("no hearing reading for " << console);
    return {};
}

} // namespace

TEST_CASE("acoustic shocks: nothing above 100 dB SPL, 94 dB SPL once an overload lasts 100 ms",
          "[graph][hearing]") {
    struct Shock {
        const char* name;
        std::function<float(std::size_t)> sample;
        bool sustained; // an overload that lasts: the 94 dB SPL tier comes
    };
    const std::vector<Shock> shocks = {
        {"a full-scale square", [](std::size_t i) { return (i / 120) % 2 == 0 ? 1.0f : -1.0f; },
         true},
        {"a feedback howl",
         [](std::size_t i) {
             const double t = static_cast<double>(i) / kRate;
             return static_cast<float>(
                 std::min(4.0, 0.5 + 20.0 * t) *
                 std::sin(2.0 * std::numbers::pi * 2500.0 * t * (1.0 + 0.1 * std::sin(3.0 * t))));
         },
         true},
        {"a 0 dBFS click train", [](std::size_t i) { return i % 4800 == 0 ? 1.0f : 0.0f; }, false},
        {"NaN bursts in a loud sine",
         [](std::size_t i) {
             return i % 4800 < 64 ? std::numeric_limits<float>::quiet_NaN() : sine(i, 1000.0, 1.0);
         },
         true},
    };
    for (const Shock& shock : shocks) {
        INFO(shock.name);
        ToneRig rig(summitSession(), kRate);
        rig.setSignal("floor", shockAt(shock.sample));
        bool sustainedAt1s = false;
        for (double t = 0.0; t < 4.0; t += 0.5) {
            rig.run(0.5);
            const HearingReading h = hearingOf(rig.engine(), "ko-en-1");
            if (rig.now() == 1.5)
                sustainedAt1s = h.sustainedTier;
            if (rig.now() == 4.0)
                CHECK_FALSE(h.sustainedTier); // a second of quiet lets it go
        }
        const auto& phones = rig.output("phones ko-en-1");
        for (const float x : phones)
            REQUIRE(std::isfinite(x));
        CHECK(peakOf(phones, 0, phones.size()) <= kInstant);
        CHECK(sustainedAt1s == shock.sustained);
        if (!shock.sustained) {
            CHECK(peakOf(phones, 0, phones.size()) > 0.9 * kInstant); // limited, not muted
            continue;
        }
        // 100 ms at up to 100 dB SPL, then down to 94 within a chunk and the 10 ms ramp.
        CHECK(peakOf(phones, rig.frameAt(0.5), rig.frameAt(0.59)) > 0.9 * kInstant);
        CHECK(peakOf(phones, rig.frameAt(0.615), rig.frameAt(2.5)) <= kSustained * 1.0001);
        std::size_t down = rig.frameAt(0.5);
        while (down < rig.frameAt(1.0) &&
               peakOf(phones, down, down + rig.frameAt(0.005)) > kSustained * 1.0001)
            down += rig.frameAt(0.001);
        const double after = static_cast<double>(down) / kRate - 0.5;
        WARN(shock.name << ": at 94 dB SPL " << after * 1000.0 << " ms into the overload");
        CHECK(after >= 0.095);
        CHECK(after <= 0.115);
    }
}

TEST_CASE("a minute above 80 dB SPL on average sounds two beeps, not again within 30 minutes",
          "[graph][hearing]") {
    // 84 dB SPL: 10 dB under the calibration's 94, a 440 Hz sine for 125 s.
    ToneRig rig(summitSession(), kRate);
    const double amplitude = kSustained * std::pow(10.0, -10.0 / 20.0);
    rig.setSignal("floor",
                  signalOf(125.0, [&](std::size_t i) { return sine(i, 440.0, amplitude); }));
    rig.run(125.0);
    const HearingReading h = hearingOf(rig.engine(), "ko-en-1");
    CHECK(h.minuteDbSpl == Approx(84.0).margin(0.1));
    CHECK(h.warnings == 1);
    // The dose: 84 dB is 10^0.4 times 80 dB's power; 125 s of it against 8 hours.
    CHECK(h.dose == Approx(std::pow(10.0, 0.4) * 125.0 / (8.0 * 3600.0)).epsilon(0.01));
    // The beeps: 1 kHz, first heard when the first minute closes, and only then.
    const auto& phones = rig.output("phones ko-en-1");
    std::vector<double> beeps;
    for (std::size_t f = 0; f + 960 <= phones.size(); f += 960)
        if (toneAmplitude(phones, f, f + 960, 1000.0, kRate) > 0.01 &&
            (beeps.empty() || static_cast<double>(f) / kRate - beeps.back() > 1.0))
            beeps.push_back(static_cast<double>(f) / kRate);
    REQUIRE(beeps.size() == 1);
    WARN("the warning's beeps began " << beeps[0] << " s into a minute at 84 dB SPL");
    CHECK(beeps[0] >= 59.98);
    CHECK(beeps[0] <= 60.05);
    // Never on a channel. Every console hears the floor here (ja-1 through English's
    // auto-floor), so each is warned in its own headphones, once.
    for (const std::string other : {"channel en", "channel ja"})
        CHECK(toneAmplitude(rig.output(other), rig.frameAt(59.9), rig.frameAt(60.5), 1000.0,
                            kRate) < 1e-4);
    for (const HearingReading& each : rig.engine().takeMeters().hearing)
        CHECK(each.warnings == 1);

    // 76 dB SPL: no warning.
    ToneRig quiet(summitSession(), kRate);
    const double softer = kSustained * std::pow(10.0, -18.0 / 20.0);
    quiet.setSignal("floor", signalOf(65.0, [&](std::size_t i) { return sine(i, 440.0, softer); }));
    quiet.run(65.0);
    const HearingReading q = hearingOf(quiet.engine(), "ko-en-1");
    CHECK(q.minuteDbSpl == Approx(76.0).margin(0.1));
    CHECK(q.warnings == 0);
}

TEST_CASE("the dose and the minute's level are read the same across a session change",
          "[graph][hearing]") {
    // The engine tells them when a second closes; a new plan tells them in its first block,
    // not a second later as zeros.
    ToneRig rig(summitSession(), kRate);
    const double amplitude = kSustained * std::pow(10.0, -10.0 / 20.0); // 84 dB SPL
    rig.setSignal("floor", signalOf(4.0, [&](std::size_t i) { return sine(i, 440.0, amplitude); }));
    rig.run(3.0);
    const HearingReading before = hearingOf(rig.engine(), "ko-en-1");
    CHECK(before.minuteDbSpl == Approx(84.0).margin(0.1));
    CHECK(before.dose == Approx(std::pow(10.0, 0.4) * 3.0 / (8.0 * 3600.0)).epsilon(0.01));
    Session changed = summitSession();
    changed.limiter.ceilingDbfs = -7.0; // a new plan; the consoles' hearing carries over
    rig.loadSession(changed);
    rig.run(0.01);
    const HearingReading after = hearingOf(rig.engine(), "ko-en-1");
    CHECK(after.minuteDbSpl == before.minuteDbSpl);
    CHECK(after.dose >= before.dose);
    CHECK(after.dose < before.dose * 1.01); // 10 ms more of 3 s
}

TEST_CASE("a console's own headset calibration sets its tiers", "[graph][hearing]") {
    Session session = summitSession();
    session.booths[0].consoles[0].headset94Dbfs = -20.0; // a more sensitive headset
    session.limiter.ceilingDbfs = 0.0;
    ToneRig rig(session, kRate);
    rig.setSignal("floor", shockAt([](std::size_t i) { return sine(i, 1000.0, 1.0); }));
    rig.run(4.0);
    const auto& one = rig.output("phones ko-en-1");
    const auto& two = rig.output("phones ko-en-2");
    CHECK(peakOf(one, 0, one.size()) <= static_cast<double>(dbToGain(-14.0f)));
    CHECK(peakOf(one, rig.frameAt(0.62), rig.frameAt(2.5)) <=
          static_cast<double>(dbToGain(-20.0f)) * 1.0001);
    CHECK(peakOf(two, rig.frameAt(0.62), rig.frameAt(2.5)) ==
          Approx(kSustained).epsilon(0.01)); // the session's -12
}
