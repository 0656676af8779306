// A gain that moves linearly to its target over a set number of frames, so that no key press
// clicks. Owned and used by the audio thread only; no allocation.
#pragma once

#include <algorithm>
#include <cstdint>

namespace dragoman {

class GainRamp {
public:
    explicit GainRamp(float gain = 0.0f) : current_(gain), target_(gain) {}

    // Jumps to `gain` at once (for initial state only: a jump in a running signal clicks).
    void reset(float gain) {
        current_ = target_ = gain;
        step_ = 0.0f;
        remaining_ = 0;
    }

    void setTarget(float target, std::uint32_t rampFrames) {
        if (target == target_)
            return;
        target_ = target;
        if (rampFrames == 0) {
            reset(target);
            return;
        }
        remaining_ = rampFrames;
        step_ = (target_ - current_) / static_cast<float>(rampFrames);
    }

    float current() const { return current_; }
    float target() const { return target_; }
    bool steady() const { return remaining_ == 0; }
    bool silent() const { return remaining_ == 0 && current_ == 0.0f; }

    // dst[i] += src[i] * gain, advancing the ramp by `frames`.
    void mixInto(float* dst, const float* src, std::uint32_t frames) {
        if (remaining_ == 0) { // settled, the rule: a loop from the start, which vectorizes
            if (current_ != 0.0f)
                addScaled(dst, src, current_, frames);
            return;
        }
        std::uint32_t i = 0;
        for (; i < frames && remaining_ > 0; ++i) {
            advanceOne();
            dst[i] += src[i] * current_;
        }
        const float gain = current_;
        if (gain == 0.0f)
            return;
        for (; i < frames; ++i)
            dst[i] += src[i] * gain;
    }

    // dst[i] = src[i] * gain, advancing the ramp by `frames`: the first source into a bus,
    // which spares clearing it first.
    void writeInto(float* dst, const float* src, std::uint32_t frames) {
        if (remaining_ == 0) {
            if (current_ == 0.0f) // silence, even from a source that holds NaN
                std::fill_n(dst, frames, 0.0f);
            else
                writeScaled(dst, src, current_, frames);
            return;
        }
        std::uint32_t i = 0;
        for (; i < frames && remaining_ > 0; ++i) {
            advanceOne();
            dst[i] = src[i] * current_;
        }
        const float gain = current_;
        if (gain == 0.0f) { // silence, even from a source that holds NaN
            for (; i < frames; ++i)
                dst[i] = 0.0f;
            return;
        }
        for (; i < frames; ++i)
            dst[i] = src[i] * gain;
    }

    // buf[i] *= gain, advancing the ramp by `frames`.
    void applyInPlace(float* buf, std::uint32_t frames) {
        if (remaining_ == 0) {
            if (current_ != 1.0f)
                scaleInPlace(buf, current_, frames);
            return;
        }
        std::uint32_t i = 0;
        for (; i < frames && remaining_ > 0; ++i) {
            advanceOne();
            buf[i] *= current_;
        }
        const float gain = current_;
        if (gain == 1.0f)
            return;
        for (; i < frames; ++i)
            buf[i] *= gain;
    }

    // Moves the ramp on without producing audio (a route whose output nobody reads).
    void advance(std::uint32_t frames) {
        if (frames >= remaining_) {
            reset(target_);
            return;
        }
        remaining_ -= frames;
        current_ += step_ * static_cast<float>(frames);
    }

private:
    // The settled loops, from the block's start: GCC vectorizes them; from where a ramp left
    // off they ran scalar, about 2.2 instructions a sample (callgrind, docs/benchmarks.md).
    // Source and destination never overlap (AudioBuffers' contract: outputs share memory with
    // no input or other output; buses are the plan's own), and saying so spares the loops
    // their run-time overlap test, some 8 instructions a call, 96 calls a block at 32 languages.
    static void addScaled(float* __restrict dst, const float* __restrict src, float gain,
                          std::uint32_t frames) {
        for (std::uint32_t i = 0; i < frames; ++i)
            dst[i] += src[i] * gain;
    }
    static void writeScaled(float* __restrict dst, const float* __restrict src, float gain,
                            std::uint32_t frames) {
        for (std::uint32_t i = 0; i < frames; ++i)
            dst[i] = src[i] * gain;
    }
    static void scaleInPlace(float* buf, float gain, std::uint32_t frames) {
        for (std::uint32_t i = 0; i < frames; ++i)
            buf[i] *= gain;
    }
    void advanceOne() {
        if (--remaining_ == 0)
            current_ = target_; // land exactly: no drift from summed steps
        else
            current_ += step_;
    }

    float current_;
    float target_;
    float step_ = 0.0f;
    std::uint32_t remaining_ = 0;
};

} // namespace dragoman
