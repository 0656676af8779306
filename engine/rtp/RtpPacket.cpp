// See RtpPacket.h.
#include "RtpPacket.h"

#include <random>

namespace dragoman {

const char* rtpRefusalName(RtpRefusal refusal) {
    switch (refusal) {
    case RtpRefusal::TooShort:
        return "shorter than an RTP header";
    case RtpRefusal::WrongVersion:
        return "not RTP version 2";
    case RtpRefusal::TruncatedCsrcs:
        return "CSRC list cut short";
    case RtpRefusal::TruncatedExtension:
        return "header extension cut short";
    case RtpRefusal::BadPadding:
        break;
    }
    return "bad padding";
}

namespace {

std::uint16_t read16(const std::uint8_t* p) {
    return static_cast<std::uint16_t>((p[0] << 8) | p[1]);
}

std::uint32_t read32(const std::uint8_t* p) {
    return (static_cast<std::uint32_t>(p[0]) << 24) | (static_cast<std::uint32_t>(p[1]) << 16) |
           (static_cast<std::uint32_t>(p[2]) << 8) | p[3];
}

void write16(std::vector<std::uint8_t>& out, std::uint16_t v) {
    out.push_back(static_cast<std::uint8_t>(v >> 8));
    out.push_back(static_cast<std::uint8_t>(v));
}

void write32(std::vector<std::uint8_t>& out, std::uint32_t v) {
    write16(out, static_cast<std::uint16_t>(v >> 16));
    write16(out, static_cast<std::uint16_t>(v));
}

RtpParse refuse(RtpRefusal why) {
    return {std::nullopt, why};
}

} // namespace

RtpParse parseRtp(std::span<const std::uint8_t> datagram) {
    constexpr std::size_t kFixed = 12;
    if (datagram.size() < kFixed)
        return refuse(RtpRefusal::TooShort);
    const std::uint8_t* p = datagram.data();
    if ((p[0] >> 6) != 2)
        return refuse(RtpRefusal::WrongVersion);
    const bool padding = (p[0] & 0x20) != 0;
    const bool extension = (p[0] & 0x10) != 0;
    const std::size_t csrcs = p[0] & 0x0F;
    RtpView view;
    view.header.marker = (p[1] & 0x80) != 0;
    view.header.payloadType = p[1] & 0x7F;
    view.header.sequence = read16(p + 2);
    view.header.timestamp = read32(p + 4);
    view.header.ssrc = read32(p + 8);
    std::size_t offset = kFixed + 4 * csrcs;
    if (offset > datagram.size())
        return refuse(RtpRefusal::TruncatedCsrcs);
    if (extension) {
        if (offset + 4 > datagram.size())
            return refuse(RtpRefusal::TruncatedExtension);
        const std::size_t words = read16(p + offset + 2);
        offset += 4 + 4 * words;
        if (offset > datagram.size())
            return refuse(RtpRefusal::TruncatedExtension);
    }
    std::size_t end = datagram.size();
    if (padding) {
        const std::size_t count = p[end - 1];
        if (count == 0 || count > end - offset)
            return refuse(RtpRefusal::BadPadding);
        end -= count;
    }
    view.payload = datagram.subspan(offset, end - offset);
    return {view, RtpRefusal::TooShort};
}

void writeRtp(std::vector<std::uint8_t>& out, const RtpHeader& header,
              std::span<const std::uint8_t> payload) {
    out.clear();
    out.push_back(0x80); // version 2, no padding, extension or CSRCs
    out.push_back(
        static_cast<std::uint8_t>((header.marker ? 0x80 : 0) | (header.payloadType & 0x7F)));
    write16(out, header.sequence);
    write32(out, header.timestamp);
    write32(out, header.ssrc);
    out.insert(out.end(), payload.begin(), payload.end());
}

std::vector<std::uint8_t> serializeRtp(const RtpHeader& header,
                                       std::span<const std::uint8_t> payload) {
    std::vector<std::uint8_t> out;
    out.reserve(12 + payload.size());
    writeRtp(out, header, payload);
    return out;
}

std::uint32_t randomRtpWord() {
    static thread_local std::mt19937 generator{std::random_device{}()};
    return static_cast<std::uint32_t>(generator());
}

} // namespace dragoman
