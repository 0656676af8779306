// Blocks into codec frames (BlockToFrames) and the wake that sends a frame the moment it is
// whole (ThreadWake, UdpSocket::wait): which push completes a frame, the frames' order, and a
// network thread that is woken for every frame across threads (under TSan in CI).
#include "rtp/BlockToFrames.h"

#include "net/ThreadWake.h"
#include "net/UdpSocket.h"

#include <catch2/catch.hpp>
#include <chrono>
#include <thread>
#include <vector>

using namespace dragoman;

namespace {

constexpr std::size_t kFrame = 120; // 2.5 ms at 48 kHz

// Samples numbered from `first`.
std::vector<float> numbered(std::size_t first, std::size_t count) {
    std::vector<float> block(count);
    for (std::size_t i = 0; i < count; ++i)
        block[i] = static_cast<float>(first + i);
    return block;
}

} // namespace

TEST_CASE("a block that completes a frame says so, and frames come out whole and in order",
          "[rtp]") {
    for (const std::size_t block : {16u, 64u, 120u, 256u, 7u}) {
        INFO("blocks of " << block);
        BlockToFrames frames(kFrame, 4800);
        std::size_t pushed = 0, taken = 0;
        bool inOrder = true;
        for (int b = 0; b < 60; ++b) {
            const bool whole = frames.push(numbered(pushed, block).data(), block);
            pushed += block;
            // Whole exactly when what came since the last frame taken fills one.
            REQUIRE(whole == (pushed - taken >= kFrame));
            // A network thread that is behind now and then: it takes on every third wake.
            if (whole && b % 3 != 1)
                frames.takeFrames([&](std::span<const float> frame) {
                    REQUIRE(frame.size() == kFrame);
                    for (std::size_t i = 0; i < kFrame; ++i)
                        inOrder = inOrder && frame[i] == static_cast<float>(taken + i);
                    taken += kFrame;
                });
            CHECK(pushed - taken < kFrame + (b % 3 == 1 ? block : 0));
        }
        CHECK(inOrder);
    }
}

TEST_CASE("a new stream starts its frames afresh", "[rtp]") {
    BlockToFrames frames(kFrame, 4800);
    CHECK_FALSE(frames.push(numbered(0, 100).data(), 100));
    frames.clear();
    CHECK_FALSE(frames.push(numbered(1000, 100).data(), 100)); // 100 of 120, not 200
    CHECK(frames.push(numbered(1100, 20).data(), 20));
    float first = -1.0f;
    frames.takeFrames([&](std::span<const float> frame) { first = frame[0]; });
    CHECK(first == 1000.0f);
}

TEST_CASE("a socket's wait tells a datagram from a wake, and waits out its time for neither",
          "[rtp]") {
    UdpSocket socket("127.0.0.1", 0), sender("127.0.0.1", 0);
    ThreadWake wake;
    CHECK_FALSE(socket.wait(wake, std::chrono::milliseconds(10)).datagram);
    wake.signal();
    wake.signal();
    UdpSocket::Ready ready = socket.wait(wake, std::chrono::seconds(10));
    CHECK(ready.woken);
    CHECK_FALSE(ready.datagram);
    wake.clear(); // both signals at once
    CHECK_FALSE(socket.wait(wake, std::chrono::milliseconds(10)).woken);
    const std::uint8_t bytes[] = {1, 2, 3};
    sender.send(UdpPeer::resolve("127.0.0.1", socket.port()), bytes);
    ready = socket.wait(wake, std::chrono::seconds(10));
    CHECK(ready.datagram);
    CHECK_FALSE(ready.woken);
}

TEST_CASE("a network thread woken for each whole frame takes every sample once, never left "
          "to wait out its time",
          "[rtp]") {
    constexpr std::size_t kBlock = 64;
    constexpr std::size_t kSamples = kBlock * kFrame * 40; // a whole number of both
    BlockToFrames frames(kFrame, kSamples);                // room for all: none dropped
    ThreadWake wake;
    std::thread audio([&] {
        for (std::size_t next = 0; next < kSamples; next += kBlock) {
            const std::vector<float> block = numbered(next, kBlock);
            if (frames.push(block.data(), kBlock))
                wake.signal();
            if (next % (kBlock * 16) == 0)
                std::this_thread::yield(); // now and then the other thread's turn
        }
    });
    UdpSocket socket("127.0.0.1", 0); // never sent to: only the wake ends a wait
    std::size_t taken = 0;
    bool inOrder = true;
    int waitedOut = 0;
    while (taken < kSamples && waitedOut == 0) {
        // A frame whose wake was lost would leave this wait to its (generous) end.
        if (!socket.wait(wake, std::chrono::seconds(10)).woken) {
            ++waitedOut;
            break;
        }
        wake.clear();
        frames.takeFrames([&](std::span<const float> frame) {
            for (std::size_t i = 0; i < frame.size(); ++i)
                inOrder = inOrder && frame[i] == static_cast<float>(taken + i);
            taken += frame.size();
        });
    }
    audio.join();
    CHECK(waitedOut == 0);
    CHECK(taken == kSamples);
    CHECK(inOrder);
    CHECK(frames.dropped() == 0);
}
