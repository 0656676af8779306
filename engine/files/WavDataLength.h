// How much audio a RIFF/WAVE file's header promises against how much the file holds: a WAV
// cut short (a copy interrupted, a disk that filled) still opens in libsndfile, which quietly
// shortens it to what is there, so a render of it would be short without a word. Read from the
// file's first bytes only; a pure function, fuzzed (tests/fuzz/WavHeaderFuzz.cpp).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>

namespace dragoman {

struct WavDataLength {
    std::uint64_t promisedBytes = 0;  // the data chunk's size field
    std::uint64_t availableBytes = 0; // from the chunk's start to the end of the file
    std::uint32_t bytesPerSecond = 0; // from the fmt chunk, 0 if it came after data or is odd
    bool truncated() const { return promisedBytes > availableBytes; }
    // "its header promises 1.000 s of audio but the file holds 0.010 s"
    std::string describe() const;
};

// The data chunk of a RIFF/WAVE file whose first bytes are `head` and whose size is
// `fileBytes`; nothing for other formats (RF64, W64, FLAC...), for a data chunk beyond `head`,
// and for the sizes writers leave as "unknown" while recording (0 and 0xFFFFFFFF).
std::optional<WavDataLength> findWavDataLength(std::span<const std::uint8_t> head,
                                               std::uint64_t fileBytes);

// How many of a file's first bytes findWavDataLength is given: headers before the data chunk
// (bext, iXML, LIST) are at most a few KiB in practice.
inline constexpr std::size_t kWavHeadBytes = 1 << 20;

} // namespace dragoman
