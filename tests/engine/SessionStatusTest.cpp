// The control side's picture of a running session, folded from real engine events.
#include "SessionStatus.h"

#include "support/ToneRig.h"

#include <catch2/catch.hpp>

using namespace dragoman;
using namespace dragoman::test;

TEST_CASE("the session status follows on-air state, carriers, floor language and refusals",
          "[engine]") {
    Session session = summitWithEnglishBooth();
    ToneRig rig(session, 48000.0);
    SessionStatus status;
    status.update(rig.engine());
    REQUIRE(status.console("ko-en-1") != nullptr);
    CHECK_FALSE(status.console("ko-en-1")->state.micOn);
    CHECK(status.channel("en")->quality == RelayQuality::Floor);
    CHECK(status.floorLanguage() == "ko");

    rig.engine().press("ko-en-1", {ConsoleKey::Mic, Switch::On});
    rig.engine().press("ja-1", {ConsoleKey::Mic, Switch::On});
    rig.engine().press("en-1", {ConsoleKey::Mic, Switch::On}); // channel interlock: en is taken
    rig.run(0.1);
    status.update(rig.engine());
    CHECK(status.console("ko-en-1")->state.micOn);
    CHECK(status.console("ko-en-1")->outgoing == "en");
    CHECK(status.console("ja-1")->hearing == "en");
    CHECK(status.channel("en")->interpreter == "ko-en-1");
    CHECK(status.channel("ja")->quality == RelayQuality::Relay);
    REQUIRE(status.refusals().size() == 1);
    CHECK(status.refusals()[0].console == "en-1");
    CHECK(status.refusals()[0].holder == "ko-en-1");

    rig.engine().setFloorLanguage("en");
    rig.run(0.1);
    status.update(rig.engine());
    CHECK(status.floorLanguage() == "en");
    CHECK(status.console("ko-en-1")->outgoing == "ko");
    CHECK(status.console("ja-1")->hearing == "");
    CHECK(status.channel("en")->interpreter == "");
}
