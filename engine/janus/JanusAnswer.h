// Janus's answers to HTTP API requests, read as hostile input (a Janus we are pointed at may be
// anything): nesting capped as for every outside JSON, each failure one JanusError with the
// reason and at most a short excerpt. Pure functions, so that a fuzzer can reach them.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace dragoman {

struct JanusError : std::runtime_error {
    enum class Kind {
        Unreachable, // no answer: Janus is down, or the address is wrong
        SessionGone, // Janus forgot our session (it restarted, or timed out): connect again
        Refused,     // Janus or the plugin refused the request: `code` says why
        Garbled,     // an answer that is not what Janus sends
    };
    JanusError(Kind why, int janusCode, const std::string& what)
        : std::runtime_error(what), kind(why), code(janusCode) {}
    Kind kind;
    int code; // Janus's or the plugin's error code; 0 when none
};

// The answer to one request (HTTP status `httpStatus`, body `body`): the JSON object, or
// JanusError (Garbled: not a JSON object; SessionGone: Janus forgot the session or handle;
// Refused: any other error Janus gives).
nlohmann::json janusAnswer(std::string_view body, long httpStatus);
// The id Janus gives in answer to `create` or `attach` ("data": {"id": N}); else Garbled.
std::uint64_t janusIdIn(const nlohmann::json& answer, const char* what);
// A plugin request's answer: its plugin data; a plugin error (`error_code`) is Refused with
// its code; no plugin data is Garbled.
nlohmann::json pluginAnswer(nlohmann::json answer);

// Mountpoints a Streaming `list` answer holds that an earlier session of ours made and this
// one no longer has (a channel removed, fewer signals): Dragoman's metadata (a JSON object
// with "dragoman"), an id in [firstId, firstId + kFormerMountpointRange) and none of `ours`.
// Entries of another shape are passed over. Removing one needs our secret, so another's stay
// whatever this says.
constexpr int kFormerMountpointRange = 256;
std::vector<int> formerMountpoints(const nlohmann::json& listAnswer, const std::vector<int>& ours,
                                   int firstId);

// What a Streaming `info` answer ("info": {...}) says of one mountpoint, each field only when it
// is there with the type Janus gives it (the secret and ports only to who gave the secret).
struct MountpointInfo {
    std::optional<std::string> secret;
    std::optional<std::string> metadata;
    std::optional<std::int64_t> firstMediaPort; // media[0].port
    std::optional<std::int64_t> viewers;
};
// Nothing when the answer holds no "info" object.
std::optional<MountpointInfo> mountpointInfoIn(const nlohmann::json& infoAnswer);

} // namespace dragoman
