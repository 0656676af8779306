// What control threads ask of the audio thread: console key presses and floor-language
// changes. Trivially copyable, so they cross a lock-free queue without allocation.
#pragma once

#include "Handles.h"

#include <cstdint>
#include <variant>

namespace dragoman {

// The console's keys (domain.md). Values: Mic/Cough/SlowDown/Help 1 = on (down), 0 = off (up);
// Output: slot 0..2 (A..C); HeadphoneVolume, Bass, Treble, Sidetone: dB.
enum class ConsoleKey : std::uint8_t {
    Mic,
    MicToggle,
    Cough,
    Output,
    Listen,
    HeadphoneVolume,
    Bass,
    Treble,
    Sidetone,
    SlowDown,
    Help,
};

// What a console hears: the floor, one language channel (relay), or auto-relay.
struct ListenSource {
    enum class Kind : std::uint8_t { Floor, Channel, AutoRelay };
    Kind kind = Kind::AutoRelay;
    LanguageHandle channel; // with Kind::Channel
    bool operator==(const ListenSource&) const = default;
};

struct ConsoleCommand {
    ConsoleHandle console;
    ConsoleKey key = ConsoleKey::Mic;
    float value = 0.0f;
    ListenSource listen; // with ConsoleKey::Listen
};

struct FloorLanguageCommand {
    LanguageHandle language;
};

using EngineCommand = std::variant<ConsoleCommand, FloorLanguageCommand>;

} // namespace dragoman
