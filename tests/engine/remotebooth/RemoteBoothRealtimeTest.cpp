// The audio thread's side of a remote booth allocates nothing: a real RemoteBoothHost (its
// network thread, SRTP, Opus) and a real RemoteConsoleClient on loopback in one program,
// with a block thread that does what `dragoman run`'s does (bind the channel map, let the
// host fill the remote mic, render, let the host take the headphone mix), counting its
// allocations (the test thread plays the main loop, passing the engine's state on). CI also
// runs it under TSan, which checks the hand-offs between the network thread and the block
// thread. The console's tone must come out on its channel, and the floor in its headphones.
#include "device/DeviceBlockExchange.h"
#include "remotebooth/RemoteBoothHost.h"
#include "remotebooth/RemoteConsoleClient.h"
#include "support/AllocationCounter.h"
#include "support/DeviceBuffers.h"
#include "support/Goertzel.h"
#include "support/ToneRig.h"

#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <numbers>
#include <thread>

using namespace dragoman;
using namespace dragoman::test;

namespace {
constexpr double kRate = 48000.0;
constexpr std::uint32_t kBlock = 128;
} // namespace

TEST_CASE("a remote console's audio crosses the block thread without an allocation",
          "[remotebooth]") {
    const Session session = summitWithRemoteConsole(5004);
    Engine engine(session, kRate);
    RemoteBoothSettings remote = *session.remoteBooths;
    remote.port = 0; // any free port for the host itself
    RemoteBoothHost host(engine, remote, kBlock);

    // The block thread: floor 440 Hz in, channel en (output 1) kept for the test.
    const DeviceChannels channels = DeviceChannelMap::wanted(engine); // 3 in, 5 out
    DeviceChannelMap map(engine, channels, "test device");
    std::atomic<bool> running{true};
    std::atomic<bool> consoleOnEnglish{false}; // the block thread's reading of its last 0.5 s
    std::vector<float> english;
    english.reserve(static_cast<std::size_t>(kRate) * 25);
    std::thread blocks([&] {
        test::DeviceBuffers device(channels, kBlock);
        auto& in = device.in;
        auto& out = device.out;
        const auto& inputs = device.inputs;
        const auto& outputs = device.outputs;
        RenderedBlockSink* sinks[] = {&host};
        BlockSource* sources[] = {&host};
        std::uint64_t frame = 0;
        auto next = std::chrono::steady_clock::now();
        while (running.load()) {
            for (std::uint32_t f = 0; f < kBlock; ++f, ++frame)
                in[0][f] = static_cast<float>(
                    kToneAmplitude *
                    std::sin(2.0 * std::numbers::pi * 440.0 * static_cast<double>(frame) / kRate));
            {
                const CountedSection counted;
                renderDeviceBlock(engine, map, sources, sinks, inputs, outputs, kBlock);
            }
            if (english.size() + kBlock <= english.capacity())
                english.insert(english.end(), out[1].begin(), out[1].end());
            if (frame % 12032 == 0 && english.size() > 24000) // every 94 blocks (0.25 s)
                consoleOnEnglish.store(resampledToneAmplitude(english, english.size() - 24000,
                                                              english.size(), 700.0,
                                                              kRate) > kPresent);
            next += std::chrono::microseconds(kBlock * 1000000 / 48000);
            std::this_thread::sleep_until(next);
        }
    });

    // The block thread stops however this test ends (a failed join throws).
    struct StopBlocks {
        std::atomic<bool>& running;
        std::thread& thread;
        ~StopBlocks() {
            running.store(false);
            if (thread.joinable())
                thread.join();
        }
    } stopBlocks{running, blocks};
    // A generous deadline for the join: a sanitizer build on a loaded machine is slow.
    RemoteConsoleClient console({"127.0.0.1", host.port(), "ko-en-2", kRemoteSecret, 60.0, false});
    const auto joinStarted = std::chrono::steady_clock::now();
    console.join();
    const double joinSeconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - joinStarted).count();
    const int frame = console.frameSamples();
    std::vector<float> mic(static_cast<std::size_t>(frame)), phones(mic.size()), heard;
    resetCountedAllocations();
    const auto period = std::chrono::nanoseconds(frame * 1000000000LL / 48000);
    auto next = std::chrono::steady_clock::now();
    std::uint64_t at = 0;
    bool pressed = false;
    SessionStatus status;
    // Until the console is heard on en and hears the floor over the last half second (a busy
    // machine takes longer to settle the paths), at most 20 s.
    auto hearsFloor = [&] {
        return heard.size() > 24000 &&
               resampledToneAmplitude(heard, heard.size() - 24000, heard.size(), 440.0, kRate) >
                   kPresent;
    };
    for (int n = 0; n < static_cast<int>(20.0 * kRate) / frame; ++n) {
        if (n * frame > static_cast<int>(1.5 * kRate) && n % 50 == 0 && consoleOnEnglish.load() &&
            hearsFloor())
            break;
        std::this_thread::sleep_until(next);
        for (float& s : mic)
            s = static_cast<float>(kToneAmplitude * std::sin(2.0 * std::numbers::pi * 700.0 *
                                                             static_cast<double>(at++) / kRate));
        {
            const CountedSection counted;
            console.process(mic.data(), phones.data(), static_cast<std::uint32_t>(frame));
        }
        heard.insert(heard.end(), phones.begin(), phones.end());
        if (!pressed && n * frame > static_cast<int>(kRate / 2)) {
            console.press("mic", 1.0f);
            pressed = true;
        }
        next += period;
        if (n % 8 == 0) { // the main loop's part: the engine's state to the console
            status.update(engine);
            host.publishStates(status, engine);
        }
    }
    const double settledAfter = static_cast<double>(at) / kRate;
    running.store(false);
    blocks.join();
    // What it took, for a busy machine's record: a late settle with no loss is the machine's
    // scheduling, concealed frames would be real dropouts on the path.
    // A dropout shows as a quiet stretch: the quietest 20 ms of the last half second on en,
    // against the tone's own RMS.
    double quietest = 1.0;
    for (std::size_t f = english.size() - 24000; f + 960 <= english.size(); f += 480)
        quietest =
            std::min(quietest, rmsOf(english, f, f + 960) / (kToneAmplitude / std::sqrt(2.0)));
    for (const RemotePathStats& path : host.stats())
        std::printf("remote path: joined in %.2f s, heard both ways after %.2f s; from the console "
                    "%.2f %% lost, "
                    "%.2f %% concealed; buffer %.1f ms; quietest 20 ms on en %.2f of the tone\n",
                    joinSeconds, settledAfter, path.lossFromConsolePercent,
                    path.unrecoveredFromConsolePercent, path.bufferFromConsoleMs, quietest);
    CHECK(countedAllocations() == 0);
    // The last half second: the console's tone on its channel, the floor in its headphones.
    REQUIRE(english.size() > static_cast<std::size_t>(kRate));
    const std::size_t end = english.size();
    CHECK(resampledToneAmplitude(english, end - 24000, end, 700.0, kRate) > kPresent);
    CHECK(hearsFloor());
    CHECK(console.state().has_value());
    CHECK(console.state()->micOn);
}
