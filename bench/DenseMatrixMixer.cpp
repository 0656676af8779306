// See DenseMatrixMixer.h.
#include "DenseMatrixMixer.h"

#include "BenchSignals.h"

#include <algorithm>
#include <map>
#include <string>

namespace dragoman::bench {

DenseMatrixMixer::DenseMatrixMixer(const Session& session, std::uint32_t frames) : frames_(frames) {
    const auto floorChannels = static_cast<std::size_t>(session.floor.channels);
    std::map<std::string, std::size_t> liveMicOfChannel; // channel id -> input index
    std::vector<const Booth*> boothOfConsole;
    for (const Booth& booth : session.booths) {
        liveMicOfChannel[booth.outputs.front()] = floorChannels + boothOfConsole.size();
        for (std::size_t k = 0; k < booth.consoles.size(); ++k)
            boothOfConsole.push_back(&booth);
    }
    for (std::size_t i = 0; i < floorChannels + boothOfConsole.size(); ++i)
        inputs_.push_back(inputSignal(i, frames));
    outputs_.assign(session.channels.size() + boothOfConsole.size(), std::vector<float>(frames));

    gains_.assign(outputs_.size() * inputs_.size(), 0.0f);
    const auto gain = [&](std::size_t output, std::size_t input) -> float& {
        return gains_[output * inputs_.size() + input];
    };
    for (std::size_t c = 0; c < session.channels.size(); ++c) {
        const auto live = liveMicOfChannel.find(session.channels[c].id);
        if (live != liveMicOfChannel.end())
            gain(c, live->second) = 1.0f;
    }
    for (std::size_t k = 0; k < boothOfConsole.size(); ++k) {
        const std::size_t phones = session.channels.size() + k;
        if (const auto& relay = boothOfConsole[k]->relay)
            gain(phones, liveMicOfChannel.at(*relay)) = 1.0f;
        else
            for (std::size_t f = 0; f < floorChannels; ++f)
                gain(phones, f) = 1.0f / static_cast<float>(floorChannels);
    }
}

bool DenseMatrixMixer::everyOutputCarriesSignal() const {
    return allCarrySignal(outputs_);
}

void DenseMatrixMixer::process() {
    const std::size_t inputCount = inputs_.size();
    for (std::size_t o = 0; o < outputs_.size(); ++o) {
        float* out = outputs_[o].data();
        std::fill_n(out, frames_, 0.0f);
        const float* row = gains_.data() + o * inputCount;
        for (std::size_t i = 0; i < inputCount; ++i) {
            const float g = row[i];
            const float* in = inputs_[i].data();
            for (std::uint32_t n = 0; n < frames_; ++n)
                out[n] += g * in[n];
        }
    }
}

} // namespace dragoman::bench
