// The device round trip through `dragoman run`, against the device's own: what Dragoman adds
// between a floor input and a language channel output, in samples.
//   dragoman_roundtrip_bench [--frames N ...] [--impulses K]
// For each period: a dummy jackd; `dragoman run` on the summit (nobody on air, so English
// carries the floor, at unity gain); a probe client that sends single-sample impulses and
// finds each in what it records. First the loop closes through a pass-through client (JACK's
// own round trip: a cycle's wait on the connection back), then through Dragoman: the floor
// input dragoman:in_0 to English's output dragoman:out_1. Every impulse's delay is exact to
// the sample; the added figure is the median of Dragoman's loop minus the pass-through's (an
// xrun under an impulse puts that one off by a cycle: spread shows it). Prints one line per
// period for bench/report.py:
//   roundtrip frames=64 impulses=K reference=N dragoman=M added=A spread=S
#include "support/JackFixture.h"
#include "support/JackLoop.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <jack/jack.h>
#include <optional>
#include <string>
#include <thread>
#include <unistd.h>
#include <vector>

namespace {

using namespace dragoman::test;

bool measure(int frames, std::size_t impulses) {
    const JackServer jack(8, frames);
    if (!jack.ready())
        return false;
    const std::string log = "/tmp/dragoman-roundtrip-" + std::to_string(getpid()) + ".log";
    ChildProcess dragoman({DRAGOMAN_BINARY, "run", DRAGOMAN_SOURCE_DIR "/docs/examples/summit.json",
                           "--device", "system", "--osc-port", "0"},
                          log);
    ImpulseProbe probe("roundtrip-probe");
    const PassThrough pass;
    if (!probe.ok() || !probe.waitForPort("dragoman:out_1", 30.0)) {
        std::fprintf(stderr, "roundtrip bench: dragoman run never played\n%s",
                     fileText(log).c_str());
        return false;
    }
    const std::vector<long> reference =
        probe.loopDelays("passthrough:in", "passthrough:out", impulses);
    const std::vector<long> through = probe.loopDelays("dragoman:in_0", "dragoman:out_1", impulses);
    std::remove(log.c_str());
    if (reference.empty() || through.empty()) {
        std::fprintf(stderr, "roundtrip bench: impulses lost at %d frames\n", frames);
        return false;
    }
    const auto [low, high] = std::minmax_element(through.begin(), through.end());
    const long referenceDelay = medianOf(reference);
    const long delay = medianOf(through);
    std::printf("roundtrip frames=%d impulses=%zu reference=%ld dragoman=%ld added=%ld "
                "spread=%ld\n",
                frames, through.size(), referenceDelay, delay, delay - referenceDelay,
                *high - *low);
    std::fflush(stdout);
    return true;
}

} // namespace

int main(int argc, char** argv) {
    std::vector<int> periods;
    std::size_t impulses = 20;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--frames" && i + 1 < argc) {
            periods.push_back(std::stoi(argv[++i]));
        } else if (arg == "--impulses" && i + 1 < argc) {
            impulses = static_cast<std::size_t>(std::stoul(argv[++i]));
        } else {
            std::fprintf(stderr, "usage: %s [--frames N ...] [--impulses K]\n", argv[0]);
            return 2;
        }
    }
    if (periods.empty())
        periods = {64, 256};
    bool ok = true;
    for (const int frames : periods)
        ok = measure(frames, impulses) && ok;
    return ok ? 0 : 1;
}
