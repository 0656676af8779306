// Every console key, measured on real signals: a distinct tone per source (floor 440 Hz,
// ko-en-1 620 Hz, ko-en-2 830 Hz, ja-1 1070 Hz), detected per output.
#include "support/ToneRig.h"

#include <catch2/catch.hpp>

using namespace dragoman;
using namespace dragoman::test;

namespace {

template <typename Event> std::vector<Event> eventsOf(Engine& engine) {
    std::vector<Event> found;
    for (const EngineEvent& e : engine.takeEvents())
        if (const auto* event = std::get_if<Event>(&e))
            found.push_back(*event);
    return found;
}

} // namespace

TEST_CASE("at rest every channel carries the floor and every console hears it", "[graph]") {
    ToneRig rig(summitSession(), 48000.0);
    rig.run(0.5);
    for (const char* channel : {"channel ko", "channel en", "channel ja"}) {
        INFO(channel);
        CHECK(rig.level(channel, "floor", 0.0, 0.5) > kPresent);
        for (const char* mic : {"ko-en-1", "ko-en-2", "ja-1"})
            CHECK(rig.level(channel, mic, 0.0, 0.5) < kAbsent);
    }
    for (const char* phones : {"phones ko-en-1", "phones ko-en-2", "phones ja-1"}) {
        INFO(phones);
        CHECK(rig.level(phones, "floor", 0.0, 0.5) > kPresent);
    }
}

TEST_CASE("mic on puts exactly that interpreter on the outgoing channel, off brings the floor back",
          "[graph]") {
    ToneRig rig(summitSession(), 48000.0);
    rig.run(0.5);
    REQUIRE(rig.engine().press("ko-en-1", {ConsoleKey::Mic, Switch::On}));
    rig.run(1.0);
    CHECK(rig.level("channel en", "ko-en-1", 1.0, 1.5) > kPresent);
    CHECK(rig.level("channel en", "floor", 1.0, 1.5) < kAbsent);
    CHECK(rig.level("channel en", "ko-en-2", 1.0, 1.5) < kAbsent);
    CHECK(rig.level("channel en", "ja-1", 1.0, 1.5) < kAbsent);
    CHECK(rig.level("channel ko", "ko-en-1", 1.0, 1.5) < kAbsent);
    CHECK(rig.level("channel ko", "floor", 1.0, 1.5) > kPresent);
    CHECK(rig.level("channel ja", "ko-en-1", 1.0, 1.5) < kAbsent);

    rig.engine().press("ko-en-1", {ConsoleKey::Mic, Switch::Off});
    rig.run(1.0);
    CHECK(rig.level("channel en", "ko-en-1", 2.0, 2.5) < kAbsent);
    CHECK(rig.level("channel en", "floor", 2.0, 2.5) > kPresent);
}

TEST_CASE("the on-air state comes back as events, stamped with the frame", "[graph]") {
    ToneRig rig(summitSession(), 48000.0);
    rig.engine().takeEvents();
    rig.run(0.25);
    rig.engine().press("ko-en-1", {ConsoleKey::Mic, Switch::On});
    rig.run(0.25);
    const auto states = eventsOf<ConsoleStateChanged>(rig.engine());
    REQUIRE(states.size() == 2); // the console, and its boothmate who sees it on air
    CHECK(rig.engine().consoleId(states[0].console) == "ko-en-1");
    CHECK(states[0].state.micOn);
    CHECK(rig.engine().languageId(states[0].state.outgoing) == "en");
    CHECK(states[0].frame == 12000);
    CHECK(rig.engine().consoleId(states[1].console) == "ko-en-2");
    CHECK(states[1].state.boothmate == Presence::OnAir);
    CHECK(states[1].frame == 12000);
}

