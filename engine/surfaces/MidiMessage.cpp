// See MidiMessage.h.
#include "MidiMessage.h"

namespace dragoman {

std::optional<MidiMessage> decodeMidiMessage(std::span<const std::uint8_t> bytes) {
    // Notes and controls are exactly three bytes: a status byte and two data bytes.
    if (bytes.size() != 3 || (bytes[0] & 0x80) == 0 || (bytes[1] & 0x80) != 0 ||
        (bytes[2] & 0x80) != 0)
        return std::nullopt;
    MidiMessage message;
    message.channel = (bytes[0] & 0x0F) + 1;
    message.number = bytes[1];
    message.value = bytes[2];
    switch (bytes[0] & 0xF0) {
    case 0x90:
        message.kind = MidiKey::Message::Note;
        return message;
    case 0x80:
        message.kind = MidiKey::Message::Note;
        message.value = 0;
        return message;
    case 0xB0:
        message.kind = MidiKey::Message::ControlChange;
        return message;
    default:
        return std::nullopt;
    }
}

} // namespace dragoman
