// See EngineBlockRig.h.
#include "EngineBlockRig.h"

#include "BenchSignals.h"

namespace dragoman::bench {

EngineBlockRig::EngineBlockRig(const Session& session, std::uint32_t frames)
    : session_(session), frames_(frames), engine_(session, kBenchRate) {
    const EngineLayout layout = engine_.layout();
    // Inputs numbered as the baselines number them: the floor channels, then the mics.
    for (std::size_t f = 0; f < layout.floor.size(); ++f)
        floor_.push_back(inputSignal(f, frames));
    for (std::size_t m = 0; m < layout.consolePorts; ++m)
        mics_.push_back(inputSignal(floor_.size() + m, frames));
    channels_.assign(layout.channelPorts, std::vector<float>(frames));
    phones_.assign(layout.consolePorts, std::vector<float>(frames));
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
        engine_.press(session_.booths[static_cast<std::size_t>(b)].consoles[0].id,
                      {ConsoleKey::Mic, Switch::On});
    // Half a second: mic ramps (10 ms) and auto-floor fades (300 ms) settle.
    const auto blocks = static_cast<int>(0.5 * kBenchRate / frames_) + 1;
    for (int i = 0; i < blocks; ++i)
        engine_.process(io_);
}

} // namespace dragoman::bench
