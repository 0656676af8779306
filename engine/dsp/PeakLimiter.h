// Hearing protection on every headphone feed: an instant-attack peak limiter. No output sample
// ever exceeds the ceiling, whatever the input (full-scale squares, feedback howl, NaN); the
// gain drops within the sample that would exceed it (no look-ahead, so zero added latency) and
// recovers smoothly. Audio thread; no allocation.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>

namespace dragoman {

class PeakLimiter {
public:
    void prepare(double sampleRate, float ceilingGain, double releaseMs = 80.0) {
        ceiling_ = ceilingGain;
        releaseCoefficient_ =
            static_cast<float>(1.0 - std::exp(-1.0 / (releaseMs * 0.001 * sampleRate)));
    }

    void process(float* buf, std::uint32_t frames) {
        float gain = gain_;
        float minGain = 1.0f;
        for (std::uint32_t i = 0; i < frames; ++i) {
            float x = buf[i];
            if (!std::isfinite(x))
                x = 0.0f; // a broken input must not reach an ear
            const float magnitude = std::fabs(x);
            gain += (1.0f - gain) * releaseCoefficient_;
            if (magnitude * gain > ceiling_)
                gain = ceiling_ / magnitude;
            // The clamp catches the last rounding ulp of ceiling_ / magnitude * x.
            buf[i] = std::clamp(x * gain, -ceiling_, ceiling_);
            minGain = std::min(minGain, gain);
        }
        gain_ = gain;
        lastMinGain_ = minGain;
    }

    float ceiling() const { return ceiling_; }
    // The deepest gain reduction of the last block, as a gain (1 = none).
    float lastMinGain() const { return lastMinGain_; }

private:
    float ceiling_ = 0.5f;
    float releaseCoefficient_ = 0.0003f;
    float gain_ = 1.0f;
    float lastMinGain_ = 1.0f;
};

} // namespace dragoman
