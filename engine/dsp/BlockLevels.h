// The peak and energy of a block of samples, and whether every sample is finite: what meters
// and the limiter's fast path read from every signal in every block. Kept in eight independent
// lanes so the compiler can use SIMD: one running maximum or sum is a serial chain of
// dependent instructions, and without -ffast-math (which the engine avoids: it would break the
// NaN checks) the compiler may not split it itself. Any thread; no allocation.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>

namespace dragoman {

struct BlockLevels {
    float peak = 0.0f;       // largest magnitude, NaN samples aside
    float sumSquares = 0.0f; // NaN or infinite if a sample is
    bool finite() const { return std::isfinite(sumSquares); }
};

inline BlockLevels measureBlock(const float* buf, std::uint32_t frames) {
    constexpr std::uint32_t kLanes = 8;
    float peak[kLanes] = {};
    float sum[kLanes] = {};
    std::uint32_t i = 0;
    for (; i + kLanes <= frames; i += kLanes)
        for (std::uint32_t lane = 0; lane < kLanes; ++lane) {
            const float x = buf[i + lane];
            peak[lane] = std::max(peak[lane], std::fabs(x));
            sum[lane] += x * x;
        }
    for (; i < frames; ++i) { // the last few, in lane 0
        peak[0] = std::max(peak[0], std::fabs(buf[i]));
        sum[0] += buf[i] * buf[i];
    }
    BlockLevels levels;
    for (std::uint32_t lane = 0; lane < kLanes; ++lane) {
        levels.peak = std::max(levels.peak, peak[lane]);
        levels.sumSquares += sum[lane];
    }
    return levels;
}

} // namespace dragoman
