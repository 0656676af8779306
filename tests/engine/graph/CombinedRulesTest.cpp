// The rules in combination (docs/guide.md, "The rules"): a floor-language change against
// channel interlock, a bidirectional console on the floor language, a booth whose only
// channel is the floor language, the booth's queue of waiting consoles, a wait that outlives
// another booth's override, and relay loops made with the listen keys.
#include "support/ToneRig.h"

#include <catch2/catch.hpp>

using namespace dragoman;
using namespace dragoman::test;

namespace {

// Floor de; a bidirectional de-en booth (A=de, B=en) and an English booth on en.
Session germanEnglishMeeting(InterlockMode channelInterlock) {
    Session s = summitSession();
    s.floor.language = "ko";
    s.channels.push_back({"de", "Deutsch", {}, {}});
    s.channelInterlock = channelInterlock;
    Booth deEn;
    deEn.id = "de-en";
    deEn.outputs = {"de", "en"};
    deEn.interlock = InterlockMode::Interlock;
    deEn.consoles = {{"de-en-1", 1}, {"de-en-2", 2}};
    Booth en;
    en.id = "en";
    en.outputs = {"en"};
    en.consoles = {{"en-1", 1}};
    s.booths.push_back(deEn);
    s.booths.push_back(en);
    return s;
}

struct Seen {
    std::map<std::string, ConsoleState> state; // last state per console
    std::vector<std::pair<std::string, RefusalReason>> refused;
    std::map<std::string, RelayQuality> quality;
};

Seen take(ToneRig& rig, Seen seen = {}) {
    seen.refused.clear();
    for (const EngineEvent& e : rig.engine().takeEvents()) {
        if (const auto* s = std::get_if<ConsoleStateChanged>(&e))
            seen.state[rig.engine().consoleId(s->console)] = s->state;
        if (const auto* r = std::get_if<KeyRefused>(&e))
            seen.refused.emplace_back(rig.engine().consoleId(r->console), r->reason);
        if (const auto* c = std::get_if<ChannelCarrierChanged>(&e))
            seen.quality[rig.engine().languageId(c->channel)] = c->quality;
    }
    return seen;
}

} // namespace

TEST_CASE("a floor change under channel interlock: the console waits for its other channel",
          "[graph]") {
    ToneRig rig(germanEnglishMeeting(InterlockMode::Interlock), 48000.0);
    rig.engine().press("de-en-1", {ConsoleKey::Mic, Switch::On}); // on air on de (floor ko)
    rig.engine().press("en-1", {ConsoleKey::Mic, Switch::On});    // holds en
    rig.run(0.5);
    Seen seen = take(rig);
    REQUIRE(seen.state["de-en-1"].micOn);

    REQUIRE(rig.engine().setFloorLanguage("de"));
    rig.run(1.0);
    seen = take(rig, seen);
    // No key was pressed, so nothing is refused; the console waits for en, muted.
    CHECK(seen.refused.empty());
    CHECK_FALSE(seen.state["de-en-1"].micOn);
    CHECK(seen.state["de-en-1"].waiting);
    CHECK(seen.state["de-en-1"].waitingFor == WaitReason::Channel);
    CHECK(rig.engine().languageId(seen.state["de-en-1"].outgoing) == "en");
    // The invariant: the floor-language channel carries the floor.
    CHECK(rig.level("channel de", "floor", 0.9, 1.5) > kPresent);
    CHECK(rig.level("channel de", "de-en-1", 0.9, 1.5) < kAbsent);
    CHECK(rig.level("channel en", "en-1", 0.9, 1.5) > kPresent);
    CHECK(rig.level("channel en", "de-en-1", 0.6, 1.5) < kAbsent);

    // The moment en frees, the waiting console goes on air on it: no gap, no floor between.
    const double freed = rig.now();
    rig.engine().press("en-1", {ConsoleKey::Mic, Switch::Off});
    rig.run(1.0);
    seen = take(rig, seen);
    CHECK(seen.state["de-en-1"].micOn);
    CHECK_FALSE(seen.state["de-en-1"].waiting);
    CHECK(rig.level("channel en", "de-en-1", freed + 0.02, freed + 1.0) > kPresent);
    CHECK(rig.level("channel en", "floor", freed, freed + 1.0) < kAbsent);
}

