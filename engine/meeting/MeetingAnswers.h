// The AudioBridge plugin's answers that the meeting link reads (a room's existence and rate,
// a forwarder's id, whether it is still listed), as pure functions over the plugin data that
// janus/JanusAnswer gives: anything of another shape reads as "not there", never as an
// exception, so that a fuzzer can reach them and a hostile Janus cannot stop the link.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>

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

} // namespace dragoman
