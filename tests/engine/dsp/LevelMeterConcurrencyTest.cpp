// A level meter read by a control thread while the audio thread writes it (also run under
// TSan in CI, with the realtime tests): the loudest block always shows in a reading.
#include "dsp/LevelMeter.h"

#include <atomic>
#include <catch2/catch.hpp>
#include <random>
#include <thread>
#include <vector>

using dragoman::LevelMeter;

TEST_CASE("a meter read while audio runs never misses the loudest block", "[dsp]") {
    for (int round = 0; round < 20; ++round) {
        LevelMeter meter;
        std::mt19937 random(static_cast<unsigned>(round));
        constexpr int kBlocks = 5000;
        const int loudest = std::uniform_int_distribution<int>(0, kBlocks - 1)(random);
        std::atomic<bool> done{false};
        std::atomic<int> readings{0};
        std::thread audio([&] {
            std::vector<float> block(32, 0.01f);
            for (int b = 0; b < kBlocks; ++b) {
                block[7] = b == loudest ? 0.9f : 0.2f;
                meter.accumulate(block.data(), 32);
                // Halfway, until the reader has read at least once: on a busy machine it may
                // not have started yet, and the reads must overlap the writes.
                while (b == kBlocks / 2 && readings.load() == 0)
                    std::this_thread::yield();
            }
            done.store(true);
        });
        float seen = 0.0f;
        while (!done.load()) {
            seen = std::max(seen, meter.take().peak);
            readings.fetch_add(1);
        }
        audio.join();
        seen = std::max(seen, meter.take().peak);
        CHECK(seen == 0.9f);
        CHECK(meter.take().peak == 0.0f); // nothing since
        CHECK(readings.load() > 0);
    }
}
