// See FloorQualityService.h.
#include "FloorQualityService.h"

namespace dragoman {

FloorQualityService::FloorQualityService(const Session& session, const EngineLayout& layout,
                                         double sampleRate, const LiveService* meeting)
    : tap_(session, layout, sampleRate), meeting_(meeting) {}

void FloorQualityService::poll(RunLog& log, const SessionStatus&, Clock::time_point) {
    std::optional<FloorPathCount> path;
    if (meeting_ != nullptr)
        if (const auto stats = meeting_->meetingFloor())
            path = FloorPathCount{stats->received, stats->lost};
    const FloorQualityReading& reading = tap_.update(path);
    std::set<FloorProblem::Kind> now;
    for (const FloorProblem& p : reading.problems)
        now.insert(p.kind);
    if (now == logged_)
        return;
    if (now.empty())
        log.info("floor.quality_ok", "the floor is good enough to interpret again");
    else
        log.warn("floor.quality", "the floor is not good enough to interpret",
                 {{"problems", describeProblems(reading)}});
    logged_ = now;
}

} // namespace dragoman
