// libFuzzer target for the WAV header walk that finds a file cut short: any bytes, any file
// size; it never reads past the bytes given, and what it finds fits the file it was told of.
#include "files/WavDataLength.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>

using namespace dragoman;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    // The first 8 bytes say how large the file is; the rest is its head.
    if (size < 8)
        return 0;
    std::uint64_t fileBytes = 0;
    std::memcpy(&fileBytes, data, sizeof fileBytes);
    const std::span<const std::uint8_t> head(data + 8, size - 8);
    const auto length = findWavDataLength(head, fileBytes);
    if (!length)
        return 0;
    if (length->availableBytes > fileBytes || length->promisedBytes == 0 ||
        length->describe().size() > 200)
        std::abort();
    return 0;
}
