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
    // `meeting`: the service that brings the floor over the network, if one does (its path's
    // losses are the floor's).
    FloorQualityService(const Session& session, const EngineLayout& layout, double sampleRate,
                        const LiveService* meeting);

    RenderedBlockSink* blockSink() override { return &tap_; }
    void poll(RunLog& log, const SessionStatus& status, Clock::time_point now) override;
    std::optional<FloorQualityReading> floorQuality() const override { return tap_.reading(); }

private:
    FloorQualityTap tap_;
    const LiveService* meeting_;
    std::set<FloorProblem::Kind> logged_; // what the log last said is wrong
};

} // namespace dragoman