TEST_CASE("cough mutes the mic and does not bring the floor back", "[graph]") {
    ToneRig rig(summitSession(), 48000.0);
    rig.engine().press("ko-en-1", {ConsoleKey::Mic, Switch::On});
    rig.run(1.0);
    rig.engine().press("ko-en-1", {ConsoleKey::Cough, Switch::On});
    rig.run(1.0);
    CHECK(rig.level("channel en", "ko-en-1", 1.1, 2.0) < kAbsent);
    CHECK(rig.level("channel en", "floor", 1.1, 2.0) < kAbsent);
    rig.engine().press("ko-en-1", {ConsoleKey::Cough, Switch::Off});
    rig.run(1.0);
    CHECK(rig.level("channel en", "ko-en-1", 2.1, 3.0) > kPresent);
}

TEST_CASE("the outgoing key moves a live voice to another channel", "[graph]") {
    ToneRig rig(summitSession(), 48000.0);
    // French on the floor: both of the booth's channels are open to it (with Korean on the
    // floor, B = ko would be refused: CombinedRulesTest).
    REQUIRE(rig.engine().setFloorLanguage("fr"));
    rig.engine().press("ko-en-1", {ConsoleKey::Mic, Switch::On});
    rig.run(1.0);
    rig.engine().press("ko-en-1", {ConsoleKey::Output, OutputSlot::B}); // B = ko
    rig.run(1.0);
    CHECK(rig.level("channel ko", "ko-en-1", 1.5, 2.0) > kPresent);
    CHECK(rig.level("channel ko", "floor", 1.5, 2.0) < kAbsent);
    CHECK(rig.level("channel en", "ko-en-1", 1.5, 2.0) < kAbsent);
    CHECK(rig.level("channel en", "floor", 1.5, 2.0) > kPresent);

    rig.engine().takeEvents();
    rig.engine().press("ja-1", {ConsoleKey::Output, OutputSlot::B}); // the ja booth has no B
    rig.run(0.1);
    const auto refusals = eventsOf<KeyRefused>(rig.engine());
    REQUIRE(refusals.size() == 1);
    CHECK(refusals[0].reason == RefusalReason::NoSuchOutput);
}

TEST_CASE("the listen selector picks floor, a relay channel, or auto-relay", "[graph]") {
    ToneRig rig(summitSession(), 48000.0);
    rig.engine().press("ja-1", {ConsoleKey::Mic, Switch::On});
    rig.engine().press("ko-en-1", {ConsoleKey::Mic, Switch::On});
    rig.run(0.5);
    // ja-1 is on auto-relay: the floor is Korean, so it hears the en channel (ko-en-1), once
    // the en channel's auto-floor has faded out (300 ms).
    CHECK(rig.level("phones ja-1", "ko-en-1", 0.31, 0.5) > kPresent);
    CHECK(rig.level("phones ja-1", "floor", 0.31, 0.5) < kAbsent);

    REQUIRE(rig.engine().press(
        "ko-en-2", {ConsoleKey::Listen, ListenChoice{ListenSource::Kind::Channel, "ja"}}));
    REQUIRE(rig.engine().press("ja-1",
                               {ConsoleKey::Listen, ListenChoice{ListenSource::Kind::Floor, {}}}));
    rig.run(0.5);
    CHECK(rig.level("phones ko-en-2", "ja-1", 0.7, 1.0) > kPresent);
    CHECK(rig.level("phones ko-en-2", "floor", 0.7, 1.0) < kAbsent);
    CHECK(rig.level("phones ja-1", "floor", 0.7, 1.0) > kPresent);
    CHECK(rig.level("phones ja-1", "ko-en-1", 0.7, 1.0) < kAbsent);

    CHECK_FALSE(rig.engine().press(
        "ja-1", {ConsoleKey::Listen, ListenChoice{ListenSource::Kind::Channel, "fr"}}));
}

TEST_CASE("headphone volume scales what the console hears", "[graph]") {
    ToneRig rig(summitSession(), 48000.0);
    rig.run(0.3);
    const double before = rig.level("phones ko-en-1", "floor", 0.1, 0.3);
    rig.engine().press("ko-en-1", {ConsoleKey::HeadphoneVolume, Decibels{-12.0f}});
    rig.run(0.5);
    const double after = rig.level("phones ko-en-1", "floor", 0.5, 0.8);
    CHECK(20.0 * std::log10(after / before) == Approx(-12.0).margin(0.2));
    CHECK(rig.level("phones ko-en-2", "floor", 0.5, 0.8) == Approx(before).epsilon(0.01));
}

