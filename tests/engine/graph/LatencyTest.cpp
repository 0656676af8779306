// Zero added samples on every local path: an impulse in comes out in the same frame.
#include "support/ToneRig.h"

#include <catch2/catch.hpp>

using namespace dragoman;
using namespace dragoman::test;

namespace {

std::vector<float> impulseAt(std::size_t frame, std::size_t length, float amplitude = 0.4f) {
    std::vector<float> signal(length, 0.0f);
    signal[frame] = amplitude;
    return signal;
}

std::size_t peakFrame(const std::vector<float>& samples) {
    std::size_t best = 0;
    for (std::size_t i = 1; i < samples.size(); ++i)
        if (std::fabs(samples[i]) > std::fabs(samples[best]))
            best = i;
    return best;
}

} // namespace

TEST_CASE("local paths add zero samples of latency", "[graph]") {
    const auto block = GENERATE(1u, 64u, 333u);
    INFO("block " << block);
    ToneRig rig(summitSession(), 48000.0, {block});
    constexpr std::size_t kLength = 48000;
    rig.setSignal("floor", impulseAt(30001, kLength));
    rig.setSignal("ko-en-1", impulseAt(40003, kLength));
    rig.setSignal("ko-en-2", {});
    rig.setSignal("ja-1", {});
    rig.engine().press("ko-en-1", {ConsoleKey::Mic, Switch::On});
    rig.engine().press("ko-en-1", {ConsoleKey::Sidetone, Decibels{0.0f}});
    rig.engine().press("ja-1",
                       {ConsoleKey::Mic, Switch::On}); // so ja-1's phones carry the en relay
    rig.run(1.0);

    SECTION("floor to headphones") {
        const auto& phones = rig.output("phones ko-en-2");
        CHECK(peakFrame(phones) == 30001);
        CHECK(phones[30001] == Approx(0.4f));
    }
    SECTION("mic to language channel") {
        const auto& channel = rig.output("channel en");
        CHECK(peakFrame(channel) == 40003);
        CHECK(channel[40003] == Approx(0.4f));
    }
    SECTION("sidetone") {
        const auto& phones = rig.output("phones ko-en-1");
        CHECK(phones[40003] == Approx(0.4f));
        CHECK(phones[40002] == 0.0f);
    }
    SECTION("mic through a relay channel into another booth's headphones") {
        const auto& phones = rig.output("phones ja-1");
        CHECK(peakFrame(phones) == 40003);
        CHECK(phones[40003] == Approx(0.4f));
    }
}
