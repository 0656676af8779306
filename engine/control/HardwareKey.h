// What a hardware key (a MIDI note or control) does to its console, by the name the session
// gives it: a key of the vocabulary (control/KeyPress.h) alone ("mic", "cough", "slow-down",
// "help", "handover-request", "handover", "away", "volume", "bass", "treble", "sidetone") or with
// its argument after a dash
// ("mic-toggle", "output-a", "listen-floor", "listen-auto", "listen-<channel>").
#pragma once

#include "control/KeyPress.h"

#include <optional>
#include <string>
#include <string_view>

namespace dragoman {

struct HardwareKeyAction {
    enum class Kind {
        Held,   // on while down, off when released (mic, cough)
        Toggle, // each press flips it, resolved by the engine (slow-down, help, handover-request,
                // away); for handover, each press hands the mic over
        Select, // each press sends `press` (output-b, listen-en, mic-toggle); the release nothing
        Level,  // a control's position across the key's range (volume, tone, sidetone)
    };
    Kind kind = Kind::Held;
    KeyPress press; // the key, and its argument: On for Held (Off on release), Toggle, the
                    // Select's choice; a Level's dB comes from the control
};

// The action named `name`, or nothing if there is no such key (a listen-<channel> key is
// returned whatever the channel: the session's validation checks it exists).
std::optional<HardwareKeyAction> hardwareKeyAction(std::string_view name);

// The other way: the hardware key's name and value that make `press` (as the remote console
// protocol carries presses): {"mic", 1}, {"mic-toggle", 1}, {"output-b", 1}, {"volume", -12}.
struct NamedHardwarePress {
    std::string name;
    float value = 1.0f;
};
NamedHardwarePress hardwarePressOf(const KeyPress& press);

} // namespace dragoman
