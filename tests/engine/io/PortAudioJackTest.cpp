// `dragoman run` on a real audio device with no sound card: jackd's dummy driver, reached
// through PortAudio's JACK host API. A probe client feeds a tone per source into dragoman's
// input ports and records its outputs; the program reports its latency, runs for the time it
// was given, counts xruns and exits cleanly.
#include "../../support/Goertzel.h"
#include "../../support/JackFixture.h"

#include <catch2/catch.hpp>
#include <fstream>
#include <sstream>

using namespace dragoman::test;

TEST_CASE("dragoman run routes a real JACK device's channels through the session") {
    const JackServer jack;
    REQUIRE(jack.ready());
    const std::string log = "/tmp/dragoman-run-test-" + std::to_string(getpid()) + ".log";
    ChildProcess dragoman({DRAGOMAN_BINARY, "run", DRAGOMAN_SOURCE_DIR "/docs/examples/summit.json",
                           "--device", "system", "--block", "256", "--seconds", "6"},
                          log);
    const std::vector<double> tones = {440.0, 620.0, 830.0, 1070.0}; // floor, three mics
    ToneProbe probe("dragoman-probe", tones, 6);
    REQUIRE(probe.ok());
    // PortAudio's JACK ports count from 0. Device inputs: floor, then the mics; outputs:
    // channels ko, en, ja, then the phones.
    REQUIRE(probe.waitForPort("dragoman:out_5", 10.0));
    for (std::size_t s = 0; s < 4; ++s)
        REQUIRE(probe.connectSource(s, "dragoman:in_" + std::to_string(s)));
    for (std::size_t o = 0; o < 6; ++o)
        REQUIRE(probe.connectInput("dragoman:out_" + std::to_string(o), o));
    REQUIRE(probe.record(2.0));
    for (std::size_t o = 0; o < 6; ++o) {
        INFO("output " << o + 1);
        const auto& signal = probe.recorded(o);
        CHECK(toneAmplitude(signal, 24000, signal.size(), tones[0], 48000.0) > 0.1);
        for (std::size_t mic = 1; mic < 4; ++mic)
            CHECK(toneAmplitude(signal, 24000, signal.size(), tones[mic], 48000.0) < 0.0025);
    }
    CHECK(dragoman.wait(10.0) == 0);
    std::ifstream in(log);
    std::stringstream text;
    text << in.rdbuf();
    INFO(text.str());
    CHECK_THAT(text.str(), Catch::Contains("on system (JACK Audio Connection Kit): 4 in, 6 out, "
                                           "48000 Hz, 256 frames; latency in"));
    CHECK_THAT(text.str(), Catch::Contains("xruns")); // counted, not demanded to be zero
    std::remove(log.c_str());
}
