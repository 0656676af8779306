// Session changes while audio runs: the new plan is adopted between blocks, live consoles
// stay live, removed ones fall back to auto-floor, and nothing clicks.
#include "support/ToneRig.h"

#include <catch2/catch.hpp>

using namespace dragoman;
using namespace dragoman::test;

namespace {

double largestStep(const std::vector<float>& samples, std::size_t from, std::size_t to) {
    double step = 0.0;
    for (std::size_t i = std::max<std::size_t>(from, 1); i < std::min(to, samples.size()); ++i)
        step = std::max(step, static_cast<double>(std::fabs(samples[i] - samples[i - 1])));
    return step;
}

} // namespace

TEST_CASE("adding a booth and a channel mid-render keeps live mics live, without a click",
          "[graph]") {
    const auto blocks = GENERATE(BlockSizes{1}, BlockSizes{64}, BlockSizes{0, true, 5});
    ToneRig rig(summitSession(), 48000.0, blocks);
    rig.engine().press("ko-en-1", {ConsoleKey::Mic, Switch::On});
    rig.engine().press("ko-en-1", {ConsoleKey::HeadphoneVolume, Decibels{-6.0f}});
    rig.run(0.5);
    const double swap = rig.now();
    rig.loadSession(summitWithFrenchBooth());
    rig.run(0.5);
    CHECK(rig.engine().activeGeneration() == 2);
    // The live mic never left the air: its tone is there right across the swap...
    CHECK(rig.level("channel en", "ko-en-1", swap - 0.2, swap + 0.2) > kPresent);
    CHECK(rig.level("channel en", "floor", swap - 0.2, swap + 0.5) < kAbsent);
    // ...without a click (a 620 Hz tone at 0.25 moves at most 0.0203 per sample).
    CHECK(largestStep(rig.output("channel en"), rig.frameAt(0.3), rig.frameAt(1.0)) < 0.021);
    // The knob kept its setting.
    CHECK(20.0 * std::log10(rig.level("phones ko-en-1", "floor", 0.6, 1.0) / kToneAmplitude) ==
          Approx(-6.0).margin(0.2));
}

TEST_CASE("the new booth works at once, and a removed console's channel falls back to the floor",
          "[graph]") {
    ToneRig rig(summitSession(), 48000.0);
    rig.engine().press("ja-1", {ConsoleKey::Mic, Switch::On});
    rig.engine().press("ko-en-1", {ConsoleKey::Mic, Switch::On});
    rig.run(0.5);
    Session without = summitWithFrenchBooth();
    without.booths.erase(without.booths.begin() + 2); // the ja booth goes; its channel stays
    rig.loadSession(without);
    rig.run(0.1);
    REQUIRE(rig.engine().press("fr-1", {ConsoleKey::Mic, Switch::On}));
    rig.run(0.9);
    CHECK(rig.level("channel fr", "fr-1", 1.0, 1.5) > kPresent);
    CHECK(rig.level("channel fr", "floor", 1.0, 1.5) < kAbsent);
    // fr-1 relays from en, where ko-en-1 still speaks.
    CHECK(rig.level("phones fr-1", "ko-en-1", 1.0, 1.5) > kPresent);
    CHECK(rig.level("channel en", "ko-en-1", 0.3, 1.5) > kPresent);
    CHECK(rig.level("channel ja", "ja-1", 1.0, 1.5) < kAbsent);
    CHECK(rig.level("channel ja", "floor", 1.0, 1.5) > kPresent);
}

TEST_CASE("a console keeps its port when booths before it come and go", "[graph]") {
    Engine engine(summitSession(), 48000.0);
    const auto portOf = [&engine](const std::string& name) {
        for (const EnginePort& port : engine.layout().mics)
            if (port.label() == name)
                return port.port;
        return UINT32_MAX;
    };
    const std::uint32_t before = portOf("mic ja-1");
    engine.loadSession(summitWithFrenchBooth());
    CHECK(portOf("mic ja-1") == before);
    CHECK(portOf("mic fr-1") != before);
}

TEST_CASE("keys and session changes take effect in the order they were made", "[graph]") {
    ToneRig rig(summitSession(), 48000.0);
    rig.engine().press("ko-en-1", {ConsoleKey::Mic, Switch::On});
    rig.run(0.5);
    // Within one block: the floor switches to English, then a session file naming Korean as
    // the floor language is loaded. The later intent wins: the floor is Korean.
    rig.engine().setFloorLanguage("en");
    rig.loadSession(summitSession());
    rig.run(0.5);
    CHECK(rig.engine().session().floor.language == "ko");
    CHECK(rig.level("channel en", "ko-en-1", 0.6, 1.0) > kPresent);
    CHECK(rig.level("channel ko", "ko-en-1", 0.6, 1.0) < kAbsent);

    // A key pressed for a console that the next session removes still reaches it first.
    rig.engine().takeEvents();
    rig.engine().press("ja-1", {ConsoleKey::Mic, Switch::On});
    Session withoutJa = summitSession();
    withoutJa.booths.pop_back();
    rig.loadSession(withoutJa);
    rig.run(0.1);
    bool jaWentLive = false;
    for (const EngineEvent& e : rig.engine().takeEvents())
        if (const auto* s = std::get_if<ConsoleStateChanged>(&e))
            jaWentLive |= rig.engine().consoleId(s->console) == "ja-1" && s->state.micOn;
    CHECK(jaWentLive);
}

TEST_CASE("an edited session keeps the meeting's floor language, a loaded file sets its own",
          "[graph]") {
    ToneRig rig(summitSession(), 48000.0);
    rig.engine().press("ko-en-1", {ConsoleKey::Mic, Switch::On});
    rig.engine().setFloorLanguage("en");
    rig.run(0.5);
    Session edited = rig.engine().session(); // what an engineer view edits: floor is en
    edited.channels[1].floorBed.enabled = true;
    rig.loadSession(edited);
    rig.run(0.5);
    CHECK(rig.level("channel ko", "ko-en-1", 0.6, 1.0) > kPresent); // still interpreting into ko
    rig.loadSession(summitSession()); // the file says the floor is Korean
    rig.run(0.5);
    CHECK(rig.level("channel en", "ko-en-1", 1.1, 1.5) > kPresent);
}
