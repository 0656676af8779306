// The added latency of a remote booth's two paths, measured on real signals: a RemoteBoothHost
// and a RemoteConsoleClient on loopback in one program (the network, SRTP and Opus all real),
// a block thread that plays the device (paced by the clock, as a sound card would, at a
// JACK client's real-time priority), the console's frame clock at the priority `dragoman
// join` gives its own (when the machine allows real-time threads), and tone bursts sent
// each way.
//
// Every sample is given the time it would be heard or captured: a device block processed at
// time t holds the audio of [t - block, t) (it was just captured; its output plays next), a
// console frame sent at t holds the mic of [t - frame, t), a headphone frame pulled at t
// plays over [t, t + frame). The latency of a path is when a burst's onset is heard minus
// when it was captured; a local console's path measures 0 by the same rule (its mic and its
// channel share a block), so these numbers are what a remote console adds to a local one.
//
// Usage: dragoman_remote_latency [--block FRAMES] [--frame-ms 2.5|5|10] [--loss SHARE]
//        [--jitter-ms MS] [--seconds S]
#include "Engine.h"
#include "SessionStatus.h"
#include "base/RealtimePriority.h"
#include "device/DeviceBlockExchange.h"
#include "remotebooth/RemoteBoothHost.h"
#include "remotebooth/RemoteClock.h"
#include "remotebooth/RemoteConsoleClient.h"
#include "support/DeviceBuffers.h"
#include "support/ImpairmentRelay.h"
#include "support/ToneRig.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <mutex>
#include <numbers>
#include <optional>
#include <string>
#include <thread>
#include <vector>

using namespace dragoman;

namespace {

constexpr double kRate = 48000.0;
constexpr double kBurstPeriod = 0.5; // a burst every half second: 0.2 s on, 0.3 s off
constexpr double kBurstOn = 0.2;

struct Options {
    std::uint32_t block = 64;
    double frameMs = 2.5;
    double loss = 0.0, jitterMs = 0.0;
    double seconds = 20.0;
};

// A burst train by absolute time: on for kBurstOn of each kBurstPeriod.
float burst(double t, double hz) {
    const double phase = std::fmod(t, kBurstPeriod);
    return phase < kBurstOn ? static_cast<float>(0.25 * std::sin(2.0 * std::numbers::pi * hz * t))
                            : 0.0f;
}

// Finds onsets in a stream of timed samples: the first sample above a threshold after at
// least 50 ms below it; reports (onset time - the burst's true start) per onset.
class OnsetTimer {
public:
    void feed(const float* samples, std::size_t n, double firstSampleTime) {
        for (std::size_t i = 0; i < n; ++i) {
            const double t = firstSampleTime + static_cast<double>(i) / kRate;
            if (std::abs(samples[i]) > 0.05f) {
                if (t - lastLoud_ > 0.05 && lastLoud_ > -1.0) {
                    // The burst that began at the last multiple of the period before t.
                    const double start = std::floor(t / kBurstPeriod) * kBurstPeriod;
                    if (t - start < kBurstOn)
                        latencies_.push_back((t - start) * 1000.0);
                }
                lastLoud_ = t;
            }
        }
    }
    std::vector<double> latencies() const { return latencies_; }

private:
    double lastLoud_ = -10.0;
    std::vector<double> latencies_;
};

void report(const char* path, std::vector<double> ms) {
    if (ms.size() < 3) {
        std::printf("%-26s  too few onsets (%zu)\n", path, ms.size());
        return;
    }
    ms.erase(ms.begin()); // the first while buffers settle
    std::sort(ms.begin(), ms.end());
    std::printf("%-26s  median %6.2f ms   min %6.2f   max %6.2f   (%zu bursts)\n", path,
                ms[ms.size() / 2], ms.front(), ms.back(), ms.size());
}

Options parse(int argc, char** argv) {
    Options o;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string option = argv[i];
        const double value = std::stod(argv[i + 1]);
        if (option == "--block")
            o.block = static_cast<std::uint32_t>(value);
        else if (option == "--frame-ms")
            o.frameMs = value;
        else if (option == "--loss")
            o.loss = value;
        else if (option == "--jitter-ms")
            o.jitterMs = value;
        else if (option == "--seconds")
            o.seconds = value;
    }
    return o;
}

} // namespace

