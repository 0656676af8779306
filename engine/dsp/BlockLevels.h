// The peak and energy of a block of samples, and whether every sample is finite: what meters
// and the limiter's fast path read from every signal in every block. Kept in eight independent
// lanes of SIMD: one running maximum or sum is a serial chain of dependent instructions, and
// without -ffast-math (which the engine avoids: it would break the NaN checks) the compiler
// may not split it itself. Any thread; no allocation.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>

namespace dragoman {

struct BlockLevels {
    float peak = 0.0f;       // largest magnitude, NaN samples aside
    float sumSquares = 0.0f; // NaN or infinite if a sample is
    bool finite() const { return std::isfinite(sumSquares); }
};

inline BlockLevels measureBlock(const float* buf, std::uint32_t frames) {
    // Two 4-wide vectors, written as GCC/clang vector extensions: left to the auto-vectorizer,
    // these eight lanes stayed scalar wherever the function was inlined into a large caller
    // (perf showed maxss/mulss in the renderer), which is where it runs.
    using Lanes = float __attribute__((vector_size(16)));
    using Mask = std::int32_t __attribute__((vector_size(16)));
    constexpr std::uint32_t kLanes = 8;
    const Mask magnitudeBits = {0x7fffffff, 0x7fffffff, 0x7fffffff, 0x7fffffff};
    Lanes peakLow = {}, peakHigh = {}, sumLow = {}, sumHigh = {};
    // The larger of peak and |x| by lane; NaN samples leave the peak as it was.
    const auto raise = [&](Lanes peak, Lanes x) {
        const Lanes magnitude = reinterpret_cast<Lanes>(reinterpret_cast<Mask>(x) & magnitudeBits);
        const Mask louder = peak < magnitude;
        return reinterpret_cast<Lanes>((reinterpret_cast<Mask>(magnitude) & louder) |
                                       (reinterpret_cast<Mask>(peak) & ~louder));
    };
    std::uint32_t i = 0;
    for (; i + kLanes <= frames; i += kLanes) {
        Lanes low, high;
        std::memcpy(&low, buf + i, sizeof low); // unaligned loads
        std::memcpy(&high, buf + i + 4, sizeof high);
        peakLow = raise(peakLow, low);
        peakHigh = raise(peakHigh, high);
        sumLow += low * low;
        sumHigh += high * high;
    }
    // Lanes folded pairwise (a serial fold of eight cost as much as a 16-frame block's loop).
    const Lanes peak4 = raise(peakLow, peakHigh);
    const Lanes sum4 = sumLow + sumHigh;
    float peak = std::max(std::max(peak4[0], peak4[1]), std::max(peak4[2], peak4[3]));
    float sum = (sum4[0] + sum4[1]) + (sum4[2] + sum4[3]);
    for (; i < frames; ++i) { // the last few
        peak = std::max(peak, std::fabs(buf[i]));
        sum += buf[i] * buf[i];
    }
    BlockLevels levels;
    levels.peak = peak;
    levels.sumSquares = sum;
    return levels;
}

} // namespace dragoman