TEST_CASE("sidetone adds the interpreter's own voice while on air", "[graph]") {
    ToneRig rig(summitSession(), 48000.0);
    // The floor's tone silent: with it, the sum would be over 94 dB SPL at the summit's
    // headsets, and hearing protection would hold it there (HearingTiersTest).
    rig.setTone("floor", 0.0);
    rig.engine().press("ko-en-1", {ConsoleKey::Mic, Switch::On});
    rig.run(0.5);
    CHECK(rig.level("phones ko-en-1", "ko-en-1", 0.2, 0.5) < kAbsent); // off by default
    rig.engine().press("ko-en-1", {ConsoleKey::Sidetone, Decibels{-6.0f}});
    rig.run(0.5);
    CHECK(rig.level("phones ko-en-1", "ko-en-1", 0.7, 1.0) ==
          Approx(kToneAmplitude * 0.501).epsilon(0.03));
    rig.engine().press("ko-en-1", {ConsoleKey::Mic, Switch::Off});
    rig.run(0.5);
    CHECK(rig.level("phones ko-en-1", "ko-en-1", 1.2, 1.5) < kAbsent);
}

TEST_CASE("bass and treble shape the headphone feed", "[graph]") {
    ToneRig rig(summitSession(), 48000.0);
    auto floorLevelAt = [&rig](double frequency) {
        rig.setTone("floor", frequency);
        const double start = rig.now();
        rig.run(0.8);
        return rig.level("phones ko-en-1", "floor", start + 0.5, start + 0.8);
    };
    rig.engine().press("ko-en-1", {ConsoleKey::Bass, Decibels{-18.0f}});
    rig.engine().press("ko-en-1", {ConsoleKey::Treble, Decibels{18.0f}});
    const double low = floorLevelAt(125.0);
    const double mid = floorLevelAt(1000.0);
    const double high = floorLevelAt(8000.0);
    CHECK(20.0 * std::log10(mid / low) >= 12.0);
    // The boost runs into the limiter's ceiling (-6 dBFS): compare below it.
    rig.engine().press("ko-en-1", {ConsoleKey::HeadphoneVolume, Decibels{-24.0f}});
    const double midQuiet = floorLevelAt(1000.0);
    const double highQuiet = floorLevelAt(8000.0);
    CHECK(20.0 * std::log10(highQuiet / midQuiet) >= 12.0);
    CHECK(high > mid);
}

TEST_CASE("slow-down and help reach the engineer as console state", "[graph]") {
    ToneRig rig(summitSession(), 48000.0);
    rig.engine().takeEvents();
    rig.engine().press("ja-1", {ConsoleKey::SlowDown, Switch::On});
    rig.engine().press("ko-en-2", {ConsoleKey::Help, Switch::On});
    rig.run(0.1);
    bool slowDown = false, help = false;
    for (const auto& e : eventsOf<ConsoleStateChanged>(rig.engine())) {
        slowDown |= rig.engine().consoleId(e.console) == "ja-1" && e.state.slowDown;
        help |= rig.engine().consoleId(e.console) == "ko-en-2" && e.state.help;
    }
    CHECK(slowDown);
    CHECK(help);
}

