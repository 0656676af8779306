// The meeting as the floor, a live service of `dragoman run` (meeting/): brings the meeting
// room's mix in as the floor, and logs the link (made, lost, Janus gone) and, every 10 s while
// it carries the floor, its path (packets, loss, jitter, the delay its buffer adds). With
// `floorLanguageFollowsSpeaker`, a participant who takes the floor sets the floor language to
// the one they declared, through the engine's command as the engineer's would.
#pragma once

#include "headless/LiveService.h"
#include "meeting/MeetingFloor.h"

namespace dragoman {

class MeetingService final : public LiveService {
public:
    // Throws when the floor port cannot be bound (Janus itself is reached in the background).
    MeetingService(const Session& session, Engine& engine);

    BlockSource* blockSource() override { return &floor_; }
    void poll(RunLog& log, const SessionStatus& status, Clock::time_point now) override;
    std::optional<MeetingFloorStats> meetingFloor() const override { return floor_.stats(); }

    static constexpr std::chrono::seconds kPathEvery{10};

private:
    void followSpeaker(RunLog& log, const SessionStatus& status, const MeetingReport& turn);

    Engine& engine_;
    const MeetingFallback fallback_;
    MeetingFloor floor_;
    Clock::time_point nextPath_{};
};

} // namespace dragoman
