// Working in pairs: the handover request (heard and seen by the boothmate, accepted with their
// mic key), handing over at once, presence (away by key, by idle time), and headphone cues
// that reach one console's headphones only, under its limiter.
#include "graph/CueSounds.h"
#include "support/ToneRig.h"

#include <catch2/catch.hpp>

using namespace dragoman;
using namespace dragoman::test;

namespace {

ConsoleState stateOf(Engine& engine, const std::vector<EngineEvent>& events,
                     const std::string& console, ConsoleState last) {
    for (const EngineEvent& e : events)
        if (const auto* s = std::get_if<ConsoleStateChanged>(&e))
            if (engine.consoleId(s->console) == console)
                last = s->state;
    return last;
}

// Follows the consoles' states as events arrive.
struct States {
    explicit States(Engine& e) : engine(e) {}
    void update() {
        const auto events = engine.takeEvents();
        for (const std::string id : {"ko-en-1", "ko-en-2", "ja-1"})
            state[id] = stateOf(engine, events, id, state[id]);
        for (const EngineEvent& e : events)
            if (const auto* r = std::get_if<KeyRefused>(&e))
                refusals.push_back(*r);
    }
    Engine& engine;
    std::map<std::string, ConsoleState> state;
    std::vector<KeyRefused> refusals;
};

double gainOf(float db) {
    return static_cast<double>(dbToGain(db));
}

double cueLevel(const ToneRig& rig, const std::string& output, double hz, double from, double to) {
    return toneAmplitude(rig.output(output), rig.frameAt(from), rig.frameAt(to), hz,
                         rig.sampleRate());
}

} // namespace

TEST_CASE("handover request: the boothmate hears two soft notes in their headphones only and "
          "sees it",
          "[graph][handover]") {
    ToneRig rig(summitWithBoothInterlock(InterlockMode::Interlock), 48000.0);
    for (const std::string source : {"floor", "ko-en-1", "ko-en-2", "ja-1"})
        rig.setTone(source, 0.0); // silence, so the notes are measured alone
    States states(rig.engine());
    rig.engine().press("ko-en-1", {ConsoleKey::Mic, Switch::On});
    rig.run(0.5);
    const double asked = rig.now();
    rig.engine().press("ko-en-1", {ConsoleKey::HandoverRequest, Switch::On});
    rig.run(1.0);
    states.update();
    CHECK(presenceOf(states.state["ko-en-1"]) == Presence::Requested);
    CHECK(states.state["ko-en-2"].boothmate == Presence::Requested);
    CHECK(states.state["ko-en-1"].boothmate == Presence::Ready);
    CHECK(states.state["ja-1"].boothmate == Presence::None); // a booth of one

    // E5 in the first 150 ms, A5 in the next; -24 dBFS peak, nothing left after 0.4 s.
    const double peak = gainOf(kCuePeakDbfs);
    CHECK(cueLevel(rig, "phones ko-en-2", 659.25, asked, asked + 0.15) > 0.4 * peak);
    CHECK(cueLevel(rig, "phones ko-en-2", 880.0, asked + 0.17, asked + 0.32) > 0.4 * peak);
    CHECK(peakOf(rig.output("phones ko-en-2"), rig.frameAt(asked), rig.frameAt(asked + 0.5)) <
          peak * 1.01);
    CHECK(peakOf(rig.output("phones ko-en-2"), rig.frameAt(asked + 0.4), rig.frameAt(asked + 1.0)) <
          1e-6);
    // Nobody else hears it: not the requester, not another booth, never a channel.
    for (const std::string output :
         {"phones ko-en-1", "phones ja-1", "channel en", "channel ko", "channel ja"})
        CHECK(peakOf(rig.output(output), rig.frameAt(asked), rig.frameAt(asked + 1.0)) < 1e-6);

    // Withdrawn: both consoles see it end; asking again plays the notes again.
    rig.engine().press("ko-en-1", {ConsoleKey::HandoverRequest, Switch::Off});
    rig.run(0.2);
    states.update();
    CHECK(presenceOf(states.state["ko-en-1"]) == Presence::OnAir);
    CHECK(states.state["ko-en-2"].boothmate == Presence::OnAir);
}

