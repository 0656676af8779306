// The signals every mixer the benchmarks compare plays, and the check that it rendered them:
// one input signal formula for the engine and both baselines, so they mix the same audio.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

namespace dragoman::bench {

// Input `input`'s block: a speech-like level, not silence (silent routes are skipped), a
// different phase per input.
inline std::vector<float> inputSignal(std::size_t input, std::uint32_t frames) {
    std::vector<float> block(frames);
    const float phase = 0.7f * static_cast<float>(input + 1);
    for (std::uint32_t i = 0; i < frames; ++i)
        block[i] = 0.1f * std::sin(phase + 0.05f * static_cast<float>(i));
    return block;
}

// Whether a buffer holds more than silence.
inline bool carriesSignal(const float* buffer, std::size_t frames) {
    return std::any_of(buffer, buffer + frames, [](float s) { return std::fabs(s) > 1e-3f; });
}

inline bool allCarrySignal(const std::vector<std::vector<float>>& buffers) {
    return std::all_of(buffers.begin(), buffers.end(), [](const std::vector<float>& buffer) {
        return carriesSignal(buffer.data(), buffer.size());
    });
}

} // namespace dragoman::bench
