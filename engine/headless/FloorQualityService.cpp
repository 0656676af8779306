// See FloorQualityService.h.
#include "FloorQualityService.h"

namespace dragoman {

FloorQualityService::FloorQualityService(const Session& session, const EngineLayout& layout,
                                         double sampleRate, const LiveService* meeting)
    : tap_(session, layout, sampleRate), meeting_(meeting) {}

void FloorQualityService::poll(RunLog& log, const SessionStatus&, Clock::time_point) {
    std::set<FloorProblem::Kind> now;
    std::string reasons;
    std::optional<FloorPathCount> path;
    if (meeting_ != nullptr)
        if (const auto stats = meeting_->meetingFloor())
            path = FloorPathCount{stats->received, stats->lost};
    for (const FloorProblem& p : tap_.update(path).problems) {
        now.insert(p.kind);
        reasons += (reasons.empty() ? "" : "; ") + p.reason;
    }
    if (now == logged_)
        return;
    if (now.empty())
        log.info("floor.quality_ok", "the floor is good enough to interpret again");
    else
        log.warn("floor.quality", "the floor is not good enough to interpret",
                 {{"problems", reasons}});
    logged_ = now;
}

} // namespace dragoman
