// Working in pairs across the network: a real host on loopback with console ko-en-2 remote,
// its boothmate ko-en-1 in the hall. The remote seat is away until its console joins and again
// once it leaves; a handover request from the hall reaches the remote console as state and as
// the two notes in its headphones (through Opus), its mic key takes over, and the shift timer
// comes along in its state.
#include "device/DeviceBlockExchange.h"
#include "graph/CueSounds.h"
#include "remotebooth/RemoteBoothHost.h"
#include "support/DeviceBuffers.h"
#include "support/ToneRig.h"
#include "support/TonedConsole.h"

#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <functional>
#include <thread>

using namespace dragoman;
using namespace dragoman::test;

TEST_CASE("a remote boothmate is away until it joins, hears a handover request and takes over",
          "[remotebooth][handover]") {
    constexpr std::uint32_t kBlock = 128;
    const Session session = summitWithRemoteConsole(5004);
    Engine engine(session, 48000.0);
    RemoteBoothSettings remote = *session.remoteBooths;
    remote.port = 0;
    RemoteBoothHost host(engine, remote, kBlock);
    const DeviceChannels channels = DeviceChannelMap::wanted(engine);
    DeviceChannelMap map(engine, channels, "test device");
    std::atomic<bool> running{true};
    std::thread blocks([&] { // the device: silent inputs, at the block rate
        test::DeviceBuffers device(channels, kBlock);
        BlockSource* sources[] = {&host};
        RenderedBlockSink* sinks[] = {&host};
        auto next = std::chrono::steady_clock::now();
        while (running.load()) {
            renderDeviceBlock(engine, map, sources, sinks, device.inputs, device.outputs, kBlock);
            next += std::chrono::microseconds(kBlock * 1000000 / 48000);
            std::this_thread::sleep_until(next);
        }
    });
    SessionStatus status;
    // Polls as `dragoman run` does until `condition` holds, for at most 30 s (a busy machine).
    auto within = [&](const std::function<bool()>& condition) {
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
        while (std::chrono::steady_clock::now() < deadline) {
            status.update(engine);
            host.publishStates(status, engine);
            if (condition())
                return true;
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
        return false;
    };
    auto hall = [&] {
        const ConsoleStatus* c = status.console("ko-en-1");
        return c != nullptr ? c->state : ConsoleState{};
    };
    CHECK(within([&] { return hall().boothmate == Presence::Away; }));

    {
        TonedConsole console(host.port(), 0.0);
        CHECK(within([&] { return hall().boothmate == Presence::Ready; }));
        auto told = [&] { return console.client().state().value_or(StateMessage{}); };

        // The hall asks: the remote console is told, and hears the notes through Opus.
        engine.press("ko-en-1", {ConsoleKey::Mic, Switch::On});
        REQUIRE(within([&] { return hall().micOn; }));
        const std::size_t before = console.phonesSamples();
        engine.press("ko-en-1", {ConsoleKey::HandoverRequest, Switch::On});
        CHECK(within(
            [&] { return told().boothmate == static_cast<std::uint8_t>(Presence::Requested); }));
        CHECK(within([&] { return console.phonesSamples() > before + 48000; }));
        // Each note is 150 ms at -24 dBFS peak, with 20 ms ramps: its loudest 50 ms is at the
        // peak, even when a late packet on a busy machine concealed a frame of it.
        const double peak = static_cast<double>(dbToGain(kCuePeakDbfs));
        const double first = console.loudest(659.25, before, 2400);
        const double second = console.loudest(880.0, before, 2400);
        INFO("the request's notes at the remote console: " << first << " and " << second
                                                           << " against a peak of " << peak);
        CHECK(first > 0.5 * peak);
        CHECK(second > 0.5 * peak);
        CHECK(console.loudest(1500.0, before, 2400) < 0.05 * peak); // and nothing else

        // Its mic key takes over at once (the summit's ko-en booth is interlock).
        console.client().press("mic", 1.0f);
        CHECK(within([&] { return told().micOn && !hall().micOn; }));
        CHECK_FALSE(told().waiting);
        CHECK(within([&] { return told().turnSeconds >= 1; }));
        CHECK(told().turnLengthSeconds == 30 * 60);
        CHECK(told().boothmate == static_cast<std::uint8_t>(Presence::Ready));
        console.client().leave();
    }
    // Gone: off air, and away on the hall console.
    CHECK(within([&] { return hall().boothmate == Presence::Away; }));
    CHECK_FALSE(status.console("ko-en-2")->state.micOn);
    running.store(false);
    blocks.join();
}
