// One press of a console key, the same for every face (GUI, plugin parameters, MIDI, OSC, cue
// lists, the remote console protocol): a key and a typed argument, and their one text form.
//
//   key        argument                         text                 e.g.
//   mic        Switch: on, off, toggle          "mic on"             "mic toggle"
//   cough      Switch                           "cough on"
//   slow-down  Switch                           "slow-down toggle"
//   help       Switch                           "help on"
//   handover-request  Switch: asks a boothmate     "handover-request on"
//   handover   Switch: on (or toggle) hands the mic to a boothmate now; off does nothing
//   away       Switch: the interpreter leaves (or is back at) the console   "away toggle"
//   talkback   Switch (held): the mic speaks to the technician only, off every channel
//   output     OutputSlot: a, b, c              "output b"
//   listen     ListenChoice: floor, auto, <id>  "listen floor"       "listen en"
//   volume     Decibels (kVolumeRange)          "volume -12"
//   bass       Decibels (kToneRange)            "bass 6"
//   treble     Decibels (kToneRange)            "treble -3"
//   sidetone   Decibels (kSidetoneRange)        "sidetone -20"
//
// A toggle is resolved once, by the console rules on the audio thread, against the console's
// state there: two quick toggles flip twice, whatever a face last saw.
#pragma once

#include "Handles.h"
#include "KeyRanges.h"

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

namespace dragoman {

enum class ConsoleKey : std::uint8_t {
    Mic,
    Cough,
    Output,
    Listen,
    HeadphoneVolume,
    Bass,
    Treble,
    Sidetone,
    SlowDown,
    Help,
    HandoverRequest,
    Handover,
    Away,
    Talkback,
};

inline constexpr std::array<ConsoleKey, 14> kConsoleKeys = {
    ConsoleKey::Mic,    ConsoleKey::Cough,           ConsoleKey::Output,
    ConsoleKey::Listen, ConsoleKey::HeadphoneVolume, ConsoleKey::Bass,
    ConsoleKey::Treble, ConsoleKey::Sidetone,        ConsoleKey::SlowDown,
    ConsoleKey::Help,   ConsoleKey::HandoverRequest, ConsoleKey::Handover,
    ConsoleKey::Away,   ConsoleKey::Talkback};

enum class Switch : std::uint8_t { Off, On, Toggle };

// A console's outgoing-channel key: A, B or C.
enum class OutputSlot : std::uint8_t { A = 0, B = 1, C = 2 };
inline constexpr int kMaxOutputSlots = 3;

struct Decibels {
    float db = 0.0f;
    bool operator==(const Decibels&) const = default;
};

// What a console hears: the floor, one language channel (relay), or auto-relay. This is the
// audio thread's form (a handle); ListenChoice is the control threads' (a channel id).
struct ListenSource {
    enum class Kind : std::uint8_t { Floor, Channel, AutoRelay };
    Kind kind = Kind::AutoRelay;
    LanguageHandle channel; // with Kind::Channel
    bool operator==(const ListenSource&) const = default;
};

struct ListenChoice {
    ListenSource::Kind kind = ListenSource::Kind::AutoRelay;
    std::string channel; // with Kind::Channel
    bool operator==(const ListenChoice&) const = default;
};

using KeyArgument = std::variant<Switch, OutputSlot, ListenChoice, Decibels>;

struct KeyPress {
    ConsoleKey key = ConsoleKey::Mic;
    KeyArgument argument = Switch::On;
    bool operator==(const KeyPress&) const = default;
};

enum class ArgumentKind : std::uint8_t { Switch, Slot, Listen, Level };
ArgumentKind argumentKind(ConsoleKey key);
// The range a level key offers (volume, bass, treble, sidetone); {0, 0} for the others.
LevelRange levelRange(ConsoleKey key);

// "mic", "slow-down", "volume", ...; and back (nothing for a name that is no key).
std::string_view keyName(ConsoleKey key);
std::optional<ConsoleKey> consoleKeyNamed(std::string_view name);

// What the key's argument must be, in words: "expects on, off or toggle", "expects a level in
// dB from -60 to 12", ... (the start of every problem below).
std::string expectedArgument(ConsoleKey key);

// A press read from text, or why not ("expects on, off or toggle, got \"up\""; the caller
// names where it read it).
struct KeyPressParse {
    std::optional<KeyPress> press;
    std::string problem;
};
// The argument as text: "on", "b", "floor", "en", "-12". A level outside the key's range is
// refused (a face offers the range; the engine itself accepts down to silence).
KeyPressParse parseKeyPress(ConsoleKey key, std::string_view argument);
KeyPressParse parseKeyPress(std::string_view key, std::string_view argument);
// The argument as a number, as MIDI, OSC and the remote console wire carry it: a switch is on
// for anything but 0, a level is dB (clamped to the key's range when `clamp`, else refused
// outside it). Output and listen take no number.
KeyPressParse keyPressFromNumber(ConsoleKey key, float number, bool clamp = false);

std::string formatArgument(const KeyArgument& argument);
std::string formatKeyPress(const KeyPress& press); // "mic on", "listen en", "volume -12"

// "floor", "auto" or a channel id, both ways.
ListenChoice parseListenChoice(std::string_view text);
std::string formatListenChoice(const ListenChoice& choice);

// The language channel a press listens to; "" for any other press.
std::string_view channelOf(const KeyPress& press);

// Why this argument does not fit this key ("" when it does): a switch for output, ...
std::string argumentProblem(const KeyPress& press);

} // namespace dragoman
