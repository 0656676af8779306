// Peak and RMS of one signal, accumulated by the audio thread and collected by a control
// thread. Lock-free: the audio thread only raises the peak and adds to the sums; the reader
// takes and zeroes them. A reading spans everything since the previous one.
#pragma once

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
        // Float sums over one chunk (at most a few hundred samples) lose nothing a meter shows;
        // std::max and a float sum let the compiler vectorize the loop.
        float peak = 0.0f;
        float sumSquares = 0.0f;
        for (std::uint32_t i = 0; i < frames; ++i) {
            peak = std::max(peak, std::fabs(buf[i]));
            sumSquares += buf[i] * buf[i];
        }
        float seen = peak_.load(std::memory_order_relaxed);
        while (peak > seen && !peak_.compare_exchange_weak(seen, peak, std::memory_order_relaxed)) {
        }
        sumSquares_.fetch_add(static_cast<double>(sumSquares), std::memory_order_relaxed);
        frames_.fetch_add(frames, std::memory_order_relaxed);
    }

    // Control thread.
    LevelReading take() {
        const float peak = peak_.exchange(0.0f, std::memory_order_relaxed);
        const double sum = sumSquares_.exchange(0.0, std::memory_order_relaxed);
        const std::uint64_t frames = frames_.exchange(0, std::memory_order_relaxed);
        const double meanSquare = frames > 0 ? sum / static_cast<double>(frames) : 0.0;
        return {peak, static_cast<float>(std::sqrt(meanSquare))};
    }

private:
    std::atomic<float> peak_{0.0f};
    std::atomic<double> sumSquares_{0.0};
    std::atomic<std::uint64_t> frames_{0};
};

} // namespace dragoman
