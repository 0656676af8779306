// No headphone sample ever exceeds the session's ceiling, whatever arrives, at every block
// size and sample rate.
#include "dsp/Decibels.h"
#include "support/ToneRig.h"

#include <catch2/catch.hpp>
#include <numbers>

using namespace dragoman;
using namespace dragoman::test;

namespace {

std::vector<float> fullScaleSquare(double frequency, double rate, double seconds) {
    std::vector<float> out(static_cast<std::size_t>(rate * seconds));
    for (std::size_t i = 0; i < out.size(); ++i)
        out[i] = std::fmod(static_cast<double>(i) * frequency / rate, 1.0) < 0.5 ? 1.0f : -1.0f;
    return out;
}

// A feedback howl: a full-scale sine that jumps between frequencies and overshoots.
std::vector<float> howl(double rate, double seconds) {
    std::vector<float> out(static_cast<std::size_t>(rate * seconds));
    double phase = 0.0;
    for (std::size_t i = 0; i < out.size(); ++i) {
        const double t = static_cast<double>(i) / rate;
        phase += 2.0 * std::numbers::pi * (2000.0 + 1500.0 * std::sin(7.0 * t)) / rate;
        out[i] = static_cast<float>(std::min(4.0, 0.5 + 20.0 * t) * std::sin(phase));
    }
    return out;
}

} // namespace

TEST_CASE("every headphone feed stays below the limiter ceiling for any input", "[graph]") {
    const auto rate = GENERATE(44100.0, 48000.0, 96000.0);
    const auto block = GENERATE(1u, 63u, 256u, 4096u);
    const auto ceilingDb = GENERATE(-6.0, -12.0);
    INFO("rate " << rate << ", block " << block << ", ceiling " << ceilingDb << " dBFS");
    Session session = summitSession();
    session.limiter.ceilingDbfs = ceilingDb;
    ToneRig rig(session, rate, {block});
    const double seconds = block == 1 ? 0.3 : 1.0;
    rig.setSignal("floor", fullScaleSquare(100.0, rate, seconds));
    rig.setSignal("ko-en-1", howl(rate, seconds));
    rig.setSignal("ko-en-2", fullScaleSquare(1000.0, rate, seconds));
    rig.setSignal("ja-1", howl(rate, seconds));
    for (const char* console : {"ko-en-1", "ko-en-2", "ja-1"}) {
        rig.engine().press(console, {ConsoleKey::HeadphoneVolume, Decibels{12.0f}});
        rig.engine().press(console, {ConsoleKey::Sidetone, Decibels{6.0f}});
        rig.engine().press(console, {ConsoleKey::Bass, Decibels{18.0f}});
        rig.engine().press(console, {ConsoleKey::Treble, Decibels{18.0f}});
    }
    rig.engine().press("ko-en-1", {ConsoleKey::Mic, Switch::On});
    rig.engine().press("ja-1", {ConsoleKey::Mic, Switch::On});
    rig.run(seconds);
    const double ceiling = dbToGain(static_cast<float>(ceilingDb));
    for (const char* phones : {"phones ko-en-1", "phones ko-en-2", "phones ja-1"}) {
        INFO(phones);
        const double peak = peakOf(rig.output(phones), 0, rig.output(phones).size());
        CHECK(peak <= ceiling);
        CHECK(peak > 0.9 * ceiling); // limited, not muted
    }
}

TEST_CASE("NaN and infinite input samples never leave the engine, and are counted per input",
          "[graph]") {
    const double rate = 48000.0;
    ToneRig rig(summitSession(), rate, {BlockSizes{97}});
    // The floor and one mic carry tone with bursts of NaN and +-infinity; the other mic is clean.
    auto spoilt = [&](const std::string& source, std::size_t every) {
        std::vector<float> samples(static_cast<std::size_t>(rate));
        const double frequency = rig.toneOf(source);
        for (std::size_t i = 0; i < samples.size(); ++i)
            samples[i] =
                static_cast<float>(kToneAmplitude * std::sin(2.0 * std::numbers::pi * frequency *
                                                             static_cast<double>(i) / rate));
        std::size_t spoiltCount = 0;
        for (std::size_t i = 0; i < samples.size(); i += every, ++spoiltCount)
            samples[i] = spoiltCount % 3 == 0   ? std::numeric_limits<float>::quiet_NaN()
                         : spoiltCount % 3 == 1 ? std::numeric_limits<float>::infinity()
                                                : -std::numeric_limits<float>::infinity();
        rig.setSignal(source, samples);
        return spoiltCount;
    };
    const std::size_t floorBad = spoilt("floor", 101);
    const std::size_t micBad = spoilt("ko-en-1", 57);
    rig.engine().press("ko-en-1", {ConsoleKey::Mic, Switch::On}); // en: the spoilt mic
    rig.engine().press("ja-1", {ConsoleKey::Mic, Switch::On});    // ja: relays en
    rig.engine().press("ko-en-1", {ConsoleKey::Sidetone, Decibels{0.0f}});
    rig.run(1.0);
    // Every channel (what recordings, streams and remote paths take) and every headphone feed.
    for (const char* output : {"channel ko", "channel en", "channel ja", "phones ko-en-1",
                               "phones ko-en-2", "phones ja-1"}) {
        INFO(output);
        const std::vector<float>& samples = rig.output(output);
        CHECK(
            std::all_of(samples.begin(), samples.end(), [](float s) { return std::isfinite(s); }));
    }
    // The signals still pass: a NaN is one silent sample, not a silent block.
    CHECK(rig.level("channel en", "ko-en-1", 0.2, 1.0) > kPresent);
    CHECK(rig.level("channel ko", "floor", 0.2, 1.0) > kPresent);
    std::map<std::string, std::uint64_t> counted;
    for (const MeterReading& input : rig.engine().takeMeters().inputs)
        counted[input.label()] = input.nonFiniteSamples;
    CHECK(counted["floor 1"] == floorBad);
    CHECK(counted["mic ko-en-1"] == micBad);
    CHECK(counted["mic ko-en-2"] == 0);
    CHECK(rig.engine().takeMeters().inputs.front().nonFiniteSamples == 0); // taken once
}
