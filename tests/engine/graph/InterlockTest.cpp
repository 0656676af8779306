// Booth interlock, channel interlock (both modes), handover, auto-floor and floor bed.
#include "support/ToneRig.h"

#include <catch2/catch.hpp>

using namespace dragoman;
using namespace dragoman::test;

namespace {

// The largest step between consecutive samples: a click shows here.
double largestStep(const std::vector<float>& samples, std::size_t from, std::size_t to) {
    double step = 0.0;
    for (std::size_t i = std::max<std::size_t>(from, 1); i < std::min(to, samples.size()); ++i)
        step = std::max(step, static_cast<double>(std::fabs(samples[i] - samples[i - 1])));
    return step;
}

const ConsoleStateChanged* lastStateOf(const std::vector<EngineEvent>& events, Engine& engine,
                                       const std::string& console) {
    const ConsoleStateChanged* last = nullptr;
    for (const EngineEvent& e : events)
        if (const auto* s = std::get_if<ConsoleStateChanged>(&e))
            if (engine.consoleId(s->console) == console)
                last = s;
    return last;
}

} // namespace

TEST_CASE("booth interlock: the second mic waits, then takes over at handover with no gap",
          "[graph]") {
    ToneRig rig(summitWithBoothInterlock(InterlockMode::Interlock), 48000.0);
    rig.engine().press("ko-en-1", {ConsoleKey::Mic, Switch::On});
    rig.run(1.0);
    rig.engine().takeEvents();
    rig.engine().press("ko-en-2", {ConsoleKey::Mic, Switch::On});
    rig.run(1.0);
    const auto waitingEvents = rig.engine().takeEvents();
    const auto* waiting = lastStateOf(waitingEvents, rig.engine(), "ko-en-2");
    REQUIRE(waiting != nullptr);
    CHECK(waiting->state.waiting);
    CHECK_FALSE(waiting->state.micOn);
    CHECK(rig.level("channel en", "ko-en-1", 1.2, 2.0) > kPresent);
    CHECK(rig.level("channel en", "ko-en-2", 1.2, 2.0) < kAbsent);

    const double handover = rig.now();
    rig.engine().press("ko-en-1", {ConsoleKey::Mic, Switch::Off});
    rig.run(1.0);
    const auto* taken = lastStateOf(rig.engine().takeEvents(), rig.engine(), "ko-en-2");
    REQUIRE(taken != nullptr);
    CHECK(taken->state.micOn);
    // Never silent: both tones have the same level, and the crossfade keeps the sum up.
    CHECK(rig.quietestRms("channel en", handover - 0.05, handover + 0.05) >
          0.5 * kToneAmplitude / std::sqrt(2.0));
    // Never doubled: each voice only on its side of the 10 ms crossfade.
    CHECK(rig.level("channel en", "ko-en-2", handover - 0.3, handover) < kAbsent);
    CHECK(rig.level("channel en", "ko-en-1", handover + 0.011, handover + 0.3) < kAbsent);
    // And the floor never slips in between.
    CHECK(rig.level("channel en", "floor", handover - 0.2, handover + 0.5) < kAbsent);
}

TEST_CASE("booth override: the newest mic wins and the other is switched off", "[graph]") {
    ToneRig rig(summitWithBoothInterlock(InterlockMode::Override), 48000.0);
    rig.engine().press("ko-en-1", {ConsoleKey::Mic, Switch::On});
    rig.run(1.0);
    const double takeover = rig.now();
    rig.engine().takeEvents();
    rig.engine().press("ko-en-2", {ConsoleKey::Mic, Switch::On});
    rig.run(1.0);
    const auto events = rig.engine().takeEvents();
    const auto* first = lastStateOf(events, rig.engine(), "ko-en-1");
    REQUIRE(first != nullptr);
    CHECK_FALSE(first->state.micOn);
    CHECK(rig.level("channel en", "ko-en-2", takeover + 0.011, takeover + 0.5) > kPresent);
    CHECK(rig.level("channel en", "ko-en-1", takeover + 0.011, takeover + 0.5) < kAbsent);
    CHECK(rig.quietestRms("channel en", takeover - 0.05, takeover + 0.05) >
          0.5 * kToneAmplitude / std::sqrt(2.0));
}

