// See MeetingService.h.
#include "MeetingService.h"

#include <cmath>

namespace dragoman {

MeetingService::MeetingService(const Session& session)
    : fallback_(session.meeting->fallback), floor_(*session.meeting, session.name) {}

void MeetingService::poll(RunLog& log, const SessionStatus&, Clock::time_point now) {
    const char* fallback = fallback_ == MeetingFallback::Device ? "the device's floor" : "silence";
    for (const MeetingReport& r : floor_.takeReports()) {
        switch (r.kind) {
        case MeetingReport::Kind::Linked:
            log.info("meeting.linked", "the meeting room forwards its mix to the floor",
                     {{"port", floor_.port()}});
            break;
        case MeetingReport::Kind::Hearing:
            log.info("meeting.floor", "the floor is the meeting");
            break;
        case MeetingReport::Kind::NotHearing:
            log.warn("meeting.floor_lost",
                     "no audio from the meeting; the floor falls back until it returns",
                     {{"fallback", fallback}});
            break;
        case MeetingReport::Kind::JanusLost:
            log.warn("meeting.janus_lost",
                     "the meeting's Janus does not answer; the link is made again when it is back",
                     {{"reason", r.reason}});
            break;
        case MeetingReport::Kind::Refused:
            log.error("meeting.refused", "Janus refused the meeting room or its forward",
                      {{"reason", r.reason}});
            break;
        case MeetingReport::Kind::RoomRate:
            log.warn("meeting.narrow", "the meeting room is not mixed at 48000 Hz",
                     {{"reason", r.reason}, {"rate", r.rate}});
            break;
        }
    }
    if (now < nextPath_)
        return;
    nextPath_ = now + kPathEvery;
    const MeetingFloorStats s = floor_.stats();
    if (s.hearing)
        log.info("meeting.path", "the meeting's path to the floor",
                 {{"received", s.received},
                  {"lost", s.lost},
                  {"jitter_ms", std::round(s.jitterMs * 10.0) / 10.0},
                  {"buffer_ms", std::round(s.bufferMs)},
                  {"drift_ppm", std::round(s.driftPpm)}});
}

} // namespace dragoman
