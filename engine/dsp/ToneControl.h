// The console's bass and treble: a low shelf and a high shelf whose gains glide to the knob's
// setting, so turning a knob never clicks. Flat settings bypass the filters exactly (zero
// latency, bit-exact). Audio thread; no allocation.
#pragma once

#include "Biquad.h"

#include <algorithm>
#include <cstdint>

namespace dragoman {

class ToneControl {
public:
    // Corners chosen so the full range gives more than the 12 dB bass cut at 125 Hz and the
    // 12 dB treble boost at 8 kHz (relative to 1 kHz) that desk standards ask for.
    static constexpr double kBassCornerHz = 250.0;
    static constexpr double kTrebleCornerHz = 4000.0;
    static constexpr float kMinDb = -18.0f;
    static constexpr float kMaxDb = 18.0f;

    void prepare(double sampleRate) {
        sampleRate_ = sampleRate;
        // Glide at 60 dB per second: a full-range turn of the knob takes half a second.
        maxDbPerFrame_ = static_cast<float>(60.0 / sampleRate);
        refresh();
    }

    void setBassDb(float db) {
        bassTargetDb_ = std::clamp(db, kMinDb, kMaxDb);
        bypassed_ = false;
    }
    void setTrebleDb(float db) {
        trebleTargetDb_ = std::clamp(db, kMinDb, kMaxDb);
        bypassed_ = false;
    }
    float bassDb() const { return bassTargetDb_; }
    float trebleDb() const { return trebleTargetDb_; }

    void process(float* buf, std::uint32_t frames) {
        if (bypassed_) // the rule: one test a block, in every console
            return;
        if (bassDb_ == 0.0f && trebleDb_ == 0.0f && bassTargetDb_ == 0.0f &&
            trebleTargetDb_ == 0.0f) { // flat, and staying flat: bypassed until a knob turns
            bass_.clear();
            treble_.clear();
            bypassed_ = true;
            return;
        }
        constexpr std::uint32_t kSegment = 32; // coefficient updates at most every 32 frames
        for (std::uint32_t done = 0; done < frames;) {
            const std::uint32_t n = std::min(kSegment, frames - done);
            if (glide(n))
                refresh();
            if (bassDb_ != 0.0f)
                bass_.process(buf + done, n);
            else
                bass_.clear();
            if (trebleDb_ != 0.0f)
                treble_.process(buf + done, n);
            else
                treble_.clear();
            done += n;
        }
    }

private:
    static bool glideOne(float& current, float target, float maxStep) {
        if (current == target)
            return false;
        current = target > current ? std::min(target, current + maxStep)
                                   : std::max(target, current - maxStep);
        return true;
    }

    bool glide(std::uint32_t frames) {
        const float maxStep = maxDbPerFrame_ * static_cast<float>(frames);
        const bool bassMoved = glideOne(bassDb_, bassTargetDb_, maxStep);
        const bool trebleMoved = glideOne(trebleDb_, trebleTargetDb_, maxStep);
        return bassMoved || trebleMoved;
    }

    void refresh() {
        bass_.setCoefficients(
            BiquadCoefficients::shelf(false, sampleRate_, kBassCornerHz, bassDb_));
        treble_.setCoefficients(
            BiquadCoefficients::shelf(true, sampleRate_, kTrebleCornerHz, trebleDb_));
    }

    double sampleRate_ = 48000.0;
    float maxDbPerFrame_ = 0.00125f;
    float bassDb_ = 0.0f, trebleDb_ = 0.0f;
    float bassTargetDb_ = 0.0f, trebleTargetDb_ = 0.0f;
    Biquad bass_, treble_;
    bool bypassed_ = false; // flat with cleared filters; a knob's turn ends it
};

} // namespace dragoman
