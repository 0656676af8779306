// A MIDI message from a hardware key as it arrives from a controller (RtMidi delivers one
// whole message at a time, of any length): a note or a control change, or nothing for
// everything else (SysEx, clock, program changes...). A controller is outside input: any bytes
// decode to a message in range or to nothing (fuzzed: tests/fuzz/MidiFuzz.cpp).
#pragma once

#include "session/Session.h"

#include <cstdint>
#include <optional>
#include <span>

namespace dragoman {

struct MidiMessage {
    MidiKey::Message kind = MidiKey::Message::Note;
    int number = 0;  // note or controller, 0-127
    int channel = 1; // 1-16
    int value = 0;   // velocity (0 = released, as a note-off) or controller value, 0-127

    // A note held, or a control at 64 or above (a footswitch's "down").
    bool down() const { return kind == MidiKey::Message::Note ? value > 0 : value >= 64; }
};

std::optional<MidiMessage> decodeMidiMessage(std::span<const std::uint8_t> bytes);

} // namespace dragoman
