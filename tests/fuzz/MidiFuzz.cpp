// libFuzzer target for MIDI message decoding: the input is cut into messages of any length
// (RtMidi hands over whole messages, a controller sends what it likes); each decodes to a
// note or control in range, or to nothing, and only a well-formed note or control decodes.
#include "surfaces/MidiMessage.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>

using namespace dragoman;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    for (std::size_t at = 0; at < size;) {
        const std::size_t length = std::min<std::size_t>(data[at] % 6, size - at - 1);
        const std::span<const std::uint8_t> bytes(data + at + 1, length);
        at += 1 + length;
        const auto message = decodeMidiMessage(bytes);
        if (!message)
            continue;
        const int status = bytes[0] & 0xF0;
        if (bytes.size() != 3 || (status != 0x80 && status != 0x90 && status != 0xB0) ||
            message->number < 0 || message->number > 127 || message->value < 0 ||
            message->value > 127 || message->channel < 1 || message->channel > 16 ||
            (status == 0x80 && message->down()))
            std::abort();
    }
    return 0;
}
