// The LV2 bundle as an audio engineer runs it outside a DAW: Debian's jalv hosts it as a JACK
// client on a real jackd (dummy driver, no sound card); a probe client feeds a tone per source
// into the plugin's ports and detects them on its outputs. With no key pressed, every language
// channel and every headphone feed carries the floor, and no mic reaches anything.
#include "support/Goertzel.h"
#include "support/JackFixture.h"

#include <catch2/catch.hpp>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <thread>
#include <unistd.h>

using namespace dragoman::test;

TEST_CASE("jalv runs the LV2 bundle as a JACK client and its outputs carry the routed signal",
          "[plugins]") {
    const JackServer jack;
    REQUIRE(jack.ready());
    setenv("LV2_PATH", DRAGOMAN_LV2_DIR, 1);
    const std::string log = "/tmp/dragoman-jalv-" + std::to_string(getpid()) + ".log";
    ChildProcess jalv({"jalv", "-n", "dragoman-lv2", DRAGOMAN_LV2_URI}, log);
    ToneProbe probe("dragoman-probe", kFloorAndThreeMics, 6);
    REQUIRE(probe.ok());
    const bool started = probe.waitForPort("dragoman-lv2:audio_out_6", 15.0);
    INFO("jalv said: " << fileText(log));
    REQUIRE(started);
    // jalv registers its ports before it activates, and JACK connects only active clients:
    // each connection is tried until jalv is active, within 15 s.
    auto within15s = [](const std::function<bool()>& connect) {
        const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(15);
        while (!connect()) {
            if (std::chrono::steady_clock::now() >= until)
                return false;
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
        return true;
    };
    for (std::size_t s = 0; s < 4; ++s)
        REQUIRE(within15s([&] {
            return probe.connectSource(s, "dragoman-lv2:audio_in_" + std::to_string(s + 1));
        }));
    for (std::size_t o = 0; o < 6; ++o)
        REQUIRE(within15s([&] {
            return probe.connectInput("dragoman-lv2:audio_out_" + std::to_string(o + 1), o);
        }));
    // Outputs: channel ko, en, ja, then phones ko-en-1, ko-en-2, ja-1. Connections settle and
    // auto-floor fades in first: a second of the floor on every output, within 30 s (on a
    // busy machine a non-real-time JACK stalls its clients now and then).
    auto heard = [&] {
        std::vector<std::string> outputs;
        for (std::size_t o = 0; o < 6; ++o)
            outputs.push_back(probe.heard(o, 12000));
        return outputs;
    };
    const std::vector<std::string> floorEverywhere(6, "floor");
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    std::vector<std::string> outputs;
    do {
        REQUIRE(probe.record(1.0));
        outputs = heard();
    } while (outputs != floorEverywhere && std::chrono::steady_clock::now() < deadline);
    INFO("jalv said by then: " << fileText(log));
    CHECK(outputs == floorEverywhere);
    CHECK(jalv.running());
    std::remove(log.c_str());
}
