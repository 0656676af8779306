// See WavDataLength.h. RIFF: "RIFF" size "WAVE", then chunks of a 4-byte id, a little-endian
// 32-bit size and the body padded to an even length.
#include "WavDataLength.h"

#include <cstdio>

namespace dragoman {
namespace {

std::uint32_t littleEndian32(std::span<const std::uint8_t> bytes, std::size_t at) {
    return static_cast<std::uint32_t>(bytes[at]) | static_cast<std::uint32_t>(bytes[at + 1]) << 8 |
           static_cast<std::uint32_t>(bytes[at + 2]) << 16 |
           static_cast<std::uint32_t>(bytes[at + 3]) << 24;
}

bool idIs(std::span<const std::uint8_t> bytes, std::size_t at, const char (&id)[5]) {
    for (std::size_t i = 0; i < 4; ++i)
        if (bytes[at + i] != static_cast<std::uint8_t>(id[i]))
            return false;
    return true;
}

std::string seconds(std::uint64_t bytes, std::uint32_t bytesPerSecond) {
    char text[48];
    std::snprintf(text, sizeof text, "%.3f s",
                  static_cast<double>(bytes) / static_cast<double>(bytesPerSecond));
    return text;
}

} // namespace

std::string WavDataLength::describe() const {
    if (bytesPerSecond == 0)
        return "its header promises " + std::to_string(promisedBytes) +
               " bytes of audio but the file holds " + std::to_string(availableBytes);
    return "its header promises " + seconds(promisedBytes, bytesPerSecond) +
           " of audio but the file holds " + seconds(availableBytes, bytesPerSecond);
}

std::optional<WavDataLength> findWavDataLength(std::span<const std::uint8_t> head,
                                               std::uint64_t fileBytes) {
    if (head.size() < 12 || !idIs(head, 0, "RIFF") || !idIs(head, 8, "WAVE"))
        return std::nullopt;
    std::uint32_t bytesPerSecond = 0;
    std::size_t at = 12;
    while (at + 8 <= head.size()) {
        const std::uint32_t size = littleEndian32(head, at + 4);
        const std::size_t body = at + 8;
        if (idIs(head, at, "fmt ") && size >= 16 && body + 16 <= head.size())
            bytesPerSecond = littleEndian32(head, body + 8); // nAvgBytesPerSec
        if (idIs(head, at, "data")) {
            if (size == 0 || size == 0xFFFFFFFFu)
                return std::nullopt;
            WavDataLength length;
            length.promisedBytes = size;
            length.availableBytes = fileBytes > body ? fileBytes - body : 0;
            length.bytesPerSecond = bytesPerSecond;
            return length;
        }
        // The next chunk; a size that runs past what we hold ends the walk.
        const std::uint64_t next = static_cast<std::uint64_t>(body) + size + (size & 1u);
        if (next > head.size())
            return std::nullopt;
        at = static_cast<std::size_t>(next);
    }
    return std::nullopt;
}

} // namespace dragoman
