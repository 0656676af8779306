// The meeting floor's audio thread allocates nothing, and its hand-offs with the receive thread
// are sound (CI runs this under TSan): a real MeetingFloor on loopback gets a forward as Janus
// sends it (RTP/Opus, 20 ms frames, the SSRC it asked for) from a sender thread, while a block
// thread plays the floor on the clock, counting its allocations. Janus itself is unreachable
// here (its thread keeps trying, as it would): the tests against a real Janus are
// tests/web/MeetingFloorTest.cpp. The forward's tone must be the floor, strays must not, and
// when the forward stops the floor must fall back to silence.
#include "meeting/MeetingFloor.h"
#include "net/UdpSocket.h"
#include "rtp/OpusVoice.h"
#include "rtp/RtpPacket.h"
#include "support/AllocationCounter.h"
#include "support/Goertzel.h"

#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <cmath>
#include <mutex>
#include <numbers>
#include <thread>

using namespace dragoman;
using namespace dragoman::test;

namespace {

using Clock = std::chrono::steady_clock;
constexpr std::uint32_t kBlock = 128;

// Sends a forward of `hz` at 0.3 every 20 ms with `ssrc`, until stopped.
class ForwardSender {
public:
    ForwardSender(int port, std::uint32_t ssrc, double hz)
        : thread_([this, port, ssrc, hz] { run(port, ssrc, hz); }) {}
    ~ForwardSender() { stop(); }
    void stop() {
        stop_.store(true);
        if (thread_.joinable())
            thread_.join();
    }

private:
    void run(int port, std::uint32_t ssrc, double hz) {
        UdpSocket socket("127.0.0.1", 0);
        const UdpPeer to = UdpPeer::resolve("127.0.0.1", port);
        OpusVoiceEncoder encoder({20.0, 96, 5});
        std::vector<float> frame(static_cast<std::size_t>(encoder.frameSamples()));
        std::vector<std::uint8_t> payload(1500), packet;
        RtpHeader header{false, MeetingFloor::kPayloadType, 1000, 0, ssrc};
        std::int64_t sample = 0;
        auto next = Clock::now();
        while (!stop_.load()) {
            for (float& s : frame)
                s = static_cast<float>(0.3 * std::sin(2.0 * std::numbers::pi * hz *
                                                      static_cast<double>(sample++) / 48000.0));
            const std::size_t size = encoder.encode(frame.data(), payload);
            writeRtp(packet, header, std::span(payload.data(), size));
            socket.send(to, packet);
            ++header.sequence;
            header.timestamp += static_cast<std::uint32_t>(frame.size());
            next += std::chrono::milliseconds(20);
            std::this_thread::sleep_until(next);
        }
    }

    std::atomic<bool> stop_{false};
    std::thread thread_;
};

} // namespace

TEST_CASE("the meeting's forward becomes the floor on the block thread without an allocation",
          "[meeting]") {
    MeetingSettings settings;
    settings.janus = "http://127.0.0.1:9/janus"; // nobody: the link keeps trying
    settings.roomSecret = "realtime-test-secret";
    settings.floorPort = 0; // any free port
    MeetingFloor floor(settings, "realtime test");

    // The block thread: the fallback (silence) in the floor buffer, the meeting over it.
    std::atomic<bool> stopBlocks{false};
    std::atomic<long> allocations{0};
    std::mutex keptMutex;
    std::vector<float> kept; // the floor's last half second
    std::thread blocks([&] {
        std::vector<float> channel(kBlock);
        float* const channels[] = {channel.data()};
        auto next = Clock::now();
        while (!stopBlocks.load()) {
            std::fill(channel.begin(), channel.end(), 0.0f);
            resetCountedAllocations();
            {
                const CountedSection counted;
                floor.provideFloor(channels, kBlock);
            }
            allocations.fetch_add(countedAllocations());
            {
                const std::lock_guard lock(keptMutex);
                kept.insert(kept.end(), channel.begin(), channel.end());
                if (kept.size() > 24000)
                    kept.erase(kept.begin(), kept.begin() + static_cast<std::ptrdiff_t>(kBlock));
            }
            next += std::chrono::microseconds(kBlock * 1000000 / 48000);
            std::this_thread::sleep_until(next);
        }
    });
    auto floorTone = [&](double hz) {
        const std::lock_guard lock(keptMutex);
        return toneAmplitude(kept, 0, kept.size(), hz, 48000.0);
    };
    auto waitFor = [](double seconds, const std::function<bool()>& done) {
        const auto until = Clock::now() + std::chrono::duration<double>(seconds);
        while (Clock::now() < until) {
            if (done())
                return true;
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
        return false;
    };

    // A stray (another SSRC) is not the floor; the forward is.
    {
        ForwardSender stray(floor.port(), floor.ssrc() ^ 0x5a5a5a5a, 620.0);
        CHECK(waitFor(10.0, [&] { return floor.stats().strangers >= 25; }));
        CHECK_FALSE(floor.stats().hearing);
    }
    ForwardSender forward(floor.port(), floor.ssrc(), 1500.0);
    const bool heard =
        waitFor(20.0, [&] { return floor.stats().hearing && floorTone(1500.0) > 0.2; });
    INFO("the forward's tone at " << floorTone(1500.0) << ", the stray's at " << floorTone(620.0));
    CHECK(heard);
    CHECK(floorTone(620.0) < 0.003);

    // The forward stops: silence (the fallback) within a moment, crossfaded.
    forward.stop();
    CHECK(waitFor(10.0, [&] { return !floor.stats().hearing && floorTone(1500.0) < 0.003; }));
    stopBlocks.store(true);
    blocks.join();
    CHECK(allocations.load() == 0);
    CHECK(floor.stats().received >= 10);
}
