// The power of a signal in frequency bands: the mean over Hann-windowed blocks of the sum of the
// DFT bins in each band (Parseval), so that a test can compare what a path delivers with what
// it was given band by band (pink noise in, the same bands out) and find its -3 dB point.
#pragma once

#include <cmath>
#include <cstddef>
#include <numbers>
#include <utility>
#include <vector>

namespace dragoman::test {

struct Band {
    double lowHz;
    double highHz;
};

// Per band of `bands`, the mean power of the bins in [lowHz, highHz) over blocks of `block`
// samples (rate / block Hz a bin).
inline std::vector<double> bandPowers(const std::vector<float>& samples, double sampleRate,
                                      const std::vector<Band>& bands, std::size_t block = 4800) {
    std::vector<double> window(block), windowed(block), power(bands.size(), 0.0);
    for (std::size_t i = 0; i < block; ++i)
        window[i] = 0.5 - 0.5 * std::cos(2.0 * std::numbers::pi * static_cast<double>(i) /
                                         static_cast<double>(block - 1));
    std::size_t blocks = 0;
    for (std::size_t start = 0; start + block <= samples.size(); start += block, ++blocks) {
        for (std::size_t i = 0; i < block; ++i)
            windowed[i] = static_cast<double>(samples[start + i]) * window[i];
        for (std::size_t b = 0; b < bands.size(); ++b) {
            const auto first = static_cast<std::size_t>(
                std::ceil(bands[b].lowHz * static_cast<double>(block) / sampleRate));
            const auto last = static_cast<std::size_t>(
                std::ceil(bands[b].highHz * static_cast<double>(block) / sampleRate));
            for (std::size_t k = first; k < last; ++k) { // Goertzel at bin k
                const double coefficient =
                    2.0 * std::cos(2.0 * std::numbers::pi * static_cast<double>(k) /
                                   static_cast<double>(block));
                double s1 = 0.0, s2 = 0.0;
                for (const double x : windowed) {
                    const double s0 = x + coefficient * s1 - s2;
                    s2 = s1;
                    s1 = s0;
                }
                power[b] += s1 * s1 + s2 * s2 - coefficient * s1 * s2;
            }
        }
    }
    for (double& p : power)
        p /= static_cast<double>(std::max<std::size_t>(blocks, 1));
    return power;
}

} // namespace dragoman::test
