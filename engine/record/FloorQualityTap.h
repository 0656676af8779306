// The floor's quality as every face judges it (dsp/FloorQuality): the audio thread copies the
// floor out of each block (capture: no allocation, lock or system call), and a control thread
// (update) reads it, averages its channels and judges it. Through a pause or silence, with no
// speech to judge, the last verdict stands.
#pragma once

#include "base/BlockHooks.h"
#include "dsp/FloorQuality.h"
#include "record/SignalTap.h"

#include <optional>
#include <vector>

namespace dragoman {

class FloorQualityTap final : public RenderedBlockSink {
public:
    FloorQualityTap(const Session& session, const EngineLayout& layout, double sampleRate);

    void capture(const AudioBuffers& io) noexcept override { tap_.capture(io); }
    // Control thread: judges what came since the last call, and the network path the floor
    // comes over, if it does (the meeting's); the verdict.
    const FloorQualityReading& update(std::optional<FloorPathCount> path = std::nullopt);
    const FloorQualityReading& reading() const { return reading_; }

private:
    SignalTap tap_;
    FloorQualityMeter meter_;
    std::vector<float> interleaved_, mono_;
    FloorQualityReading reading_;
};

} // namespace dragoman
