// A program feed's true-peak limiter (EBU R128, ITU-R BS.1770): no peak of the signal between
// its samples, as a 4x oversampled reconstruction shows it, rises above the ceiling. The
// detector interpolates three points between each pair of samples (a windowed-sinc
// polyphase filter, 12 taps a phase); the gain each needs is held for a window (a sliding
// minimum), released slowly and smoothed by a moving average over the same window, so it is
// down before the peak arrives (look-ahead) and every change is a ramp: no click, little
// distortion. The signal leaves kLatency frames late. Audio thread; no allocation.
#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <numbers>

namespace dragoman {

class TruePeakLimiter {
public:
    static constexpr std::uint32_t kTapsPerPhase = 12;
    static constexpr std::uint32_t kDetectorDelay = kTapsPerPhase / 2; // the filter's centre
    static constexpr std::uint32_t kWindow = 64; // the look-ahead: the gain's ramp down
    static constexpr std::uint32_t kLatency = kDetectorDelay + kWindow - 1;
    // The detector's reconstruction is close to, not exactly, a meter's: the limiter aims this
    // much under the ceiling.
    static constexpr float kMarginDb = 0.3f;

    TruePeakLimiter() { smoothing_.fill(1.0f); }

    // Control thread, or the audio thread for a ceiling change (no allocation either way).
    void prepare(double sampleRate, float ceilingDbtp, double releaseMs = 150.0) {
        ceiling_ = std::pow(10.0f, (ceilingDbtp - kMarginDb) / 20.0f);
        hardCeiling_ = std::pow(10.0f, ceilingDbtp / 20.0f);
        release_ = static_cast<float>(1.0 - std::exp(-1.0 / (releaseMs * 0.001 * sampleRate)));
        makeInterpolator();
    }

    void process(float* buf, std::uint32_t frames) {
        float deepest = 1.0f;
        for (std::uint32_t i = 0; i < frames; ++i) {
            const float x = std::isfinite(buf[i]) ? buf[i] : 0.0f;
            history_[at_ & kHistoryMask] = x;
            const float needed = gainNeeded(peakAroundDetected());
            const float held = slidingMinimum(needed);
            released_ = std::min(held, released_ + (1.0f - released_) * release_);
            smoothedSum_ +=
                static_cast<double>(released_) - static_cast<double>(smoothing_[at_ & kWindowMask]);
            smoothing_[at_ & kWindowMask] = released_;
            const auto gain = static_cast<float>(smoothedSum_ / kWindow);
            const float out = history_[(at_ - kLatency) & kHistoryMask] * gain;
            buf[i] = std::clamp(out, -hardCeiling_, hardCeiling_);
            deepest = std::min(deepest, gain);
            ++at_;
        }
        lastMinGain_ = deepest;
    }

    // The deepest gain of the last block (1 = none).
    float lastMinGain() const { return lastMinGain_; }

private:
    static constexpr std::uint32_t kHistorySize = 128; // > kLatency + kTapsPerPhase
    static constexpr std::uint32_t kHistoryMask = kHistorySize - 1;
    static constexpr std::uint32_t kWindowMask = kWindow - 1;
    static_assert((kWindow & kWindowMask) == 0 && kHistorySize > kLatency + kTapsPerPhase);

    // Windowed sinc (Kaiser, beta 6) at a quarter of the input rate, as three polyphase
    // branches that give the points a quarter, a half and three quarters between samples.
    void makeInterpolator() {
        constexpr int kLength = 4 * static_cast<int>(kTapsPerPhase) + 1;
        constexpr double kCentre = (kLength - 1) / 2.0;
        constexpr double kBeta = 6.0;
        const auto bessel = [](double x) { // I0, by its series
            double sum = 1.0, term = 1.0;
            for (int k = 1; k < 25; ++k) {
                term *= (x / (2.0 * k)) * (x / (2.0 * k));
                sum += term;
            }
            return sum;
        };
        for (std::uint32_t phase = 1; phase <= 3; ++phase) {
            double sum = 0.0;
            std::array<double, kTapsPerPhase> taps{};
            for (std::uint32_t t = 0; t < kTapsPerPhase; ++t) {
                const double k = 4.0 * t + phase;
                const double x = (k - kCentre) / 4.0;
                const double sinc = std::sin(std::numbers::pi * x) / (std::numbers::pi * x);
                const double r = (k - kCentre) / kCentre;
                taps[t] =
                    sinc * bessel(kBeta * std::sqrt(std::max(0.0, 1.0 - r * r))) / bessel(kBeta);
                sum += taps[t];
            }
            for (std::uint32_t t = 0; t < kTapsPerPhase; ++t)
                interpolator_[phase - 1][t] = static_cast<float>(taps[t] / sum); // DC gain 1
        }
    }

    // The largest magnitude from sample kDetectorDelay + 1 ago to kDetectorDelay - 1 ago: the
    // sample kDetectorDelay ago and the reconstruction on both sides of it.
    float peakAroundDetected() {
        float peak = std::fabs(history_[(at_ - kDetectorDelay) & kHistoryMask]);
        for (const auto& taps : interpolator_) {
            float u = 0.0f;
            for (std::uint32_t t = 0; t < kTapsPerPhase; ++t)
                u += taps[t] * history_[(at_ - t) & kHistoryMask];
            peak = std::max(peak, std::fabs(u));
        }
        const float around = std::max(peak, previousPeak_);
        previousPeak_ = peak;
        return around;
    }

    float gainNeeded(float peak) const { return peak > ceiling_ ? ceiling_ / peak : 1.0f; }

    // The smallest of the last kWindow needed gains (a monotonic queue: amortised O(1)).
    float slidingMinimum(float gain) {
        while (queueEnd_ != queueStart_ && at_ - queue_[queueStart_ & kWindowMask].at >= kWindow)
            ++queueStart_; // out of the window: at most kWindow - 1 remain
        while (queueEnd_ != queueStart_ && queue_[(queueEnd_ - 1) & kWindowMask].gain >= gain)
            --queueEnd_;
        queue_[queueEnd_ & kWindowMask] = {gain, at_};
        ++queueEnd_;
        return queue_[queueStart_ & kWindowMask].gain;
    }

    struct Held {
        float gain = 1.0f;
        std::uint64_t at = 0;
    };

    std::array<std::array<float, kTapsPerPhase>, 3> interpolator_{};
    std::array<float, kHistorySize> history_{};
    std::array<float, kWindow> smoothing_{};
    std::array<Held, kWindow> queue_{};
    std::uint64_t queueStart_ = 0, queueEnd_ = 0;
    std::uint64_t at_ = 0;
    double smoothedSum_ = kWindow;
    float released_ = 1.0f;
    float previousPeak_ = 0.0f;
    float ceiling_ = 1.0f;
    float hardCeiling_ = 1.0f;
    float release_ = 0.001f;
    float lastMinGain_ = 1.0f;
};

} // namespace dragoman