TEST_CASE("a second press while waiting cancels the wait", "[graph]") {
    ToneRig rig(summitWithBoothInterlock(InterlockMode::Interlock), 48000.0);
    rig.engine().press("ko-en-1", {ConsoleKey::Mic, Switch::On});
    rig.engine().press("ko-en-2", {ConsoleKey::Mic, Switch::Toggle});
    rig.engine().press("ko-en-2", {ConsoleKey::Mic, Switch::Toggle});
    rig.run(0.2);
    rig.engine().press("ko-en-1", {ConsoleKey::Mic, Switch::Off});
    rig.run(0.8);
    CHECK(rig.level("channel en", "ko-en-2", 0.5, 1.0) < kAbsent);
    CHECK(rig.level("channel en", "floor", 0.6, 1.0) > kPresent);
}

TEST_CASE("channel interlock: a second booth cannot take a busy channel", "[graph]") {
    Session session = summitWithEnglishBooth();
    session.channelInterlock = InterlockMode::Interlock;
    ToneRig rig(session, 48000.0);
    rig.engine().press("ko-en-1", {ConsoleKey::Mic, Switch::On});
    rig.run(0.5);
    rig.engine().takeEvents();
    rig.engine().press("en-1", {ConsoleKey::Mic, Switch::On});
    rig.run(0.5);
    bool refused = false;
    for (const EngineEvent& e : rig.engine().takeEvents())
        if (const auto* r = std::get_if<KeyRefused>(&e))
            refused = r->reason == RefusalReason::ChannelBusy &&
                      rig.engine().consoleId(r->holder) == "ko-en-1";
    CHECK(refused);
    CHECK(rig.level("channel en", "ko-en-1", 0.6, 1.0) > kPresent);
    CHECK(rig.level("channel en", "en-1", 0.6, 1.0) < kAbsent);
}

TEST_CASE("channel override: the newest booth takes the channel", "[graph]") {
    Session session = summitWithEnglishBooth();
    session.channelInterlock = InterlockMode::Override;
    ToneRig rig(session, 48000.0);
    rig.engine().press("ko-en-1", {ConsoleKey::Mic, Switch::On});
    rig.run(0.5);
    rig.engine().takeEvents();
    rig.engine().press("en-1", {ConsoleKey::Mic, Switch::On});
    rig.run(0.5);
    const auto* first = lastStateOf(rig.engine().takeEvents(), rig.engine(), "ko-en-1");
    REQUIRE(first != nullptr);
    CHECK_FALSE(first->state.micOn);
    CHECK(rig.level("channel en", "en-1", 0.6, 1.0) > kPresent);
    CHECK(rig.level("channel en", "ko-en-1", 0.6, 1.0) < kAbsent);
}

TEST_CASE("auto-floor fades the floor in and out over the channel's fade time", "[graph]") {
    Session session = summitSession();
    session.channels[1].autoFloor.fadeMs = 500.0;
    ToneRig rig(session, 48000.0);
    rig.engine().press("ko-en-1", {ConsoleKey::Mic, Switch::On});
    rig.run(1.0);
    CHECK(rig.level("channel en", "floor", 0.5, 1.0) < kAbsent);
    // The fade out was gradual: something of the floor remained 0.2 s after the press.
    CHECK(rig.level("channel en", "floor", 0.15, 0.25) > 0.1 * kToneAmplitude);
    rig.engine().press("ko-en-1", {ConsoleKey::Mic, Switch::Off});
    rig.run(1.0);
    const double early = rig.level("channel en", "floor", 1.0, 1.1);
    const double late = rig.level("channel en", "floor", 1.6, 2.0);
    CHECK(early < 0.5 * late);
    CHECK(late > kPresent);
    // No click anywhere: a 440 Hz and a 620 Hz tone at 0.25 step at most ~0.02 per sample.
    CHECK(largestStep(rig.output("channel en"), 0, rig.frameAt(2.0)) < 0.045);
}

TEST_CASE("auto-floor off: an unattended channel is silent", "[graph]") {
    Session session = summitSession();
    session.channels[2].autoFloor.enabled = false;
    ToneRig rig(session, 48000.0);
    rig.run(0.5);
    CHECK(rig.level("channel ja", "floor", 0.0, 0.5) < kAbsent);
    CHECK(rig.level("channel en", "floor", 0.0, 0.5) > kPresent);
}

TEST_CASE("floor bed mixes the original under the interpretation at its level", "[graph]") {
    Session session = summitSession();
    session.channels[1].floorBed = {true, -18.0};
    ToneRig rig(session, 48000.0);
    rig.engine().press("ko-en-1", {ConsoleKey::Mic, Switch::On});
    rig.run(1.0);
    CHECK(rig.level("channel en", "ko-en-1", 0.5, 1.0) > kPresent);
    const double bed = rig.level("channel en", "floor", 0.5, 1.0);
    CHECK(20.0 * std::log10(bed / kToneAmplitude) == Approx(-18.0).margin(0.2));
}
