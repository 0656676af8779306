// Hearing protection on every headphone feed: an instant-attack peak limiter. No output sample
// ever exceeds the ceiling, whatever the input (full-scale squares, feedback howl, NaN); the
// gain drops within the sample that would exceed it (no look-ahead, so zero added latency) and
// recovers smoothly. Audio thread; no allocation.
#pragma once

#include "BlockLevels.h"

#include <algorithm>
#include <cmath>
#include <cstdint>

namespace dragoman {

class PeakLimiter {
public:
    void prepare(double sampleRate, float ceilingGain, double releaseMs = 80.0) {
        ceiling_ = ceilingGain;
        target_ = ceilingGain;
        rampFrames_ = std::max(1.0, 0.01 * sampleRate);
        releaseCoefficient_ =
            static_cast<float>(1.0 - std::exp(-1.0 / (releaseMs * 0.001 * sampleRate)));
    }

    // Limits the block in place and returns its levels as it leaves (for the meter after it).
    BlockLevels process(float* buf, std::uint32_t frames) {
        return process(buf, frames, measureBlock(buf, frames));
    }
    // The same, with the block's levels as it comes (measureBlock), already measured.
    BlockLevels process(float* buf, std::uint32_t frames, const BlockLevels& in) {
        // Fast path: at rest (gain 1) and nothing in the block reaches the ceiling or is
        // broken (a NaN or infinity makes the sum of squares non-finite), the block passes
        // untouched, and its levels are those measured.
        if (gain_ == 1.0f && ceiling_ == target_ && in.peak <= ceiling_ && in.finite()) {
            lastMinGain_ = 1.0f;
            return in;
        }
        limit(buf, frames);
        return measureBlock(buf, frames);
    }

    // prepare(), for a limiter already at work: its gain reduction goes on.
    void prepareKeepingGain(double sampleRate, float ceilingGain) {
        const float gain = gain_;
        prepare(sampleRate, ceilingGain);
        gain_ = gain;
    }

    float ceiling() const { return ceiling_; }
    // Moves the ceiling to `ceilingGain` over 10 ms (hearing protection's tiers): down, the
    // gain follows it at once; up, the gain recovers at the release rate.
    void setCeiling(float ceilingGain) {
        target_ = ceilingGain;
        step_ = (target_ - ceiling_) / static_cast<float>(rampFrames_);
    }
    // The deepest gain reduction of the last block, as a gain (1 = none).
    float lastMinGain() const { return lastMinGain_; }

private:
    void limit(float* buf, std::uint32_t frames) {
        float gain = gain_;
        float minGain = 1.0f;
        for (std::uint32_t i = 0; i < frames; ++i) {
            if (ceiling_ != target_) {
                ceiling_ += step_;
                if ((step_ < 0.0f && ceiling_ <= target_) || (step_ >= 0.0f && ceiling_ >= target_))
                    ceiling_ = target_;
            }
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
        // Release ends exactly at rest, so the fast path takes over again.
        gain_ = gain > 0.99999f ? 1.0f : gain;
        lastMinGain_ = minGain;
    }

    float ceiling_ = 0.5f;
    float target_ = 0.5f;
    float step_ = 0.0f;
    double rampFrames_ = 480.0;
    float releaseCoefficient_ = 0.0003f;
    float gain_ = 1.0f;
    float lastMinGain_ = 1.0f;
};

} // namespace dragoman
