// Whether the floor is good enough to interpret, a live service of every `dragoman run`
// (dsp/FloorQuality): the floor copied out of each block, judged on the main loop, and a log
// line when what is wrong with it changes (floor.quality, with the reasons) and when it is
// fine again (floor.quality_ok). Without speech to judge (a pause, silence), the last verdict
// stands. The remote control shows it.
#pragma once

#include "Engine.h"
#include "dsp/FloorQuality.h"
#include "headless/LiveService.h"
#include "record/SignalTap.h"

#include <set>
#include <vector>

namespace dragoman {

class FloorQualityService final : public LiveService, private RenderedBlockSink {
public:
    FloorQualityService(const Session& session, const EngineLayout& layout, double sampleRate);

    RenderedBlockSink* blockSink() override { return this; }
    void poll(RunLog& log, const SessionStatus& status, Clock::time_point now) override;
    std::optional<FloorQualityReading> floorQuality() const override { return reading_; }

private:
    void capture(const AudioBuffers& io) noexcept override { tap_.capture(io); }

    SignalTap tap_;
    FloorQualityMeter meter_;
    std::vector<float> interleaved_, mono_;
    FloorQualityReading reading_;
    std::set<FloorProblem::Kind> logged_; // what the log last said is wrong
};

} // namespace dragoman
