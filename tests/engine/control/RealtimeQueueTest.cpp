// The SPSC ring between control and audio threads: order, bounds, and a two-thread hand-off
// of every item exactly once (also run under TSan in CI, with the realtime tests).
#include "control/RealtimeQueue.h"

#include <catch2/catch.hpp>
#include <thread>

using dragoman::RealtimeQueue;

TEST_CASE("the ring keeps order, refuses when full and counts what it refused") {
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

TEST_CASE("every item crosses between two threads exactly once, in order") {
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
