// Every message of the remote booth protocol other than audio, on the same UDP port:
//
// - The handshake, in the clear, before any key exists: a console says hello (its console id
//   and a nonce), the host answers with a challenge (its nonce, a cookie it keeps no state
//   for, and a proof that it knows the console's secret) or a refusal; the console confirms
//   (both nonces and its own proof), and only then does the host keep a pending join. Handshake
//   datagrams begin with "DRG", which an RTP or RTCP packet (first byte 128-191, RFC 7983) never
//   does.
// - The session's control, as RTCP APP packets named "DRGM" (RFC 3550, 6.7) sent as SRTCP:
//   join, welcome, key presses and their acknowledgements, the console's state, pings for
//   the round trip and the receive side's measurements, messages both ways, bye. Only a console
//   that derived the right keys can send one the host accepts.
//
// Parsers check every length and refuse with the reason (for counting); serializers write
// what the parsers read.
#pragma once

#include "rtp/RemotePathKeys.h"

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <variant>
#include <vector>

namespace dragoman {

inline constexpr std::uint8_t kRemoteProtocolVersion = 2;
// A hello is padded to this size, and a shorter one refused: no answer of the host's is ever
// larger than the hello that asked for it, so nobody can use the host to flood a forged
// sender address with more than they sent themselves (as QUIC pads its Initial packets).
inline constexpr std::size_t kHelloSize = 300;

struct HelloMessage {
    std::string console;
    RemoteNonce consoleNonce{};
    std::uint8_t version = kRemoteProtocolVersion;
};
struct ChallengeMessage {
    RemoteNonce consoleNonce{};
    RemoteNonce hostNonce{};
    HostProof proof{};
};
struct RefusedMessage {
    std::string reason;
};
// The console's answer to a challenge: the host's cookie back, and the proof that the console
// knows its secret. The host answers nothing (the SRTCP join that follows gets the welcome).
struct ConfirmMessage {
    std::string console;
    RemoteNonce consoleNonce{};
    RemoteNonce hostNonce{};
    ConsoleProof proof{};
};
using HandshakeMessage =
    std::variant<HelloMessage, ChallengeMessage, RefusedMessage, ConfirmMessage>;

// Does the datagram look like a handshake message (as against RTP/RTCP)?
bool isHandshake(std::span<const std::uint8_t> datagram);
// Does an RTP-range datagram carry RTCP (payload type 192-223 in the second byte, RFC 5761)?
bool isRtcp(std::span<const std::uint8_t> datagram);

struct HandshakeParse {
    std::optional<HandshakeMessage> message;
    std::string refusal; // why not, when !message
};
HandshakeParse parseHandshake(std::span<const std::uint8_t> datagram);
std::vector<std::uint8_t> serializeHandshake(const HandshakeMessage& message);

// --- control, inside SRTCP ---------------------------------------------------------------
struct JoinMessage {};
// What a console needs to show its desk: the frames, and its booth as the session has it.
struct WelcomeMessage {
    std::uint16_t frameSamples = 120; // the host's frames; the console sends the same
    std::uint16_t bitrateKbps = 64;
    bool redundancy = true;
    std::string session;                                       // the event's name
    std::string booth;                                         // the console's booth
    std::vector<std::pair<std::string, std::string>> channels; // id, name: every channel
    std::vector<std::string> outputs;                          // the booth's A, B, C
    std::vector<std::string> boothmates;                       // the booth's other consoles
    bool operator==(const WelcomeMessage&) const = default;
};
// A key press: the hardware key's name ("mic", "output-b", "listen-en", "volume") and its
// value (1 down / 0 up; a slot or listen key selects on 1; a level key takes dB). Resent
// until acknowledged; the host applies each sequence number once.
struct KeyMessage {
    std::uint32_t sequence = 0;
    float value = 1.0f;
    std::string key;
};
struct AckMessage {
    std::uint32_t sequence = 0;
    std::string refusal; // empty: applied
};
inline constexpr std::uint8_t kMaxPresence = 4;

// The console's state as the engine has it; the console shows this, never its own guess.
struct StateMessage {
    std::uint32_t sequence = 0; // newer states have higher numbers
    bool micOn = false, waiting = false, coughing = false, slowDown = false, help = false;
    std::uint8_t slot = 0;
    std::string outgoing;     // the channel the mic feeds
    std::string hearing;      // "" = the floor
    std::string listen;       // "floor", "auto" or a channel id
    std::string floor;        // the floor language now
    std::string floorQuality; // what is wrong with the floor's sound at the host; "" nothing
    // Working in pairs (a host before December 3, 2026 sends none of these: all read as 0).
    bool handoverRequested = false, away = false;
    // The boothmate's presence as a number (control/Events.h's Presence: 0 none, 1 on air,
    // 2 requested, 3 ready, 4 away).
    std::uint8_t boothmate = 0;
    // The shift timer: time in this console's turn (0 when the turn is the boothmate's), on
    // air today, and the booth's turn length, in seconds.
    std::uint32_t turnSeconds = 0, daySeconds = 0, turnLengthSeconds = 0;
    bool operator==(const StateMessage&) const = default;
    // The same state, whatever the sequence numbers.
    bool sameStateAs(StateMessage other) const {
        other.sequence = sequence;
        return other == *this;
    }
};
// The receive side's view of the path, sent back with each pong so both ends know both ways.
struct PathReport {
    float bufferMs = 0.0f;       // jitter buffer delay now
    float lossPercent = 0.0f;    // frames lost in the network (before recovery), recent
    float concealPercent = 0.0f; // frames neither received nor recovered, recent
    float jitterMs = 0.0f;
};
struct PingMessage {
    std::uint32_t id = 0;
    std::uint64_t sentNs = 0; // the sender's clock, echoed back
};
struct PongMessage {
    std::uint32_t id = 0;
    std::uint64_t sentNs = 0;
    PathReport report;
};
struct ByeMessage {};
// Messages without a microphone (control/BoothMessage.h), carried as the board has them; what
// they mean (a recipient's text form, a quick message's number, clean UTF-8) is checked by
// the side that reads them, as for a key's name.
inline constexpr std::size_t kMaxWireMessageText = 1024;
// Console to host: a message to post. Resent until acknowledged (an AckMessage of the same
// sequence, counted with the keys'; its refusal says why the board refused it); posted once.
struct PostMessage {
    std::uint32_t sequence = 0;
    std::uint8_t quick = 0; // QuickMessage's number, 0 for a text
    std::string to;         // "boothmates", "booth:ID", "console:ID", "technician"
    std::string text;       // up to kMaxWireMessageText bytes
    bool operator==(const PostMessage&) const = default;
};
// Host to console: a message that reaches it. Resent until the console acknowledges its
// number (an AckMessage); the console shows each number once.
struct DeliveryMessage {
    std::uint32_t number = 0;   // the board's
    std::uint64_t sentAtMs = 0; // Unix time
    std::uint8_t quick = 0;
    std::string from, to, text;
    bool operator==(const DeliveryMessage&) const = default;
};
using ControlMessage =
    std::variant<JoinMessage, WelcomeMessage, KeyMessage, AckMessage, StateMessage, PingMessage,
                 PongMessage, ByeMessage, PostMessage, DeliveryMessage>;

struct ControlParse {
    std::optional<ControlMessage> message;
    std::string refusal;
};
// `packet`: a decrypted RTCP packet.
ControlParse parseControl(std::span<const std::uint8_t> packet);
// An RTCP APP packet from `ssrc` (to be protected as SRTCP).
std::vector<std::uint8_t> serializeControl(const ControlMessage& message, std::uint32_t ssrc);

} // namespace dragoman
