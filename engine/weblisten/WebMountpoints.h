// The Janus Streaming mountpoints a session's web listeners need: one per signal (the floor
// and language channels), each with an audio stream (RTP/Opus) and a text data channel on
// which Dragoman says what the channel carries (an interpreter, the floor, nobody). The same
// description gives the API's `create` request and the lines of a janus.plugin.streaming.jcfg,
// so both ways of setting Janus up name the same ids, ports and metadata.
#pragma once

#include "control/Events.h"
#include "session/Session.h"

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace dragoman {

struct WebMountpoint {
    std::string signal;   // "floor" or a channel id
    std::string language; // the channel's ISO 639 code; "" for the floor
    std::string name;     // "English", "Floor"
    int index = 0;        // its place among the session's web signals
    int id = 0;           // the mountpoint's id in Janus (the same on every server)
    // Where `server` takes the signal's RTP, and the state messages for the data channel.
    int audioPort(const JanusServerSettings& server) const { return server.firstPort + 2 * index; }
    int statePort(const JanusServerSettings& server) const { return audioPort(server) + 1; }
    // What the listener page reads from the mountpoint list (a JSON text).
    std::string metadata() const;
    bool operator==(const WebMountpoint&) const = default;
};

// In the session's order: the signals listed (or the floor, then every channel).
std::vector<WebMountpoint> webMountpoints(const Session& session);

// The Streaming plugin's `create` request for `mountpoint` on `server`; `srtpCrypto` is the
// SDES-style base64 key and salt when the RTP is encrypted, else "".
nlohmann::json createRequest(const WebMountpoint& mountpoint, const WebListenerSettings& settings,
                             const JanusServerSettings& server, const std::string& srtpCrypto);

// The same mountpoints as a janus.plugin.streaming.jcfg for the session's server number
// `server` (0: the section's own; without encryption: a key written into a file would outlive
// the run).
std::string streamingJcfg(const Session& session, std::size_t server = 0);

// What a channel carries now, as its data channel says it: {"signal":"en","carries":
// "interpretation"|"floor"|"nobody","relay":true|false}.
enum class Carrying { Nobody, Floor, Interpretation, Relay };
std::string stateMessage(const std::string& signal, Carrying carrying);
// What a channel of this relay quality carries, for its listeners.
Carrying carryingOf(RelayQuality quality);

} // namespace dragoman
