// See BareFloorConference.h.
#include "BareFloorConference.h"

#include "BenchSignals.h"
#include "EngineBlockRig.h" // kBenchRate

#include <algorithm>

namespace dragoman::bench {

BareFloorConference::BareFloorConference(int languages, std::uint32_t frames)
    : languages_(static_cast<std::size_t>(languages)), frames_(frames) {
    const std::size_t consoles = 2 * languages_;
    for (std::size_t i = 0; i < kFloorChannels + consoles; ++i)
        inputs_.push_back(inputSignal(i, frames));
    channels_.assign(languages_, std::vector<float>(frames));
    phones_.assign(consoles, std::vector<float>(frames));
    floor_.assign(frames, 0.0f);
    channelGains_.assign(languages_, 1.0f);
    phonesGains_.assign(consoles, 1.0f);
    inputMeters_ = std::make_unique<LevelMeter[]>(inputs_.size());
    outputMeters_ = std::make_unique<LevelMeter[]>(languages_ + consoles);
    hearing_.resize(consoles);
    for (HearingGuard& guard : hearing_) // the session's defaults: -12 dBFS, -6 dBFS ceiling
        guard.prepare(kBenchRate, -12.0, 0.5f);
}

void BareFloorConference::process() {
    const std::uint32_t n = frames_;
    for (std::size_t i = 0; i < inputs_.size(); ++i)
        inputMeters_[i].accumulate(inputs_[i].data(), n);
    const float* left = inputs_[0].data();
    const float* right = inputs_[1].data();
    for (std::uint32_t k = 0; k < n; ++k)
        floor_[k] = 0.5f * left[k] + 0.5f * right[k];
    // Channel c: the mic of its booth's first console, input 2 + 2c.
    for (std::size_t c = 0; c < languages_; ++c) {
        const float* mic = inputs_[kFloorChannels + 2 * c].data();
        float* out = channels_[c].data();
        const float gain = channelGains_[c];
        for (std::uint32_t k = 0; k < n; ++k)
            out[k] = mic[k] * gain;
        outputMeters_[c].accumulate(out, n);
    }
    // Every console hears the floor (its booth works from it, or relays a channel that carries
    // the floor's own language).
    for (std::size_t h = 0; h < phones_.size(); ++h) {
        float* out = phones_[h].data();
        const float gain = phonesGains_[h];
        for (std::uint32_t k = 0; k < n; ++k)
            out[k] = floor_[k] * gain;
        const HearingGuard::Result heard = hearing_[h].process(out, n);
        outputMeters_[languages_ + h].accumulate(heard.levels, n);
    }
}

bool BareFloorConference::everyOutputCarriesSignal() const {
    return allCarrySignal(channels_) && allCarrySignal(phones_);
}

} // namespace dragoman::bench
