// What control threads ask of the audio thread: console key presses, floor-language changes
// and headphone cues. Trivially copyable, so they cross a lock-free queue without allocation.
#pragma once

#include "Handles.h"
#include "KeyPress.h"

#include <cstdint>
#include <variant>

namespace dragoman {

// A key press with its console and channel resolved to handles (KeyPress.h is the named form
// every face builds).
struct ConsoleCommand {
    ConsoleHandle console;
    ConsoleKey key = ConsoleKey::Mic;
    std::variant<Switch, OutputSlot, ListenSource, Decibels> argument = Switch::On;
};

struct FloorLanguageCommand {
    LanguageHandle language;
};

// Short sounds in one console's headphones only (graph/CueSounds.h makes them).
enum class CueSound : std::uint8_t {
    HandoverRequest, // a boothmate asks to be relieved: two rising notes, discreet
    TurnEnding,      // the shift timer, a minute before the turn ends: one bell-like chime
    LevelWarning,    // hearing protection: two short beeps
};

// A cue in one console's headphones (the shift timer's chime, the hearing warning's beeps).
struct HeadphoneCueCommand {
    ConsoleHandle console;
    CueSound sound = CueSound::TurnEnding;
};

using EngineCommand = std::variant<ConsoleCommand, FloorLanguageCommand, HeadphoneCueCommand>;

} // namespace dragoman