TEST_CASE("a floor change under channel override: the console takes its other channel", "[graph]") {
    ToneRig rig(germanEnglishMeeting(InterlockMode::Override), 48000.0);
    rig.engine().press("de-en-1", {ConsoleKey::Mic, Switch::On});
    rig.engine().press("en-1", {ConsoleKey::Mic, Switch::On});
    rig.run(0.5);
    REQUIRE(rig.engine().setFloorLanguage("de"));
    rig.run(1.0);
    Seen seen = take(rig);
    CHECK(seen.state["de-en-1"].micOn);
    CHECK_FALSE(seen.state["en-1"].micOn);
    CHECK(rig.level("channel en", "de-en-1", 0.9, 1.5) > kPresent);
    CHECK(rig.level("channel en", "en-1", 0.9, 1.5) < kAbsent);
    CHECK(rig.level("channel de", "floor", 0.9, 1.5) > kPresent);
}

TEST_CASE("a bidirectional console never speaks the floor's own language", "[graph]") {
    Session s = germanEnglishMeeting(InterlockMode::Interlock);
    s.floor.language = "de"; // slot A (de) is the floor language from the start
    ToneRig rig(s, 48000.0);
    rig.run(0.1);
    Seen seen = take(rig);
    // At the start the console already stands on en.
    CHECK(rig.engine().languageId(seen.state["de-en-1"].outgoing) == "en");
    rig.engine().press("de-en-1", {ConsoleKey::Mic, Switch::On});
    rig.run(0.5);
    CHECK(rig.level("channel en", "de-en-1", 0.3, 0.6) > kPresent);
    CHECK(rig.level("channel de", "floor", 0.3, 0.6) > kPresent);
    // Choosing the floor language by key is refused, and the voice stays on en.
    rig.engine().press("de-en-1", {ConsoleKey::Output, OutputSlot::A});
    rig.run(0.5);
    seen = take(rig, seen);
    REQUIRE(seen.refused.size() == 1);
    CHECK(seen.refused[0].second == RefusalReason::FloorLanguage);
    CHECK(rig.level("channel en", "de-en-1", 0.7, 1.1) > kPresent);
    CHECK(rig.level("channel de", "de-en-1", 0.6, 1.1) < kAbsent);

    // After a reload too: a session that puts the floor on the console's channel moves it.
    Session reloaded = s;
    reloaded.floor.language = "en";
    rig.loadSession(reloaded);
    rig.run(0.5);
    seen = take(rig, seen);
    CHECK(seen.state["de-en-1"].micOn);
    CHECK(rig.engine().languageId(seen.state["de-en-1"].outgoing) == "de");
    CHECK(rig.level("channel de", "de-en-1", 1.3, 1.6) > kPresent);
    CHECK(rig.level("channel en", "floor", 1.3, 1.6) > kPresent);
}

TEST_CASE("a booth whose only channel is the floor language is switched off, with the reason",
          "[graph]") {
    ToneRig rig(germanEnglishMeeting(InterlockMode::Interlock), 48000.0);
    rig.engine().press("en-1", {ConsoleKey::Mic, Switch::On});
    rig.run(0.5);
    take(rig);
    REQUIRE(rig.engine().setFloorLanguage("en"));
    rig.run(0.5);
    Seen seen = take(rig);
    CHECK_FALSE(seen.state["en-1"].micOn);
    REQUIRE(seen.refused.size() == 1);
    CHECK(seen.refused[0] ==
          std::pair<std::string, RefusalReason>{"en-1", RefusalReason::FloorLanguage});
    CHECK(rig.level("channel en", "floor", 0.85, 1.0) > kPresent);
    CHECK(rig.level("channel en", "en-1", 0.85, 1.0) < kAbsent);
    // While the floor speaks English, the mic is refused.
    rig.engine().press("en-1", {ConsoleKey::Mic, Switch::On});
    rig.run(0.5);
    seen = take(rig, seen);
    CHECK(seen.refused.size() == 1);
    CHECK(rig.level("channel en", "en-1", 1.0, 1.5) < kAbsent);
    // Back to another floor language, the booth can speak again.
    rig.engine().setFloorLanguage("ko");
    rig.engine().press("en-1", {ConsoleKey::Mic, Switch::On});
    rig.run(0.5);
    CHECK(rig.level("channel en", "en-1", 1.6, 2.0) > kPresent);
}

