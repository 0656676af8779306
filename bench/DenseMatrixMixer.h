// The second baseline: the straightforward mixer, a dense gain matrix from every input (floor
// channels, mics) to every output (language channels, headphone feeds), every cell multiplied
// in every block whether it routes anything or not. It does only the mixing: no ramps, tone,
// limiter or meters, all of which the engine does on top.
#pragma once

#include "session/Session.h"

#include <cstdint>
#include <vector>

namespace dragoman::bench {

class DenseMatrixMixer {
public:
    // The routing of `session` with the first console of every booth on air: each channel its
    // booth's live mic, each headphone feed the floor or (relaying booths) the relay channel's
    // live mic.
    DenseMatrixMixer(const Session& session, std::uint32_t frames);

    void process();
    std::size_t inputs() const { return inputs_.size(); }
    std::size_t outputs() const { return outputs_.size(); }
    // After process(): whether every channel and headphone output holds a signal.
    bool everyOutputCarriesSignal() const;

private:
    std::uint32_t frames_;
    std::vector<std::vector<float>> inputs_, outputs_;
    std::vector<float> gains_; // outputs x inputs, row-major
};

} // namespace dragoman::bench
