// The AudioBridge plugin's answers that the meeting link reads (a room's existence and rate,
// a forwarder's id, whether it is still listed), as pure functions over the plugin data that
// janus/JanusAnswer gives: anything of another shape reads as "not there", never as an
// exception, so that a fuzzer can reach them and a hostile Janus cannot stop the link.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dragoman {

// AudioBridge error codes the link acts on.
inline constexpr int kNoSuchRoom = 485;
inline constexpr int kRoomExists = 486;

// `exists`: whether the room is there.
bool roomExistsIn(const nlohmann::json& answer);
// `list`: the room's sampling rate, if the room is listed with one.
std::optional<int> roomRateIn(const nlohmann::json& answer, std::int64_t room);
// `rtp_forward`: the new forwarder's stream id.
std::optional<std::uint64_t> forwarderIdIn(const nlohmann::json& answer);
// `listforwarders`: whether forwarder `streamId` is listed, sending to `port`.
bool forwarderListedIn(const nlohmann::json& answer, std::uint64_t streamId, int port);

// One of the room's participants, as `listparticipants` gives them.
struct RoomParticipant {
    std::string id;      // Janus's (a number, or a string if the room uses string ids)
    std::string display; // their name as they joined, cut to kMostDisplayBytes
    std::optional<std::string> language; // declaredLanguage(display), before the cut
    bool talking = false;                // AudioBridge's own voice detection (audiolevel_event)
    bool operator==(const RoomParticipant&) const = default;
};
inline constexpr std::size_t kMostParticipants = 1000;
inline constexpr std::size_t kMostDisplayBytes = 200;
// `listparticipants`: who is in the room (at most kMostParticipants; entries without an id
// passed over).
std::vector<RoomParticipant> participantsIn(const nlohmann::json& answer);
// The language a participant declared on joining: the meeting page joins as "Name · ko", so a
// language code ("ko", "pt-BR") after the last " · "; else nothing.
std::optional<std::string> declaredLanguage(std::string_view display);

} // namespace dragoman