TEST_CASE("booth interlock with three consoles: the console that asked first takes over",
          "[graph]") {
    Session s = summitSession();
    s.booths[0].interlock = InterlockMode::Interlock;
    s.booths[0].consoles.push_back({"ko-en-3", 3});
    ToneRig rig(s, 48000.0);
    rig.engine().press("ko-en-1", {ConsoleKey::Mic, Switch::On});
    rig.run(0.2);
    rig.engine().press("ko-en-3", {ConsoleKey::Mic, Switch::On}); // waits first
    rig.run(0.2);
    rig.engine().press("ko-en-2", {ConsoleKey::Mic, Switch::On}); // waits second, listed earlier
    rig.run(0.2);
    Seen seen = take(rig);
    CHECK(seen.state["ko-en-3"].waiting);
    CHECK(seen.state["ko-en-2"].waiting);
    CHECK(seen.state["ko-en-2"].waitingFor == WaitReason::Boothmate);
    rig.engine().press("ko-en-1", {ConsoleKey::Mic, Switch::Off});
    rig.run(0.5);
    seen = take(rig, seen);
    CHECK(seen.state["ko-en-3"].micOn);
    CHECK(seen.state["ko-en-2"].waiting);
    CHECK(rig.level("channel en", "ko-en-3", 0.7, 1.1) > kPresent);
    CHECK(rig.level("channel en", "ko-en-2", 0.6, 1.1) < kAbsent);
    rig.engine().press("ko-en-3", {ConsoleKey::Mic, Switch::Off});
    rig.run(0.5);
    CHECK(rig.level("channel en", "ko-en-2", 1.2, 1.6) > kPresent);
}

TEST_CASE("a waiting console outlives its boothmate's cut by another booth's override", "[graph]") {
    Session s = summitWithEnglishBooth();
    s.booths[0].interlock = InterlockMode::Interlock;
    s.channelInterlock = InterlockMode::Override;
    ToneRig rig(s, 48000.0);
    rig.engine().press("ko-en-1", {ConsoleKey::Mic, Switch::On});
    rig.engine().press("ko-en-2", {ConsoleKey::Mic, Switch::On}); // waits for its boothmate
    rig.run(0.3);
    rig.engine().press("en-1", {ConsoleKey::Mic, Switch::On}); // takes en: ko-en-1 is cut
    rig.run(0.3);
    Seen seen = take(rig);
    CHECK_FALSE(seen.state["ko-en-1"].micOn);
    CHECK(seen.state["ko-en-2"].waiting);
    CHECK(seen.state["ko-en-2"].waitingFor == WaitReason::Channel);
    // The cut boothmate presses again: it queues behind the console that was waiting.
    rig.engine().press("ko-en-1", {ConsoleKey::Mic, Switch::On});
    rig.run(0.3);
    seen = take(rig, seen);
    CHECK(seen.state["ko-en-1"].waiting);
    CHECK(seen.state["ko-en-1"].waitingFor == WaitReason::Boothmate);
    // When the channel frees, the console that waited goes on air.
    rig.engine().press("en-1", {ConsoleKey::Mic, Switch::Off});
    rig.run(0.5);
    seen = take(rig, seen);
    CHECK(seen.state["ko-en-2"].micOn);
    CHECK(seen.state["ko-en-1"].waiting);
    CHECK(rig.level("channel en", "ko-en-2", 1.0, 1.4) > kPresent);
    CHECK(rig.level("channel en", "ko-en-1", 1.0, 1.4) < kAbsent);
}

TEST_CASE("a relay loop made with the listen keys reads as relay of relay", "[graph]") {
    ToneRig rig(summitSession(), 48000.0);
    rig.engine().press("ko-en-1", {ConsoleKey::Mic, Switch::On});
    rig.engine().press("ja-1", {ConsoleKey::Mic, Switch::On});
    rig.engine().press(
        "ko-en-1", {ConsoleKey::Listen,
                    ListenChoice{ListenSource::Kind::Channel, "ja"}}); // en hears ja, ja hears en
    rig.run(0.2);
    Seen seen = take(rig);
    CHECK(seen.quality.at("en") == RelayQuality::RelayOfRelay);
    CHECK(seen.quality.at("ja") == RelayQuality::RelayOfRelay);
    CHECK(seen.quality.at("ko") == RelayQuality::Floor);
}
