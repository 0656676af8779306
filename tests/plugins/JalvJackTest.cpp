// The LV2 bundle as an audio engineer runs it outside a DAW: Debian's jalv hosts it as a JACK
// client on a real jackd (dummy driver, no sound card); a probe client feeds a tone per source
// into the plugin's ports and detects them on its outputs. With no key pressed, every language
// channel and every headphone feed carries the floor, and no mic reaches anything.
#include "support/Goertzel.h"
#include "support/JackFixture.h"

#include <catch2/catch.hpp>
#include <cstdlib>

using namespace dragoman::test;

TEST_CASE("jalv runs the LV2 bundle as a JACK client and its outputs carry the routed signal",
          "[plugins]") {
    const JackServer jack;
    REQUIRE(jack.ready());
    setenv("LV2_PATH", DRAGOMAN_LV2_DIR, 1);
    ChildProcess jalv({"jalv", "-n", "dragoman-lv2", DRAGOMAN_LV2_URI});
    ToneProbe probe("dragoman-probe", kFloorAndThreeMics, 6);
    REQUIRE(probe.ok());
    REQUIRE(probe.waitForPort("dragoman-lv2:audio_out_6", 15.0));
    for (std::size_t s = 0; s < 4; ++s)
        REQUIRE(probe.connectSource(s, "dragoman-lv2:audio_in_" + std::to_string(s + 1)));
    for (std::size_t o = 0; o < 6; ++o)
        REQUIRE(probe.connectInput("dragoman-lv2:audio_out_" + std::to_string(o + 1), o));
    REQUIRE(probe.record(2.0));
    REQUIRE(jalv.running());
    // Outputs: channel ko, en, ja, then phones ko-en-1, ko-en-2, ja-1. The first half second
    // is skipped: connections settle and auto-floor fades in after the connection gap.
    for (std::size_t o = 0; o < 6; ++o) {
        INFO("output " << o + 1);
        CHECK(probe.heard(o, 24000) == "floor");
    }
}
