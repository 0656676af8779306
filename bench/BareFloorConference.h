// The floor the engine cannot beat: a conference's signal work with no routing at all. Each
// output is its one source times its gain (a channel its on-air console's mic, a headphone feed
// the floor), every input and output metered with the engine's LevelMeter, every headphone feed
// through the engine's HearingGuard (the peak limiter and the ear's measures); written as
// straight loops over preallocated buffers, the routing fixed at compile time (arithmetic on
// indices, no plan, no ramps, no chunks). Tone filters are flat in these conferences, as in the
// engine's benchmark, so none run here either. Engine / floor is what routing costs.
#pragma once

#include "dsp/HearingGuard.h"
#include "dsp/LevelMeter.h"

#include <cstdint>
#include <memory>
#include <vector>

namespace dragoman::bench {

class BareFloorConference {
public:
    // `languages` channels, each with a booth of two consoles (the first on air), a stereo
    // floor: the conference of ConferenceSessions.h, inputs numbered as the engine's rig does.
    BareFloorConference(int languages, std::uint32_t frames);

    void process();
    // After process(): whether every channel and headphone output holds a signal.
    bool everyOutputCarriesSignal() const;

private:
    static constexpr std::size_t kFloorChannels = 2;
    std::size_t languages_;
    std::uint32_t frames_;
    std::vector<std::vector<float>> inputs_;        // floor channels, then two mics per booth
    std::vector<std::vector<float>> channels_;      // one per language
    std::vector<std::vector<float>> phones_;        // two per booth
    std::vector<float> floor_;                      // the floor channels' average
    std::vector<float> channelGains_, phonesGains_; // 1: the ramps have settled
    std::unique_ptr<LevelMeter[]> inputMeters_, outputMeters_;
    std::vector<HearingGuard> hearing_;
};

} // namespace dragoman::bench
