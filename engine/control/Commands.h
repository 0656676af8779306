// What control threads ask of the audio thread: console key presses and floor-language
// changes. Trivially copyable, so they cross a lock-free queue without allocation.
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

using EngineCommand = std::variant<ConsoleCommand, FloorLanguageCommand>;

} // namespace dragoman
