// See SpeakerTurns.h.
#include "SpeakerTurns.h"

#include <algorithm>

namespace dragoman {

std::optional<RoomParticipant> SpeakerTurns::next(const std::vector<RoomParticipant>& reading) {
    const auto talking = [](const RoomParticipant& p) { return p.talking; };
    if (std::count_if(reading.begin(), reading.end(), talking) != 1)
        return std::nullopt;
    const RoomParticipant& speaker = *std::find_if(reading.begin(), reading.end(), talking);
    if (speaker.id == holder_)
        return std::nullopt;
    holder_ = speaker.id;
    return speaker;
}

TurnEffect effectOfTurn(const std::string& declared, bool aChannelHasIt,
                        const std::string& floorLanguage) {
    if (declared.empty() || !aChannelHasIt)
        return TurnEffect::NoChannel;
    return declared == floorLanguage ? TurnEffect::AlreadyTheFloor : TurnEffect::SetFloorLanguage;
}

} // namespace dragoman