int main(int argc, char** argv) {
    const Options options = parse(argc, argv);
    Session session = test::summitWithRemoteConsole(5004);
    session.remoteBooths->frameMs = options.frameMs;
    Engine engine(session, kRate);
    RemoteBoothSettings remote = *session.remoteBooths;
    remote.port = 0; // any free port for the host itself
    RemoteBoothHost host(engine, remote, options.block);
    std::optional<test::ImpairmentRelay> relay;
    if (options.loss > 0.0 || options.jitterMs > 0.0)
        relay.emplace(host.port(), test::Impairment{options.loss, 0.0, options.jitterMs});

    // The device: the floor plays bursts at 440 Hz; channel en is timed for the console's
    // bursts (700 Hz) once it is on air.
    const DeviceChannels channels = DeviceChannelMap::wanted(engine);
    DeviceChannelMap map(engine, channels, "bench device");
    std::atomic<bool> running{true};
    std::mutex timersMutex;
    OnsetTimer fromConsole, toConsole;
    std::atomic<bool> onAir{false};
    std::thread soundCard([&] {
        sched_param audio{};
        audio.sched_priority = 5; // where JACK runs its clients' threads
        pthread_setschedparam(pthread_self(), SCHED_FIFO, &audio);
        test::DeviceBuffers device(channels, options.block);
        auto& in = device.in;
        auto& out = device.out;
        const auto& inputs = device.inputs;
        const auto& outputs = device.outputs;
        BlockSource* sources[] = {&host};
        RenderedBlockSink* sinks[] = {&host};
        const auto period =
            std::chrono::nanoseconds(static_cast<long long>(options.block * 1e9 / kRate));
        auto next = std::chrono::steady_clock::now() + period;
        while (running.load()) {
            std::this_thread::sleep_until(next);
            next += period;
            // This block holds the audio of the last block period.
            const double blockStart = monotonicSeconds() - options.block / kRate;
            for (std::uint32_t f = 0; f < options.block; ++f)
                in[0][f] = burst(blockStart + f / kRate, 440.0);
            renderDeviceBlock(engine, map, sources, sinks, inputs, outputs, options.block);
            if (onAir.load()) {
                std::lock_guard lock(timersMutex);
                fromConsole.feed(out[1].data(), options.block, blockStart);
            }
        }
    });

    RemoteConsoleClient console({"127.0.0.1", relay ? relay->port() : host.port(), "ko-en-2",
                                 test::kRemoteSecret, 10.0, false});
    console.join();
    raiseToRealtime(RealtimeRole::RemoteClock); // as `dragoman join`'s clock does
    const int frame = console.frameSamples();
    std::vector<float> mic(static_cast<std::size_t>(frame)), phones(mic.size());
    SessionStatus status;
    const auto period = std::chrono::nanoseconds(static_cast<long long>(frame * 1e9 / kRate));
    auto next = std::chrono::steady_clock::now();
    const double started = monotonicSeconds();
    console.press("mic", 1.0f);
    for (int n = 0; monotonicSeconds() - started < options.seconds; ++n) {
        std::this_thread::sleep_until(next);
        next += period;
        const double now = monotonicSeconds();
        // The mic frame just captured: [now - frame, now).
        for (int i = 0; i < frame; ++i)
            mic[static_cast<std::size_t>(i)] = burst(now - frame / kRate + i / kRate, 700.0);
        console.process(mic.data(), phones.data(), static_cast<std::uint32_t>(frame));
        {
            std::lock_guard lock(timersMutex);
            toConsole.feed(phones.data(), phones.size(), now); // plays over [now, now + frame)
        }
        if (n % 8 == 0) {
            status.update(engine);
            host.publishStates(status, engine);
            if (console.state() && console.state()->micOn)
                onAir.store(true);
        }
    }
    const RemoteConsolePath path = console.path();
    running.store(false);
    soundCard.join();
    std::printf("remote path, block %u frames (%.2f ms), Opus frames %.1f ms, loss %.0f %%, "
                "jitter %.0f ms\n",
                options.block, options.block / 48.0, options.frameMs, options.loss * 100.0,
                options.jitterMs);
    std::lock_guard lock(timersMutex);
    report("floor -> console's ears", toConsole.latencies());
    report("console's mic -> channel", fromConsole.latencies());
    const auto stats = host.stats();
    std::printf("host's estimate: to console %.1f ms, from console %.1f ms, round trip %.2f ms\n",
                stats.front().toConsoleMs, stats.front().fromConsoleMs, stats.front().roundTripMs);
    std::printf("console's buffer %.1f ms, host's buffer %.1f ms, concealed here %llu\n",
                path.receiver.heldFrames * frame / 48.0, stats.front().bufferFromConsoleMs,
                static_cast<unsigned long long>(path.receiver.unrecovered));
    const JitterBuffer::Stats& b = path.receiver.buffer;
    std::printf("console's playout: least lead of the last second %.2f ms, target %d frames, "
                "stretched %llu, skipped %llu, rebuffered %llu, drift %.0f ppm\n",
                path.receiver.leastLeadMs, b.targetDelayFrames,
                static_cast<unsigned long long>(b.stretched),
                static_cast<unsigned long long>(b.skipped),
                static_cast<unsigned long long>(b.rebuffered), path.receiver.driftPpm);
    return 0;
}