TEST_CASE("meters report peak and RMS per input and output", "[graph]") {
    ToneRig rig(summitSession(), 48000.0);
    rig.engine().press("ko-en-1", {ConsoleKey::Mic, Switch::On});
    rig.run(0.5);
    rig.engine().takeMeters();
    rig.run(0.5);
    const MeterReadings meters = rig.engine().takeMeters();
    REQUIRE(meters.inputs.size() == 4);
    REQUIRE(meters.outputs.size() == 7); // 3 channels, the talkback, 3 phones
    CHECK(meters.inputs[0].label() == "floor 1");
    CHECK(meters.inputs[0].level.peak == Approx(kToneAmplitude).epsilon(0.01));
    CHECK(meters.inputs[0].level.rms == Approx(kToneAmplitude / std::sqrt(2.0)).epsilon(0.01));
    CHECK(meters.outputs[1].label() == "channel en");
    CHECK(meters.outputs[1].level.peak == Approx(kToneAmplitude).epsilon(0.01));
    CHECK(meters.outputs[3].label() == "talkback");
    CHECK(meters.outputs[3].level.peak == 0.0f); // nobody holds it
    CHECK(meters.limiterGain.size() == 3);
}

TEST_CASE("talkback speaks to the technician only: off the channel, no floor back, no click",
          "[graph][talkback]") {
    ToneRig rig(summitSession(), 48000.0);
    rig.engine().press("ko-en-1", {ConsoleKey::Mic, Switch::On});
    // Keys land 3 ms past the second, where the tones are far from zero: a switch without a
    // ramp would jump there.
    rig.run(1.003);
    CHECK(rig.level("talkback", "ko-en-1", 0.5, 1.0) < kAbsent);
    // On air, the interpreter holds talkback: the technician hears them, the listeners do not,
    // and the floor does not come back on their channel for a word to the technician.
    rig.engine().press("ko-en-1", {ConsoleKey::Talkback, Switch::On});
    // Off air, the Japanese interpreter does the same: heard on the talkback only.
    rig.engine().press("ja-1", {ConsoleKey::Talkback, Switch::On});
    rig.run(1.0);
    CHECK(rig.level("talkback", "ko-en-1", 1.1, 2.0) > kPresent);
    CHECK(rig.level("talkback", "ja-1", 1.1, 2.0) > kPresent);
    CHECK(rig.level("talkback", "ko-en-2", 1.1, 2.0) < kAbsent);
    CHECK(rig.level("talkback", "floor", 1.1, 2.0) < kAbsent);
    for (const char* channel : {"channel en", "channel ko", "channel ja"}) {
        CHECK(rig.level(channel, "ko-en-1", 1.1, 2.0) < kAbsent);
        CHECK(rig.level(channel, "ja-1", 1.1, 2.0) < kAbsent);
    }
    CHECK(rig.level("channel en", "floor", 1.1, 2.0) < kAbsent);
    rig.engine().press("ko-en-1", {ConsoleKey::Talkback, Switch::Off});
    rig.run(1.0);
    CHECK(rig.level("channel en", "ko-en-1", 2.1, 3.0) > kPresent);
    CHECK(rig.level("talkback", "ko-en-1", 2.1, 3.0) < kAbsent);
    CHECK(rig.level("talkback", "ja-1", 2.1, 3.0) > kPresent);
    // Nobody talks back, then someone does again: the talkback opens as at first.
    rig.engine().press("ja-1", {ConsoleKey::Talkback, Switch::Off});
    rig.run(1.0);
    CHECK(rig.level("talkback", "ja-1", 3.1, 4.0) < kAbsent);
    rig.engine().press("ja-1", {ConsoleKey::Talkback, Switch::On});
    rig.run(1.0);
    CHECK(rig.level("talkback", "ja-1", 4.1, 5.0) > kPresent);
    // Ramped both ways (10 ms), so neither the channel nor the talkback clicks: no sample
    // steps further than the tones themselves move (two tones under 1.1 kHz at 0.25: under
    // 0.07 a sample; switched without a ramp, these tones would jump by 0.15 and more).
    for (const char* output : {"channel en", "talkback"}) {
        const std::vector<float>& signal = rig.output(output);
        float largestStep = 0.0f;
        for (std::size_t i = 1; i < signal.size(); ++i)
            largestStep = std::max(largestStep, std::abs(signal[i] - signal[i - 1]));
        INFO(output);
        CHECK(largestStep < 0.1f);
    }
}