TEST_CASE("handover request: the boothmate's mic key takes over at once under booth interlock, "
          "with no gap and no double voice",
          "[graph][handover]") {
    const auto mode = GENERATE(InterlockMode::Interlock, InterlockMode::Override);
    ToneRig rig(summitWithBoothInterlock(mode), 48000.0);
    States states(rig.engine());
    rig.engine().press("ko-en-1", {ConsoleKey::Mic, Switch::On});
    rig.run(0.5);
    rig.engine().press("ko-en-1", {ConsoleKey::HandoverRequest, Switch::On});
    rig.run(0.5);
    const double handover = rig.now();
    rig.engine().press("ko-en-2", {ConsoleKey::Mic, Switch::On});
    rig.run(0.5);
    states.update();
    CHECK(states.state["ko-en-2"].micOn); // on air, not waiting for the boothmate's key
    CHECK_FALSE(states.state["ko-en-2"].waiting);
    CHECK_FALSE(states.state["ko-en-1"].micOn);
    CHECK_FALSE(states.state["ko-en-1"].handoverRequested);
    CHECK(states.state["ko-en-1"].boothmate == Presence::OnAir);
    CHECK(rig.quietestRms("channel en", handover - 0.05, handover + 0.05) >
          0.5 * kToneAmplitude / std::sqrt(2.0));
    CHECK(rig.level("channel en", "ko-en-2", handover - 0.3, handover) < kAbsent);
    CHECK(rig.level("channel en", "ko-en-1", handover + 0.011, handover + 0.3) < kAbsent);
    CHECK(rig.level("channel en", "floor", handover - 0.2, handover + 0.5) < kAbsent);
}

TEST_CASE("hand over now: the mic goes to the boothmate at once, never to one who is away",
          "[graph][handover]") {
    ToneRig rig(summitWithBoothInterlock(InterlockMode::Interlock), 48000.0);
    States states(rig.engine());
    // Off air: nothing to hand over, nothing to ask.
    rig.engine().press("ko-en-1", {ConsoleKey::Handover, Switch::On});
    rig.engine().press("ko-en-1", {ConsoleKey::HandoverRequest, Switch::On});
    rig.run(0.2);
    states.update();
    REQUIRE(states.refusals.size() == 2);
    CHECK(states.refusals[0].reason == RefusalReason::NotOnAir);
    CHECK(states.refusals[1].key == ConsoleKey::HandoverRequest);
    CHECK_FALSE(states.state["ko-en-1"].handoverRequested);

    rig.engine().press("ko-en-1", {ConsoleKey::Mic, Switch::On});
    rig.engine().press("ko-en-2", {ConsoleKey::Away, Switch::On});
    rig.run(0.3);
    states.update();
    CHECK(states.state["ko-en-1"].boothmate == Presence::Away);
    CHECK(presenceOf(states.state["ko-en-2"]) == Presence::Away);
    rig.engine().press("ko-en-1", {ConsoleKey::Handover, Switch::On});
    rig.run(0.3);
    states.update();
    REQUIRE(states.refusals.size() == 3);
    CHECK(states.refusals[2].reason == RefusalReason::NoBoothmate);
    CHECK(states.state["ko-en-1"].micOn);

    // Back at the console (any key), and the handover goes through in one frame.
    rig.engine().press("ko-en-2", {ConsoleKey::HeadphoneVolume, Decibels{-3.0f}});
    rig.run(0.3);
    states.update();
    CHECK(states.state["ko-en-1"].boothmate == Presence::Ready);
    const double handover = rig.now();
    rig.engine().press("ko-en-1", {ConsoleKey::Handover, Switch::On});
    rig.engine().press("ko-en-1", {ConsoleKey::Handover, Switch::Off}); // a release: nothing
    rig.run(0.5);
    states.update();
    CHECK(states.refusals.size() == 3);
    CHECK(states.state["ko-en-2"].micOn);
    CHECK_FALSE(states.state["ko-en-1"].micOn);
    CHECK(rig.quietestRms("channel en", handover - 0.05, handover + 0.05) >
          0.5 * kToneAmplitude / std::sqrt(2.0));
    CHECK(rig.level("channel en", "ko-en-1", handover + 0.011, handover + 0.4) < kAbsent);
}

