// Peak and RMS of one signal, accumulated by the audio thread and collected by a control
// thread. Lock-free, with as few locked instructions on the audio side as can be: the energy
// and frame count are the audio thread's own running totals, published with plain atomic
// stores, and the reader takes differences (a locked add per meter per block cost more than
// the mixing itself); the peak is raised by compare-and-swap only when a block is louder than
// what the current reading holds, and the reader takes it with an exchange, so no peak is
// ever lost between readings. A reading spans everything since the previous one.
#pragma once

#include "BlockLevels.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdint>

namespace dragoman {

struct LevelReading {
    float peak = 0.0f; // linear, 1 = full scale
    float rms = 0.0f;  // linear
};

class LevelMeter {
public:
    // Audio thread.
    void accumulate(const float* buf, std::uint32_t frames) {
        accumulate(measureBlock(buf, frames), frames);
    }
    // A block whose levels are already measured.
    void accumulate(const BlockLevels& levels, std::uint32_t frames) {
        float seen = peak_.load(std::memory_order_relaxed);
        while (levels.peak > seen &&
               !peak_.compare_exchange_weak(seen, levels.peak, std::memory_order_relaxed)) {
        }
        // Totals in double: a week of full-scale audio still resolves a quiet block's energy.
        sumSquares_ += static_cast<double>(levels.sumSquares);
        frames_ += frames;
        publishedSumSquares_.store(sumSquares_, std::memory_order_relaxed);
        publishedFrames_.store(frames_, std::memory_order_release);
    }

    // Control thread (one reader). The energy of a block that lands while this reads may
    // count in the next reading instead.
    LevelReading take() {
        const float peak = peak_.exchange(0.0f, std::memory_order_relaxed);
        const std::uint64_t frames = publishedFrames_.load(std::memory_order_acquire);
        const double sum = publishedSumSquares_.load(std::memory_order_relaxed);
        if (frames == framesRead_)
            return {peak, 0.0f};
        const double meanSquare =
            std::max(0.0, sum - sumRead_) / static_cast<double>(frames - framesRead_);
        framesRead_ = frames;
        sumRead_ = sum;
        return {peak, static_cast<float>(std::sqrt(meanSquare))};
    }

private:
    std::atomic<float> peak_{0.0f}; // raised by the audio thread, taken by the reader
    // The audio thread's totals, and as published.
    double sumSquares_ = 0.0;
    std::uint64_t frames_ = 0;
    std::atomic<double> publishedSumSquares_{0.0};
    std::atomic<std::uint64_t> publishedFrames_{0};
    // What the reader has taken so far.
    std::uint64_t framesRead_ = 0;
    double sumRead_ = 0.0;
};

} // namespace dragoman
