// The core rules over every sample rate the engine supports and block sizes from 1 frame to
// 4096, fixed and random: results must not depend on how the host slices time.
#include "support/ToneRig.h"

#include <catch2/catch.hpp>

using namespace dragoman;
using namespace dragoman::test;

TEST_CASE("routing rules hold at every sample rate and block size", "[graph]") {
    const auto rate = GENERATE(44100.0, 48000.0, 88200.0, 96000.0, 192000.0);
    const auto blocks =
        GENERATE(BlockSizes{1}, BlockSizes{17}, BlockSizes{64}, BlockSizes{256}, BlockSizes{4096},
                 BlockSizes{0, true, 11}, BlockSizes{0, true, 12345});
    INFO("rate " << rate << ", block " << (blocks.random ? "random" : "")
                 << (blocks.random ? blocks.seed : blocks.fixed));
    ToneRig rig(summitSession(), rate, blocks);
    rig.run(0.3);
    rig.engine().press("ko-en-1", {ConsoleKey::Mic, Switch::On});
    rig.engine().press("ja-1", {ConsoleKey::Mic, Switch::On});
    rig.run(0.6);
    // Interpretation on air, relay heard, floor where nobody speaks.
    CHECK(rig.level("channel en", "ko-en-1", 0.5, 0.9) > kPresent);
    CHECK(rig.level("channel en", "floor", 0.5, 0.9) < kAbsent);
    CHECK(rig.level("channel ja", "ja-1", 0.5, 0.9) > kPresent);
    CHECK(rig.level("channel ja", "ko-en-1", 0.5, 0.9) < kAbsent);
    CHECK(rig.level("channel ko", "floor", 0.5, 0.9) > kPresent);
    CHECK(rig.level("phones ja-1", "ko-en-1", 0.5, 0.9) > kPresent);
    CHECK(rig.level("phones ko-en-1", "floor", 0.5, 0.9) > kPresent);
    CHECK(rig.level("phones ko-en-1", "ko-en-2", 0.5, 0.9) < kAbsent);

    // Handover inside the booth (interlock mode: the second mic waits for the first).
    rig.engine().press("ko-en-2", {ConsoleKey::Mic, Switch::On});
    rig.run(0.2);
    rig.engine().press("ko-en-1", {ConsoleKey::Mic, Switch::Off});
    rig.run(0.5);
    CHECK(rig.level("channel en", "ko-en-2", 1.2, 1.6) > kPresent);
    CHECK(rig.level("channel en", "ko-en-1", 1.2, 1.6) < kAbsent);
    CHECK(rig.level("channel en", "floor", 0.9, 1.6) < kAbsent);

    // The floor switches to English: the booth moves to ko, en gets the floor.
    rig.engine().setFloorLanguage("en");
    rig.run(0.6);
    CHECK(rig.level("channel ko", "ko-en-2", 1.9, 2.2) > kPresent);
    CHECK(rig.level("channel en", "floor", 1.9, 2.2) > kPresent);
    CHECK(rig.level("phones ja-1", "floor", 1.9, 2.2) > kPresent);
}
