// See EngineBlockRig.h.
#include "EngineBlockRig.h"

#include <algorithm>
#include <cmath>

namespace dragoman::bench {

void fillWithSignal(std::vector<float>& buffer, float phase) {
    for (std::size_t i = 0; i < buffer.size(); ++i)
        buffer[i] = 0.1f * std::sin(phase + 0.05f * static_cast<float>(i));
}

bool allCarrySignal(const std::vector<std::vector<float>>& buffers) {
    return std::all_of(buffers.begin(), buffers.end(), [](const std::vector<float>& buffer) {
        return std::any_of(buffer.begin(), buffer.end(),
                           [](float sample) { return std::fabs(sample) > 1e-3f; });
    });
}

EngineBlockRig::EngineBlockRig(const Session& session, std::uint32_t frames)
    : session_(session), frames_(frames), engine_(session, kBenchRate) {
    const EngineLayout layout = engine_.layout();
    floor_.assign(layout.floor.size(), std::vector<float>(frames));
    mics_.assign(layout.consolePorts, std::vector<float>(frames));
    channels_.assign(layout.channelPorts, std::vector<float>(frames));
    phones_.assign(layout.consolePorts, std::vector<float>(frames));
    float phase = 0.0f;
    for (auto* group : {&floor_, &mics_})
        for (auto& buffer : *group)
            fillWithSignal(buffer, phase += 0.7f);
    for (const auto& b : floor_)
        floorPointers_.push_back(b.data());
    for (const auto& b : mics_)
        micPointers_.push_back(b.data());
    for (auto& b : channels_)
        channelPointers_.push_back(b.data());
    for (auto& b : phones_)
        phonesPointers_.push_back(b.data());
    io_ =
        AudioBuffers::from(floorPointers_, micPointers_, channelPointers_, phonesPointers_, frames);
}

bool EngineBlockRig::everyOutputCarriesSignal() const {
    return allCarrySignal(channels_) && allCarrySignal(phones_);
}

void EngineBlockRig::putOnAir(int booths) {
    for (int b = 0; b < booths && b < static_cast<int>(session_.booths.size()); ++b)
        engine_.press(session_.booths[static_cast<std::size_t>(b)].consoles[0].id, ConsoleKey::Mic,
                      1.0f);
    // Half a second: mic ramps (10 ms) and auto-floor fades (300 ms) settle.
    const auto blocks = static_cast<int>(0.5 * kBenchRate / frames_) + 1;
    for (int i = 0; i < blocks; ++i)
        engine_.process(io_);
}

} // namespace dragoman::bench
