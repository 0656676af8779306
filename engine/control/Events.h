// What the audio thread reports back: console state, refused keys, channel carriers, floor
// language, plan changes. Each carries the frame (since the engine started) at which it took
// effect, so logs and timelines line up with the audio. Trivially copyable.
#pragma once

#include "Commands.h"
#include "Handles.h"

#include <cstdint>
#include <variant>

namespace dragoman {

// Why a console that asked for the mic is not on air yet.
enum class WaitReason : std::uint8_t {
    None,
    Boothmate, // booth interlock: a boothmate is on air (or asked first); takes over at handover
    Channel,   // channel interlock: another booth holds the outgoing channel; goes on air when
               // it frees (a bidirectional booth moved by a floor-language change, or a
               // boothmate cut by another booth's override)
};

// Where an interpreter is, as both consoles of a booth show it (domain.md: handover).
enum class Presence : std::uint8_t {
    None,      // no boothmate (a booth of one console)
    OnAir,     // the mic is live (also while coughing)
    Requested, // on air, and asks a boothmate to take over
    Ready,     // at the console, off air (waiting for the mic counts as ready)
    Away,      // said so with the away key, idle for the session's idle time, or a remote
               // console whose link dropped
};

struct ConsoleState {
    bool micOn = false;   // on air (also while coughing)
    bool waiting = false; // asked for the mic and waits: goes on air when `waitingFor` clears
    WaitReason waitingFor = WaitReason::None; // with `waiting`
    bool coughing = false;
    bool talkback = false; // the talkback key held: the mic speaks to the technician only
    bool slowDown = false;
    bool help = false;
    std::uint8_t slot = 0;               // 0..2 = A..C
    LanguageHandle outgoing;             // the channel the mic feeds (when on)
    ListenSource listen;                 // the selector's position
    LanguageHandle hearing;              // what the console hears now; invalid = the floor
    bool handoverRequested = false;      // on air and asks a boothmate to take over
    bool away = false;                   // away from the console (see Presence::Away)
    Presence boothmate = Presence::None; // the boothmate's presence, as this console shows it
    bool operator==(const ConsoleState&) const = default;
};

// The console's own presence.
inline Presence presenceOf(const ConsoleState& state) {
    if (state.micOn)
        return state.handoverRequested ? Presence::Requested : Presence::OnAir;
    return state.away ? Presence::Away : Presence::Ready;
}

// "on air", "requested", "ready", "away", "": for logs, OSC and the consoles.
inline const char* presenceName(Presence presence) {
    switch (presence) {
    case Presence::OnAir:
        return "on air";
    case Presence::Requested:
        return "requested";
    case Presence::Ready:
        return "ready";
    case Presence::Away:
        return "away";
    case Presence::None:
        break;
    }
    return "";
}

struct ConsoleStateChanged {
    std::uint64_t frame = 0;
    ConsoleHandle console;
    ConsoleState state;
};

enum class RefusalReason : std::uint8_t {
    ChannelBusy,   // channel interlock: another booth is live on the channel
    NoSuchOutput,  // the booth has no such outgoing slot
    NoSuchChannel, // listen to a channel the session does not have
    UnknownConsole,
    FloorLanguage, // the channel's language is spoken on the floor: the channel carries the
                   // floor (a mic there is refused, or switched off when the floor changes)
    NotOnAir,      // a handover request or handover from a console that is not on air
    NoBoothmate,   // a handover with no boothmate at the console (all away, or none)
};

struct KeyRefused {
    std::uint64_t frame = 0;
    ConsoleHandle console;
    ConsoleKey key = ConsoleKey::Mic;
    RefusalReason reason = RefusalReason::ChannelBusy;
    ConsoleHandle holder; // with ChannelBusy: who holds the channel
};

// How far a channel's content is from the original (domain.md: relay quality).
enum class RelayQuality : std::uint8_t {
    Silent,      // nobody on it and no auto-floor
    Floor,       // the floor itself
    Direct,      // an interpretation of the floor
    Relay,       // an interpretation of an interpretation
    RelayOfRelay // further away still
};

// "channel busy", "no such outgoing channel", ...: for logs, timelines and remote control.
inline const char* refusalReasonName(RefusalReason reason) {
    switch (reason) {
    case RefusalReason::ChannelBusy:
        return "channel busy";
    case RefusalReason::NoSuchOutput:
        return "no such outgoing channel";
    case RefusalReason::NoSuchChannel:
        return "no such channel";
    case RefusalReason::FloorLanguage:
        return "the floor speaks this channel's language";
    case RefusalReason::NotOnAir:
        return "not on air";
    case RefusalReason::NoBoothmate:
        return "no boothmate is at the console";
    case RefusalReason::UnknownConsole:
        break;
    }
    return "unknown console";
}

// The quality of an interpretation of a source of quality `heard`: interpreting the floor (or
// a channel carrying it) is direct, interpreting a direct interpretation is relay, and so on.
inline RelayQuality interpretationOf(RelayQuality heard) {
    switch (heard) {
    case RelayQuality::Silent:
    case RelayQuality::Floor:
        return RelayQuality::Direct;
    case RelayQuality::Direct:
        return RelayQuality::Relay;
    case RelayQuality::Relay:
    case RelayQuality::RelayOfRelay:
        break;
    }
    return RelayQuality::RelayOfRelay;
}

// "floor", "direct", "relay", "relay of relay", "silent": for logs and timelines.
inline const char* relayQualityName(RelayQuality quality) {
    switch (quality) {
    case RelayQuality::Floor:
        return "floor";
    case RelayQuality::Direct:
        return "direct";
    case RelayQuality::Relay:
        return "relay";
    case RelayQuality::RelayOfRelay:
        return "relay of relay";
    case RelayQuality::Silent:
        break;
    }
    return "silent";
}

// The marks hardware desks show: "FLOOR", "+" (direct), "-" (relay); "" when silent.
inline const char* relayQualityMark(RelayQuality quality) {
    switch (quality) {
    case RelayQuality::Floor:
        return "FLOOR";
    case RelayQuality::Direct:
        return "+";
    case RelayQuality::Relay:
    case RelayQuality::RelayOfRelay:
        return "-";
    case RelayQuality::Silent:
        break;
    }
    return "";
}

struct ChannelCarrierChanged {
    std::uint64_t frame = 0;
    LanguageHandle channel;
    ConsoleHandle interpreter; // invalid when no interpreter is live on it
    RelayQuality quality = RelayQuality::Silent;
};

struct FloorLanguageChanged {
    std::uint64_t frame = 0;
    LanguageHandle language;
};

struct PlanAdopted {
    std::uint64_t frame = 0;
    std::uint64_t generation = 0;
};

using EngineEvent = std::variant<ConsoleStateChanged, KeyRefused, ChannelCarrierChanged,
                                 FloorLanguageChanged, PlanAdopted>;

// The frame at which any event took effect.
inline std::uint64_t eventFrame(const EngineEvent& event) {
    return std::visit([](const auto& e) { return e.frame; }, event);
}

} // namespace dragoman
