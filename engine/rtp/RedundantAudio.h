// RFC 2198 redundant audio, as WebRTC carries Opus: each packet holds its own frame and a copy
// of the frame before it, so a single lost packet is rebuilt whole from the next one. Remote
// booths need it because Opus' own in-band FEC exists only in its SILK modes, and the
// low-delay mode a booth uses (restricted low-delay, CELT only, 2.5-10 ms frames) has none.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

namespace dragoman {

struct RedundantBlock {
    std::uint8_t payloadType = 0;
    std::uint16_t timestampOffset = 0; // how far before the packet's timestamp (14 bits)
    std::span<const std::uint8_t> data;
};

struct RedundantPayload {
    std::uint8_t primaryType = 0;
    std::span<const std::uint8_t> primary;
    std::optional<RedundantBlock> previous; // the one redundant block remote booths send
    int blocks = 1;                         // all blocks in the packet, primary included
};

// Parses a RED payload; nothing if its block headers run past its end, a block is longer
// than 1023 bytes (10 bits), or it has no primary. Extra redundant blocks are counted and
// stepped over; `previous` is the one nearest the primary.
std::optional<RedundantPayload> parseRedundantPayload(std::span<const std::uint8_t> payload);

// Writes `primary` with `previous` (if any, at most 1023 bytes) before it into `out`
// (cleared first; reserve it to avoid allocation).
void writeRedundantPayload(std::vector<std::uint8_t>& out, std::uint8_t primaryType,
                           std::span<const std::uint8_t> primary,
                           const std::optional<RedundantBlock>& previous);

} // namespace dragoman
