// Bidirectional booths follow the floor language; auto-relay; relay quality.
#include "support/ToneRig.h"

#include <catch2/catch.hpp>

using namespace dragoman;
using namespace dragoman::test;

TEST_CASE("a bidirectional booth follows the floor language and auto-relay follows the floor",
          "[graph]") {
    ToneRig rig(summitSession(), 48000.0);
    rig.engine().press("ko-en-1", {ConsoleKey::Mic, Switch::On});
    rig.engine().press("ja-1", {ConsoleKey::Mic, Switch::On});
    rig.run(1.0);
    // Floor ko: ko-en-1 speaks English; ja-1 relays from the en channel.
    CHECK(rig.level("channel en", "ko-en-1", 0.5, 1.0) > kPresent);
    CHECK(rig.level("channel ko", "floor", 0.5, 1.0) > kPresent);
    CHECK(rig.level("phones ja-1", "ko-en-1", 0.5, 1.0) > kPresent);

    REQUIRE(rig.engine().setFloorLanguage("en"));
    rig.run(1.0);
    // Floor en: the booth's live mic moved to ko, the en channel carries the floor, and ja-1
    // hears the floor directly (English is its relay language).
    CHECK(rig.level("channel ko", "ko-en-1", 1.5, 2.0) > kPresent);
    CHECK(rig.level("channel ko", "floor", 1.5, 2.0) < kAbsent);
    CHECK(rig.level("channel en", "floor", 1.5, 2.0) > kPresent);
    CHECK(rig.level("channel en", "ko-en-1", 1.5, 2.0) < kAbsent);
    CHECK(rig.level("phones ja-1", "floor", 1.5, 2.0) > kPresent);
    CHECK(rig.level("phones ja-1", "ko-en-1", 1.5, 2.0) < kAbsent);

    rig.engine().setFloorLanguage("ko");
    rig.run(1.0);
    CHECK(rig.level("channel en", "ko-en-1", 2.5, 3.0) > kPresent);
    CHECK(rig.level("phones ja-1", "ko-en-1", 2.5, 3.0) > kPresent);
    CHECK(rig.engine().session().floor.language == "ko");
}

TEST_CASE("relay quality tells how far each channel is from the original", "[graph]") {
    ToneRig rig(summitSession(), 48000.0);
    rig.engine().press("ko-en-1", {ConsoleKey::Mic, Switch::On});
    rig.engine().press("ja-1", {ConsoleKey::Mic, Switch::On});
    rig.run(0.1);
    std::map<std::string, RelayQuality> quality;
    for (const EngineEvent& e : rig.engine().takeEvents())
        if (const auto* c = std::get_if<ChannelCarrierChanged>(&e))
            quality[rig.engine().languageId(c->channel)] = c->quality;
    CHECK(quality["ko"] == RelayQuality::Floor);
    CHECK(quality["en"] == RelayQuality::Direct);
    CHECK(quality["ja"] == RelayQuality::Relay);
}

TEST_CASE("a floor language no channel has leaves booths where they are", "[graph]") {
    ToneRig rig(summitSession(), 48000.0);
    rig.engine().press("ko-en-1", {ConsoleKey::Mic, Switch::On});
    rig.run(0.5);
    REQUIRE(rig.engine().setFloorLanguage("fr"));
    rig.run(0.5);
    CHECK(rig.level("channel en", "ko-en-1", 0.7, 1.0) > kPresent);
    // ja-1 relays: French is not a language the booth or its relay works in.
    CHECK(rig.level("phones ja-1", "ko-en-1", 0.7, 1.0) > kPresent);
    CHECK_FALSE(rig.engine().setFloorLanguage("French"));
}
