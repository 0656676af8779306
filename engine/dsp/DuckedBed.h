// A program feed's floor bed, ducked by the interpreter's voice: down (by duckDb, over attackMs)
// as soon as their chunk level passes the threshold, and up again (over releaseMs) only after a
// pause longer than holdMs, so the bed stays down between words and rises in real pauses. The
// level moves in dB, a straight line per chunk that mixInto() follows sample by sample: no
// click. Speech keeps the bed down while it stays within 6 dB under the threshold (hysteresis),
// so a voice hovering at the threshold does not flap. Audio thread; no allocation.
#pragma once

#include "Decibels.h"

#include <algorithm>
#include <cmath>
#include <cstdint>

namespace dragoman {

struct DuckedBedSettings {
    float levelDb = -20.0f;
    float duckDb = 12.0f;
    float thresholdDbfs = -45.0f;
    float attackMs = 60.0f;
    float holdMs = 600.0f;
    float releaseMs = 800.0f;
};

class DuckedBed {
public:
    static constexpr float kHysteresisDb = 6.0f;

    void prepare(double sampleRate, const DuckedBedSettings& settings) {
        settings_ = settings;
        const auto frames = [sampleRate](float ms) {
            return std::max(1.0, static_cast<double>(ms) * 0.001 * sampleRate);
        };
        attackDbPerFrame_ =
            static_cast<float>(static_cast<double>(settings.duckDb) / frames(settings.attackMs));
        releaseDbPerFrame_ =
            static_cast<float>(static_cast<double>(settings.duckDb) / frames(settings.releaseMs));
        holdFrames_ =
            static_cast<std::uint64_t>(static_cast<double>(settings.holdMs) * 0.001 * sampleRate);
        // A new level (a session edit) is reached by the same moves, never by a jump.
        if (!started_) {
            bedDb_ = settings.levelDb;
            started_ = true;
        }
    }

    // Moves the bed for one chunk whose interpreter's voice has `voiceMeanSquare`; then
    // mixInto() adds that chunk's floor.
    void follow(float voiceMeanSquare, std::uint32_t frames) {
        const float voiceDb = 10.0f * std::log10(std::max(voiceMeanSquare, 1.0e-12f));
        const float threshold = settings_.thresholdDbfs - (speaking_ ? kHysteresisDb : 0.0f);
        speaking_ = voiceDb > threshold;
        pauseFrames_ = speaking_ ? 0 : pauseFrames_ + frames;
        const bool ducked = speaking_ || pauseFrames_ < holdFrames_;
        const float target = settings_.levelDb - (ducked ? settings_.duckDb : 0.0f);
        startDb_ = bedDb_;
        if (bedDb_ > target)
            bedDb_ = std::max(target, bedDb_ - attackDbPerFrame_ * static_cast<float>(frames));
        else
            bedDb_ = std::min(target, bedDb_ + releaseDbPerFrame_ * static_cast<float>(frames));
    }

    // dst[i] += floor[i] x the bed's gain (moving from the chunk's start to its end) x `scale`
    // (moving from scaleStart to scaleEnd: what of the bed the channel wants now).
    void mixInto(float* dst, const float* floor, std::uint32_t frames, float scaleStart,
                 float scaleEnd) const {
        const float from = dbToGain(startDb_) * scaleStart;
        const float to = dbToGain(bedDb_) * scaleEnd;
        if (from == 0.0f && to == 0.0f)
            return;
        const float step = (to - from) / static_cast<float>(frames);
        for (std::uint32_t i = 0; i < frames; ++i)
            dst[i] += floor[i] * (from + step * static_cast<float>(i + 1));
    }

    float levelDb() const { return bedDb_; }
    bool speaking() const { return speaking_; }

private:
    DuckedBedSettings settings_;
    float attackDbPerFrame_ = 0.0f;
    float releaseDbPerFrame_ = 0.0f;
    std::uint64_t holdFrames_ = 0;
    std::uint64_t pauseFrames_ = UINT64_MAX / 2; // before the first word: a long pause
    float bedDb_ = -20.0f;
    float startDb_ = -20.0f;
    bool speaking_ = false;
    bool started_ = false;
};

} // namespace dragoman
