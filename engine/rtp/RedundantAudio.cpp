// See RedundantAudio.h. Block header (RFC 2198, 3): F | block PT (7) | timestamp offset (14) |
// block length (10); the last header, the primary's, is F = 0 | PT (7).
#include "RedundantAudio.h"

namespace dragoman {

std::optional<RedundantPayload> parseRedundantPayload(std::span<const std::uint8_t> payload) {
    struct Header {
        std::uint8_t type;
        std::uint16_t offset;
        std::size_t length;
    };
    RedundantPayload red;
    std::optional<Header> nearest;
    std::size_t at = 0;
    std::size_t dataBytes = 0;
    int redundant = 0;
    while (true) {
        if (at >= payload.size())
            return std::nullopt; // headers without a primary
        const std::uint8_t first = payload[at];
        if ((first & 0x80) == 0) {
            red.primaryType = first & 0x7f;
            ++at;
            break;
        }
        if (at + 4 > payload.size())
            return std::nullopt;
        const std::uint32_t word = (std::uint32_t{payload[at + 1]} << 16) |
                                   (std::uint32_t{payload[at + 2]} << 8) | payload[at + 3];
        nearest =
            Header{static_cast<std::uint8_t>(first & 0x7f), static_cast<std::uint16_t>(word >> 10),
                   static_cast<std::size_t>(word & 0x3ff)};
        dataBytes += nearest->length;
        ++redundant;
        at += 4;
    }
    if (at + dataBytes > payload.size())
        return std::nullopt;
    // Redundant data come in header order; the nearest (last header) just before the primary.
    const std::size_t primaryAt = at + dataBytes;
    if (nearest)
        red.previous =
            RedundantBlock{nearest->type, nearest->offset,
                           payload.subspan(primaryAt - nearest->length, nearest->length)};
    red.primary = payload.subspan(primaryAt);
    red.blocks = redundant + 1;
    return red;
}

void writeRedundantPayload(std::vector<std::uint8_t>& out, std::uint8_t primaryType,
                           std::span<const std::uint8_t> primary,
                           const std::optional<RedundantBlock>& previous) {
    out.clear();
    if (previous && previous->data.size() <= 0x3ff && previous->timestampOffset < 0x4000) {
        const std::uint32_t word = (std::uint32_t{previous->timestampOffset} << 10) |
                                   static_cast<std::uint32_t>(previous->data.size());
        out.push_back(static_cast<std::uint8_t>(0x80 | (previous->payloadType & 0x7f)));
        out.push_back(static_cast<std::uint8_t>(word >> 16));
        out.push_back(static_cast<std::uint8_t>(word >> 8));
        out.push_back(static_cast<std::uint8_t>(word));
        out.push_back(primaryType & 0x7f);
        out.insert(out.end(), previous->data.begin(), previous->data.end());
    } else {
        out.push_back(primaryType & 0x7f);
    }
    out.insert(out.end(), primary.begin(), primary.end());
}

} // namespace dragoman
