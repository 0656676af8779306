// What a hardware key (a MIDI note or control) does to its console, by the name the session
// gives it: "mic", "mic-toggle", "cough", "output-a/-b/-c", "listen-floor", "listen-auto",
// "listen-<channel>", "slow-down", "help", "volume", "bass", "treble", "sidetone".
#pragma once

#include "control/Commands.h"
#include "control/KeyRanges.h"

#include <optional>
#include <string>
#include <string_view>

namespace dragoman {

struct HardwareKeyAction {
    enum class Kind {
        Held,   // on while down, off when released (mic, cough)
        Toggle, // each press flips it (mic-toggle, slow-down, help)
        Select, // each press selects (output slot, listen source)
        Level,  // a control's position across `range` (volume, tone, sidetone)
    };
    Kind kind = Kind::Held;
    ConsoleKey key = ConsoleKey::Mic;
    float value = 0.0f;                                        // Select with Output: the slot
    ListenSource::Kind listen = ListenSource::Kind::AutoRelay; // Select with Listen
    std::string channel;                                       // listen-<channel>
    LevelRange range{0.0f, 0.0f};                              // Level
};

// The action named `name`, or nothing if there is no such key (a listen-<channel> key is
// returned whatever the channel: the session's validation checks it exists).
std::optional<HardwareKeyAction> hardwareKeyAction(std::string_view name);

} // namespace dragoman