TEST_CASE("presence: a console untouched off air for the idle time becomes away, on air never",
          "[graph][handover]") {
    Session session = summitWithBoothInterlock(InterlockMode::Override);
    session.idleMinutes = 0.01; // 0.6 s
    ToneRig rig(session, 48000.0);
    States states(rig.engine());
    rig.engine().press("ko-en-1", {ConsoleKey::Mic, Switch::On});
    rig.run(0.5);
    states.update();
    CHECK_FALSE(states.state["ko-en-2"].away);
    rig.run(0.2); // 0.7 s untouched
    states.update();
    CHECK(states.state["ko-en-2"].away);
    CHECK(states.state["ko-en-1"].boothmate == Presence::Away);
    rig.run(2.0); // on air for 2.7 s without a key: still on air, not away
    states.update();
    CHECK(presenceOf(states.state["ko-en-1"]) == Presence::OnAir);
    // Idle time counts from the end of the turn.
    rig.engine().press("ko-en-2", {ConsoleKey::Mic, Switch::On});
    rig.run(0.3);
    states.update();
    CHECK_FALSE(states.state["ko-en-2"].away);
    CHECK_FALSE(states.state["ko-en-1"].away);
    rig.run(0.5);
    states.update();
    CHECK(states.state["ko-en-1"].away);
    CHECK(states.state["ko-en-2"].boothmate == Presence::Away);
    // The away key both ways; back from away, idle time starts again.
    rig.engine().press("ko-en-1", {ConsoleKey::Away, Switch::Toggle});
    rig.run(0.3);
    states.update();
    CHECK_FALSE(states.state["ko-en-1"].away);
}

TEST_CASE("headphone cue: the turn's chime is in one console's headphones only, under its "
          "volume and limiter",
          "[graph][handover]") {
    const auto chime = [](double ceilingDbfs, float volumeDb) {
        Session session = summitWithBoothInterlock(InterlockMode::Override);
        session.limiter.ceilingDbfs = ceilingDbfs;
        auto rig = std::make_unique<ToneRig>(session, 48000.0);
        for (const std::string source : {"floor", "ko-en-1", "ko-en-2", "ja-1"})
            rig->setTone(source, 0.0);
        rig->engine().press("ko-en-1", {ConsoleKey::HeadphoneVolume, Decibels{volumeDb}});
        rig->run(0.2);
        REQUIRE(rig->engine().playCue("ko-en-1", CueSound::TurnEnding));
        rig->run(1.0);
        return rig;
    };
    const double at = 0.2;
    const auto loud = chime(-6.0, 0.0);
    CHECK_FALSE(loud->engine().playCue("nobody", CueSound::TurnEnding));
    const double full = cueLevel(*loud, "phones ko-en-1", 880.0, at, at + 0.6);
    CHECK(full > 0.2 * gainOf(kCuePeakDbfs));
    for (const std::string output :
         {"phones ko-en-2", "phones ja-1", "channel en", "channel ko", "channel ja"})
        CHECK(peakOf(loud->output(output), loud->frameAt(at), loud->frameAt(at + 1.0)) < 1e-6);

    // At volume -20 dB the chime is 20 dB softer, as the floor would be.
    const auto soft = chime(-6.0, -20.0f);
    CHECK(cueLevel(*soft, "phones ko-en-1", 880.0, at, at + 0.6) ==
          Approx(full * 0.1).epsilon(0.1));

    // A ceiling below the chime's peak holds it.
    const auto held = chime(-30.0, 0.0);
    CHECK(peakOf(held->output("phones ko-en-1"), held->frameAt(at), held->frameAt(at + 1.0)) <=
          gainOf(-30.0f) * 1.001);
    CHECK(peakOf(held->output("phones ko-en-1"), held->frameAt(at), held->frameAt(at + 1.0)) >
          gainOf(-33.0f));
}
