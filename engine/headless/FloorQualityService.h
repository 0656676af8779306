// Whether the floor is good enough to interpret, a live service of every `dragoman run`
// (record/FloorQualityTap): a log line when what is wrong with the floor changes
// (floor.quality, with the reasons) and when it is fine again (floor.quality_ok). The remote
// control shows the verdict.
#pragma once

#include "Engine.h"
#include "headless/LiveService.h"
#include "record/FloorQualityTap.h"

#include <set>

namespace dragoman {

class FloorQualityService final : public LiveService {
public:
    FloorQualityService(const Session& session, const EngineLayout& layout, double sampleRate);

    RenderedBlockSink* blockSink() override { return &tap_; }
    void poll(RunLog& log, const SessionStatus& status, Clock::time_point now) override;
    std::optional<FloorQualityReading> floorQuality() const override { return tap_.reading(); }

private:
    FloorQualityTap tap_;
    std::set<FloorProblem::Kind> logged_; // what the log last said is wrong
};

} // namespace dragoman
