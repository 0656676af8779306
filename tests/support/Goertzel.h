// Measures the amplitude of one frequency in a stretch of signal (Goertzel algorithm with a
// Hann window), so a test can say which source's tone is present in which output.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <numbers>
#include <string>
#include <utility>
#include <vector>

namespace dragoman::test {

// Test tones are sines of this amplitude (-12 dBFS, below every limiter ceiling used). A tone
// is present within 8 dB of that level, and absent 40 dB below it (leak-free).
inline constexpr double kToneAmplitude = 0.25;
inline constexpr double kPresent = 0.1;
inline constexpr double kAbsent = 0.0025;

// Amplitude (peak, linear) of `frequency` in samples [begin, end).
inline double toneAmplitude(const std::vector<float>& samples, std::size_t begin, std::size_t end,
                            double frequency, double sampleRate) {
    end = std::min(end, samples.size());
    if (end <= begin + 1)
        return 0.0;
    const std::size_t n = end - begin;
    const double w = 2.0 * std::numbers::pi * frequency / sampleRate;
    const double coefficient = 2.0 * std::cos(w);
    double s1 = 0.0, s2 = 0.0, windowSum = 0.0;
    for (std::size_t i = 0; i < n; ++i) {
        const double window = 0.5 - 0.5 * std::cos(2.0 * std::numbers::pi * static_cast<double>(i) /
                                                   static_cast<double>(n - 1));
        windowSum += window;
        const double s0 = static_cast<double>(samples[begin + i]) * window + coefficient * s1 - s2;
        s2 = s1;
        s1 = s0;
    }
    const double power = s1 * s1 + s2 * s2 - coefficient * s1 * s2;
    return 2.0 * std::sqrt(std::max(0.0, power)) / windowSum;
}

// As toneAmplitude, for a tone that crossed a remote path: the receiver follows the sender's
// clock and trims its delay by resampling up to 0.5 % (ClockDrift), which moves a 700 Hz tone
// up to 3.5 Hz, where a 0.5 s Hann window reads 6 % of its level. A stretch is measured in
// equal windows of up to 0.1 s instead (3.5 Hz off reads 92 %), their power averaged. The
// test tones lie 180 Hz or more apart, so one absent stays 40 dB below one present.
inline double resampledToneAmplitude(const std::vector<float>& samples, std::size_t begin,
                                     std::size_t end, double frequency, double sampleRate) {
    end = std::min(end, samples.size());
    if (end <= begin + 1)
        return 0.0;
    const auto longest = static_cast<std::size_t>(0.1 * sampleRate);
    const std::size_t windows = (end - begin + longest - 1) / longest;
    double power = 0.0;
    for (std::size_t k = 0; k < windows; ++k) {
        const double amplitude =
            toneAmplitude(samples, begin + (end - begin) * k / windows,
                          begin + (end - begin) * (k + 1) / windows, frequency, sampleRate);
        power += amplitude * amplitude;
    }
    return std::sqrt(power / static_cast<double>(windows));
}

// Which named tones a stretch of signal carries: "floor", "floor+ja-1", a leak in brackets
// ("floor+(ko-en-1)"), or "silence". A failing check then names the source at fault.
inline std::string tonesPresent(const std::vector<float>& samples, std::size_t begin,
                                std::size_t end,
                                const std::vector<std::pair<std::string, double>>& tones,
                                double sampleRate) {
    std::string present;
    for (const auto& [name, frequency] : tones) {
        const double level = toneAmplitude(samples, begin, end, frequency, sampleRate);
        if (level > kPresent)
            present += (present.empty() ? "" : "+") + name;
        else if (level >= kAbsent)
            present += (present.empty() ? "" : "+") + ("(" + name + ")");
    }
    return present.empty() ? "silence" : present;
}

inline double peakOf(const std::vector<float>& samples, std::size_t begin, std::size_t end) {
    double peak = 0.0;
    for (std::size_t i = begin; i < std::min(end, samples.size()); ++i)
        peak = std::max(peak, static_cast<double>(std::fabs(samples[i])));
    return peak;
}

inline double rmsOf(const std::vector<float>& samples, std::size_t begin, std::size_t end) {
    double sum = 0.0;
    end = std::min(end, samples.size());
    if (end <= begin)
        return 0.0;
    for (std::size_t i = begin; i < end; ++i)
        sum += static_cast<double>(samples[i]) * static_cast<double>(samples[i]);
    return std::sqrt(sum / static_cast<double>(end - begin));
}

} // namespace dragoman::test
