// Who takes the floor in the meeting, from successive readings of the room's participants
// (`listparticipants`, with AudioBridge's own voice detection): a turn begins when someone
// talks alone who did not have the last turn. Two talking at once (a question over the answer,
// a cough) begins no turn, and a speaker who pauses and goes on keeps theirs, so the floor
// language does not flap with every breath. Pure: a reading in, a turn or nothing out.
#pragma once

#include "meeting/MeetingAnswers.h"

#include <optional>
#include <string>
#include <vector>

namespace dragoman {

class SpeakerTurns {
public:
    // The participant whose turn begins with this reading, if one does.
    std::optional<RoomParticipant> next(const std::vector<RoomParticipant>& reading);

private:
    std::string holder_; // the id of the last turn's speaker; empty before the first
};

// What a speaker's turn does to the floor language (every face asks the same): nothing when
// they declared no language a channel has, or the floor language already is theirs.
enum class TurnEffect { NoChannel, AlreadyTheFloor, SetFloorLanguage };
TurnEffect effectOfTurn(const std::string& declared, bool aChannelHasIt,
                        const std::string& floorLanguage);

} // namespace dragoman
