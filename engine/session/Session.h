// The session model: everything an engineer configures for one conference, as a plain value.
// Every face (headless, plugin, standalone) loads and saves this one type; see SessionJson.h.
#pragma once

#include "control/KeyPress.h" // OutputSlot

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace dragoman {

inline constexpr int kSessionSchemaVersion = 1;

// How a second mic behaves when one is already live (domain.md: booth and channel interlock).
enum class InterlockMode : std::uint8_t {
    Interlock, // the second mic cannot go live until the first is off
    Override,  // the newest mic wins; the other is switched off
};

struct AutoFloor {
    bool enabled = true; // an unattended channel carries the floor
    double fadeMs = 300.0;
    bool operator==(const AutoFloor&) const = default;
};

// Broadcast practice: the original mixed under the interpretation (domain.md: floor bed).
struct FloorBed {
    bool enabled = false;
    double levelDb = -18.0; // kept while disabled, so switching it back on restores it
    bool operator==(const FloorBed&) const = default;
};

// A program feed's floor bed: the original faintly under the interpretation, ducked while the
// interpreter speaks and back up in their pauses (domain.md: program feed). Speech is the
// channel's interpreter above the threshold; a pause shorter than the hold keeps the bed down,
// so it does not pump between words.
struct ProgramBed {
    bool enabled = false;
    double levelDb = -20.0;       // the floor's level in the interpreter's pauses
    double duckDb = 12.0;         // how much lower while the interpreter speaks
    double thresholdDbfs = -45.0; // the interpreter's level that counts as speech
    double attackMs = 60.0;       // how fast the bed goes down when speech starts
    double holdMs = 600.0;        // a pause must last this long before the bed rises
    double releaseMs = 800.0;     // how fast it rises again
    bool operator==(const ProgramBed&) const = default;
};

// A language channel as broadcasters and platforms take it: the channel (with a ducked floor
// bed), normalised to a loudness target with a slow gain, under a true-peak ceiling, and
// delayed to line up with the video it goes with. Interpreters' headphones and remote booths
// never hear it: only the outputs that ask for it (recordings, streams, web listeners, device
// outputs in io.programs).
struct ProgramFeed {
    ProgramBed bed;
    // EBU R128: -23 LUFS for broadcast; -16 for the web. None: no normalisation.
    std::optional<double> loudnessLufs = -23.0;
    double truePeakDbtp = -1.0; // no true peak (4x oversampled) above this
    double delayMs = 0.0;       // behind the channel, to the sample (lip-sync)
    bool operator==(const ProgramFeed&) const = default;
};

struct LanguageChannel {
    std::string id;   // ISO 639 code, e.g. "en"; also the channel's language
    std::string name; // display name, e.g. "English"
    AutoFloor autoFloor;
    FloorBed floorBed;
    std::optional<ProgramFeed> program = std::nullopt; // the channel's program feed, if any
    bool operator==(const LanguageChannel&) const = default;
};

// Which signal an output takes of each language channel: the channel as it leaves the booth,
// or its program feed (LanguageChannel::program).
enum class FeedKind : std::uint8_t { Channel, Program };

struct Console {
    std::string id; // unique in the session, e.g. "ko-en-1"
    int seat = 1;   // seat number within the booth, unique there
    // This console's headset, where it differs from the session's (Limiter::headset94Dbfs).
    std::optional<double> headset94Dbfs = std::nullopt;
    bool operator==(const Console&) const = default;
};

struct Booth {
    std::string id;
    std::vector<Console> consoles;
    // Outgoing channels by slot: outputs[0] is A, [1] B, [2] C; 1 to 3 channel ids.
    std::vector<std::string> outputs;
    // The channel auto-relay listens to when the floor language is not one the booth works in.
    std::optional<std::string> relay;
    InterlockMode interlock = InterlockMode::Override;
    // The shift timer's turn: each console shows its time on air in the turn, and the on-air
    // interpreter hears a chime one minute before it ends (ISO 2603 booths work in pairs).
    double turnMinutes = 30.0;
    bool operator==(const Booth&) const = default;
};

struct Floor {
    int channels = 1;     // floor inputs, averaged into one floor signal
    std::string language; // the language spoken on the floor now
    bool operator==(const Floor&) const = default;
};

struct Limiter {
    double ceilingDbfs = -6.0; // no headphone sample ever exceeds this
    // The headsets' calibration: the level (dBFS, a sine's peak) that gives 94 dB SPL at the
    // ear. Hearing protection's tiers are in dB SPL from it (dsp/HearingGuard.h); at -12 the
    // 100 dB SPL ceiling is the default -6 dBFS.
    double headset94Dbfs = -12.0;
    bool operator==(const Limiter&) const = default;
};

// Which device channel (numbered from 1, as on the hardware) carries each signal in the
// headless program. Signals left out are not connected. Without a map, device channels
// follow the session's order (floor, mics / channels, phones).
struct IoMap {
    std::vector<int> floor;                   // device input per floor channel
    std::map<std::string, int> mics;          // console id -> device input
    std::map<std::string, int> channels;      // channel id -> device output
    std::map<std::string, int> phones;        // console id -> device output
    std::map<std::string, int> programs = {}; // channel id -> device output: its program feed
    // The talkback to the technician (the consoles holding their talkback key): only where
    // the map names an output for it.
    std::optional<int> talkback = std::nullopt;
    bool operator==(const IoMap&) const = default;
};

// The headless program's remote control: an OSC server on UDP. Without this section it
// listens on 127.0.0.1, port 9000 (loopback only: control from other machines is opted into).
struct OscSettings {
    std::string address = "127.0.0.1";
    int port = 9000; // 0 = no OSC server
    // Who may send: addresses ("192.168.1.20") and networks ("192.168.1.0/24"); empty = any.
    // Others are ignored, unanswered: an OSC port open to a network is then no amplifier.
    std::vector<std::string> peers;
    bool operator==(const OscSettings&) const = default;
};

// A hardware key: a MIDI note or control change (on one MIDI channel 1-16, or any: 0) that
// works a console key. Keys: "mic" (held: on while down), "mic-toggle", "cough" (held),
// "output-a/-b/-c", "listen-floor", "listen-auto", "listen-<channel id>", "slow-down", "help",
// "handover-request" and "away" (each press toggles), "handover" (each press hands over), "volume",
// "bass", "treble", "sidetone" (a control's position across the key's range).
struct MidiKey {
    enum class Message { Note, ControlChange };
    std::string console;
    std::string key;
    Message message = Message::Note;
    int number = 0;  // note or controller number, 0-127
    int channel = 0; // 1-16, or 0 for any
    bool operator==(const MidiKey&) const = default;
};

// One MIDI controller (found by a part of its port name) and the keys it carries. Its
// output port, if it has one, gets the keys' lights: on air, waiting, channel busy.
struct MidiController {
    std::string device;
    std::vector<MidiKey> keys;
    bool operator==(const MidiController&) const = default;
};

// How recordings are encoded. The defaults suit speech for an archive: 64 kbit/s mono Opus in
// 20 ms frames at full complexity keeps 125 Hz to 15 kHz (ISO 20108) and costs ~29 MB an hour.
struct OpusSettings {
    int bitrateKbps = 64; // per file, 6 to 510
    int frameMs = 20;     // 10, 20, 40 or 60
    int complexity = 10;  // 0 (fastest) to 10 (best)
    bool operator==(const OpusSettings&) const = default;
};

// The headless program's recordings: one Ogg Opus file (and optionally a WAV file) per
// recorded signal, named after the session, the signal and the start time.
struct RecordingSettings {
    std::string directory = "recordings";
    std::vector<std::string>
        signals;      // "floor" and channel ids; empty = the floor and every channel
    bool wav = false; // also a 24-bit WAV file per signal
    FeedKind feed = FeedKind::Channel; // language channels as they are, or their program feeds
    OpusSettings opus;
    bool operator==(const RecordingSettings&) const = default;
};

// The booth log (record/BoothLog.h): the day's record of who was on air where and when,
// handovers, presence, the shift timer's chimes, hearing protection and each interpreter's
// dose, one JSON object a line, a new file per run in this directory.
struct BoothLogSettings {
    std::string directory = "booth-log";
    bool operator==(const BoothLogSettings&) const = default;
};

// The headless program's live streams: language channels (and the floor) to an Icecast server
// as Ogg Opus, one mount each, for listeners' browsers and players. Icecast and its relays fan
// them out to any number of listeners.
struct StreamSettings {
    std::string host = "127.0.0.1";
    int port = 8000;
    std::string user = "source";
    std::string password;                      // Icecast's source password
    std::map<std::string, std::string> mounts; // "en" -> "/en.opus"; empty = every channel
    bool listed = false;                       // announced to stream directories (YP)
    FeedKind feed = FeedKind::Channel;         // language channels, or their program feeds
    OpusSettings opus;
    bool operator==(const StreamSettings&) const = default;
};

// Remote booths: consoles that join over the network (RTP/Opus, SRTP) instead of sitting at
// the device. Each console listed here takes its mic from, and sends its headphone mix to, a
// remote console that proves it knows the console's secret; it has no device channels.
struct RemoteBoothSettings {
    std::string address = "0.0.0.0"; // where the headless program listens (UDP)
    int port = 5004;
    double frameMs = 2.5; // Opus frames each way: 2.5, 5 or 10 ms
    int bitrateKbps = 64; // each way, per console
    int complexity = 10;
    bool redundancy = true; // each packet carries the frame before it too (RFC 2198)
    // Console id -> its secret (at least 16 characters; the engineer hands it to the
    // interpreter, or to the remote console's configuration).
    std::map<std::string, std::string> consoles;
    bool operator==(const RemoteBoothSettings&) const = default;
};

// A Janus server that takes the web listeners' RTP and serves their browsers. More of them
// serve more listeners: each gets the same mountpoints and the same packets.
struct JanusServerSettings {
    std::string janus = "http://127.0.0.1:8088/janus"; // its HTTP API
    std::string apiSecret;                             // its api_secret, if it is set
    std::string adminKey;              // its Streaming plugin's admin_key, if it is set
    std::string rtpHost = "127.0.0.1"; // where it takes the RTP, as seen from here
    int firstPort = 20000;             // signal i: audio to firstPort + 2i, state to the next
    bool operator==(const JanusServerSettings&) const = default;
};

// Web listeners: language channels (and the floor) as RTP/Opus to the Streaming plugin of a
// Janus WebRTC server, one mountpoint each, which Janus delivers to browsers in well under a
// second (an Icecast stream is seconds late). Dragoman creates the mountpoints through Janus's
// HTTP API (or the engineer writes them from `dragoman janus-config`), feeds each with its
// signal and, on the mountpoint's data channel, what the channel carries now.
struct WebListenerSettings {
    JanusServerSettings server;                   // the section's own janus, ports...
    std::vector<JanusServerSettings> moreServers; // "moreServers": fed the same, for more listeners
    std::string secret;                // set on each mountpoint: to adopt it, count listeners
    int firstId = 7700;                // signal i: mountpoint firstId + i (on every server)
    std::vector<std::string> signals;  // "floor" and channel ids; empty = floor and every channel
    int bitrateKbps = 64;              // per signal; full band (20 Hz to 20 kHz) at any rate
    int frameMs = 10;                  // 10 or 20: what a listener waits for before it is sent
    bool srtp = false;                 // encrypt the RTP to Janus (a key per mountpoint and run)
    FeedKind feed = FeedKind::Channel; // language channels, or their program feeds
    // Every server, the section's own first.
    std::vector<JanusServerSettings> servers() const {
        std::vector<JanusServerSettings> all{server};
        all.insert(all.end(), moreServers.begin(), moreServers.end());
        return all;
    }
    bool operator==(const WebListenerSettings&) const = default;
};

// What the floor is while the meeting's audio does not come (Janus down, the room gone, the
// forward lost): silence, or the device's floor input as without a meeting.
enum class MeetingFallback { Silence, Device };

// The meeting as the floor: a room of the Janus WebRTC server's AudioBridge plugin (made at
// 48 kHz if Janus lacks it) forwards its mix over RTP/Opus to this machine, and that mix is the
// floor. Dragoman asks for the forward through Janus's HTTP API and keeps it.
struct MeetingSettings {
    std::string janus = "http://127.0.0.1:8088/janus"; // its HTTP API
    std::string apiSecret;                             // its api_secret, if it is set
    std::string adminKey;                // its AudioBridge plugin's admin_key, if it is set
    int room = 7800;                     // the AudioBridge room of the meeting
    std::string roomSecret;              // the room's secret (set when Dragoman makes the room)
    std::string floorHost = "127.0.0.1"; // this machine's address, as Janus sends to it
    int floorPort = 21900;               // the UDP port the meeting's mix comes to
    MeetingFallback fallback = MeetingFallback::Silence;
    // A participant who takes the floor sets the floor language to the one they declared on
    // joining, if a channel has it (as the engineer's command would); off: only the engineer.
    bool floorLanguageFollowsSpeaker = false;
    bool srtp = false; // Janus encrypts the forward (SRTP, a key per forward and run)
    bool operator==(const MeetingSettings&) const = default;
};

struct Session {
    int schemaVersion = kSessionSchemaVersion;
    std::string name;
    double sampleRate = 48000.0;
    Floor floor;
    std::vector<LanguageChannel> channels;
    std::vector<Booth> booths;
    InterlockMode channelInterlock = InterlockMode::Interlock;
    Limiter limiter;
    // A console nobody has touched for this long while off air shows as away to its boothmate
    // and the engineer; longer than a turn, since the boothmate off air touches nothing for a
    // turn. 0 = never by time (the away key and a dropped remote console still say it).
    double idleMinutes = 45.0;
    std::optional<IoMap> io;
    std::optional<OscSettings> osc;
    std::vector<MidiController> midi;
    std::optional<RecordingSettings> recording;
    std::optional<BoothLogSettings> boothLog;
    std::optional<StreamSettings> streams;
    std::optional<RemoteBoothSettings> remoteBooths; // the file's "remoteBooths" (once "remote")
    std::optional<WebListenerSettings> webListeners;
    std::optional<MeetingSettings> meeting;
    bool operator==(const Session&) const = default;
};

} // namespace dragoman
