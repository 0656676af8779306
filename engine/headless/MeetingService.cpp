// See MeetingService.h.
#include "MeetingService.h"

#include "Engine.h"

#include <cmath>

namespace dragoman {

MeetingService::MeetingService(const Session& session, Engine& engine)
    : engine_(engine), fallback_(session.meeting->fallback),
      floor_(*session.meeting, session.name) {}

void MeetingService::followSpeaker(RunLog& log, const SessionStatus& status,
                                   const MeetingReport& turn) {
    switch (
        effectOfTurn(turn.language, engine_.knowsChannel(turn.language), status.floorLanguage())) {
    case TurnEffect::NoChannel:
        log.info("meeting.speaker", "a participant takes the floor; no channel has their language",
                 {{"speaker", turn.reason}, {"language", turn.language}});
        return;
    case TurnEffect::AlreadyTheFloor:
        log.info("meeting.speaker", "a participant takes the floor in the floor language",
                 {{"speaker", turn.reason}, {"language", turn.language}});
        return;
    case TurnEffect::SetFloorLanguage:
        break;
    }
    if (const PressResult sent = engine_.setFloorLanguage(turn.language); !sent) {
        log.warn("meeting.speaker", "the floor language could not follow the speaker",
                 {{"speaker", turn.reason}, {"reason", sent.why("", turn.language)}});
        return;
    }
    log.info("meeting.floor_language", "the floor language follows the speaker",
             {{"speaker", turn.reason}, {"language", turn.language}});
}

void MeetingService::poll(RunLog& log, const SessionStatus& status, Clock::time_point now) {
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
        case MeetingReport::Kind::SpeakerTurn:
            followSpeaker(log, status, r);
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
