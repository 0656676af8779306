// RTP packets (RFC 3550) as remote booths carry them: the fixed header, CSRCs and a header
// extension skipped, padding removed, the payload (one Opus packet, RFC 7587) as a view into
// the datagram. Parsing never trusts a length it has not checked: a datagram that is not a
// whole RTP packet is refused with the reason, to be counted, never crashed on.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

namespace dragoman {

struct RtpHeader {
    bool marker = false;
    std::uint8_t payloadType = 0; // 0-127; dynamic types (96-127) for Opus
    std::uint16_t sequence = 0;
    std::uint32_t timestamp = 0; // 48 kHz for Opus, whatever the coded bandwidth
    std::uint32_t ssrc = 0;
};

// Why a datagram is not an RTP packet, for counting.
enum class RtpRefusal : std::uint8_t {
    TooShort,       // under the 12-byte fixed header
    WrongVersion,   // not version 2
    TruncatedCsrcs, // the CSRC count runs past the end
    TruncatedExtension,
    BadPadding, // a padding count of 0 or beyond the payload
};

const char* rtpRefusalName(RtpRefusal refusal);

struct RtpView {
    RtpHeader header;
    std::span<const std::uint8_t> payload; // into the datagram parsed
};

struct RtpParse {
    std::optional<RtpView> packet;
    RtpRefusal refusal = RtpRefusal::TooShort; // when !packet
};

RtpParse parseRtp(std::span<const std::uint8_t> datagram);

// A packet with no CSRCs, extension or padding: the header, then the payload.
std::vector<std::uint8_t> serializeRtp(const RtpHeader& header,
                                       std::span<const std::uint8_t> payload);
// The same into `out` (cleared first): no allocation once `out` has the capacity.
void writeRtp(std::vector<std::uint8_t>& out, const RtpHeader& header,
              std::span<const std::uint8_t> payload);

// A random SSRC, initial sequence number or timestamp, as RFC 3550 asks for them.
std::uint32_t randomRtpWord();

// Sequence numbers wrap at 2^16: `a` comes after `b` if it is less than half the range ahead.
inline bool sequenceAfter(std::uint16_t a, std::uint16_t b) {
    return a != b && static_cast<std::uint16_t>(a - b) < 0x8000;
}

} // namespace dragoman
