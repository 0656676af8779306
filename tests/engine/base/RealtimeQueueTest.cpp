// The SPSC ring between control and audio threads: order, bounds, and a two-thread hand-off
// of every item exactly once (also run under TSan in CI, with the realtime tests).
#include "base/RealtimeQueue.h"

#include <catch2/catch.hpp>
#include <thread>

using dragoman::RealtimeQueue;

TEST_CASE("the ring keeps order, refuses when full and counts what it refused", "[base]") {
    RealtimeQueue<int> ring(3);
    CHECK(ring.capacity() == 3);
    int out = 0;
    CHECK_FALSE(ring.pop(out));
    for (int round = 0; round < 5; ++round) { // wraps around several times
        CHECK(ring.push(round * 10 + 1));
        CHECK(ring.push(round * 10 + 2));
        CHECK(ring.push(round * 10 + 3));
        CHECK_FALSE(ring.push(99));
        for (int i = 1; i <= 3; ++i) {
            REQUIRE(ring.pop(out));
            CHECK(out == round * 10 + i);
        }
        CHECK_FALSE(ring.pop(out));
    }
    CHECK(ring.dropped() == 5);
}

TEST_CASE("every item crosses between two threads exactly once, in order", "[base]") {
    struct Item {
        std::uint64_t sequence;
        std::uint64_t check;
    };
    RealtimeQueue<Item> ring(64);
    constexpr std::uint64_t kItems = 200000;
    std::thread producer([&ring] {
        for (std::uint64_t i = 0; i < kItems;)
            if (ring.push({i, i * 2654435761u}))
                ++i;
    });
    std::uint64_t expected = 0;
    bool intact = true;
    while (expected < kItems) {
        Item item{};
        if (!ring.pop(item))
            continue;
        intact = intact && item.sequence == expected && item.check == expected * 2654435761u;
        ++expected;
    }
    producer.join();
    CHECK(intact);
    CHECK(expected == kItems);
}

TEST_CASE("blocks go in whole or not at all, and come out in order across the wrap", "[base]") {
    RealtimeQueue<float> ring(10);
    const float block[4] = {1, 2, 3, 4};
    float out[16] = {};
    for (int round = 0; round < 7; ++round) { // 4 + 4 in, 8 out: the indices wrap each round
        REQUIRE(ring.pushAll(block, 4));
        REQUIRE(ring.pushAll(block, 4));
        CHECK_FALSE(ring.pushAll(block, 4)); // 2 free: refused whole
        REQUIRE(ring.popMany(out, 3) == 3);
        CHECK(out[0] == 1);
        CHECK(out[2] == 3);
        REQUIRE(ring.popMany(out, 16) == 5);
        CHECK(out[0] == 4);
        CHECK(out[1] == 1);
        CHECK(out[4] == 4);
    }
    CHECK(ring.popMany(out, 16) == 0);
    CHECK(ring.dropped() == 7 * 4);
}

TEST_CASE("a sample stream crosses between two threads in blocks, every sample once", "[base]") {
    RealtimeQueue<float> ring(1000);
    constexpr int kSamples = 300000;
    std::thread producer([&ring] {
        float block[64];
        for (int next = 0; next < kSamples;) {
            const int n = std::min(64, kSamples - next);
            for (int i = 0; i < n; ++i)
                block[i] = static_cast<float>(next + i);
            if (ring.pushAll(block, static_cast<std::size_t>(n)))
                next += n;
        }
    });
    int expected = 0;
    bool intact = true;
    float out[100];
    while (expected < kSamples) {
        const std::size_t n = ring.popMany(out, 100);
        for (std::size_t i = 0; i < n; ++i)
            intact = intact && out[i] == static_cast<float>(expected++);
    }
    producer.join();
    CHECK(intact);
}
