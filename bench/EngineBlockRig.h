// An engine with a host's buffers for every port, as a device callback would hand them over:
// floor and mic inputs filled with a signal, channel and headphone outputs. Benchmarks time
// process() on it.
#pragma once

#include "Engine.h"

#include <cstdint>
#include <vector>

namespace dragoman::bench {

inline constexpr double kBenchRate = 48000.0;

class EngineBlockRig {
public:
    EngineBlockRig(const Session& session, std::uint32_t frames);

    // Puts the first console of the first `booths` booths on air, then renders until every
    // ramp and fade has settled.
    void putOnAir(int booths);
    void process() { engine_.process(io_); }
    // After process(): whether every channel and headphone output holds a signal.
    bool everyOutputCarriesSignal() const;
    Engine& engine() { return engine_; }
    std::uint32_t frames() const { return frames_; }
    // The real-time budget of one block.
    double blockSeconds() const { return frames_ / kBenchRate; }

private:
    Session session_;
    std::uint32_t frames_;
    Engine engine_;
    std::vector<std::vector<float>> floor_, mics_, channels_, phones_;
    std::vector<const float*> floorPointers_, micPointers_;
    std::vector<float*> channelPointers_, phonesPointers_;
    AudioBuffers io_;
};

} // namespace dragoman::bench
