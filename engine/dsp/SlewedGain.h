// A gain that follows a target in dB no faster than set rates: slowly up, faster down (a
// program feed's loudness gain: a voice that suddenly gets louder is caught sooner than a
// quiet one is lifted, and neither moves within a word). A straight line in dB per chunk,
// followed sample by sample in gain: no click. Audio thread; no allocation.
#pragma once

#include "Decibels.h"

#include <algorithm>
#include <cstdint>

namespace dragoman {

class SlewedGain {
public:
    void prepare(double sampleRate, float upDbPerSecond, float downDbPerSecond) {
        upPerFrame_ = static_cast<float>(static_cast<double>(upDbPerSecond) / sampleRate);
        downPerFrame_ = static_cast<float>(static_cast<double>(downDbPerSecond) / sampleRate);
    }
    void setTargetDb(float db) { targetDb_ = db; }
    float gainDb() const { return gainDb_; }

    void applyInPlace(float* buf, std::uint32_t frames) {
        const float startDb = gainDb_;
        const auto n = static_cast<float>(frames);
        if (gainDb_ < targetDb_)
            gainDb_ = std::min(targetDb_, gainDb_ + upPerFrame_ * n);
        else
            gainDb_ = std::max(targetDb_, gainDb_ - downPerFrame_ * n);
        const float from = dbToGain(startDb);
        const float step = (dbToGain(gainDb_) - from) / n;
        for (std::uint32_t i = 0; i < frames; ++i)
            buf[i] *= from + step * static_cast<float>(i + 1);
    }

private:
    float upPerFrame_ = 0.0f;
    float downPerFrame_ = 0.0f;
    float targetDb_ = 0.0f;
    float gainDb_ = 0.0f;
};

} // namespace dragoman
