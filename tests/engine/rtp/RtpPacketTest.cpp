// RTP packets as remote booths exchange them: fields survive a round trip, CSRCs, header
// extensions and padding are stepped over, and every kind of broken datagram is refused
// with its reason rather than read past its end.
#include "rtp/RtpPacket.h"

#include <catch2/catch.hpp>
#include <vector>

using namespace dragoman;

namespace {

std::vector<std::uint8_t> bytes(std::initializer_list<int> values) {
    std::vector<std::uint8_t> out;
    for (const int v : values)
        out.push_back(static_cast<std::uint8_t>(v));
    return out;
}

} // namespace

TEST_CASE("an RTP packet round-trips its header fields and payload", "[rtp]") {
    const std::vector<std::uint8_t> opus{0xFC, 0x01, 0x02, 0x03};
    const RtpHeader header{true, 111, 0xFFFE, 0xDEADBEEF, 0x01020304};
    const std::vector<std::uint8_t> datagram = serializeRtp(header, opus);
    CHECK(datagram.size() == 16);
    const RtpParse parse = parseRtp(datagram);
    REQUIRE(parse.packet);
    CHECK(parse.packet->header.marker);
    CHECK(parse.packet->header.payloadType == 111);
    CHECK(parse.packet->header.sequence == 0xFFFE);
    CHECK(parse.packet->header.timestamp == 0xDEADBEEF);
    CHECK(parse.packet->header.ssrc == 0x01020304);
    CHECK(std::vector<std::uint8_t>(parse.packet->payload.begin(), parse.packet->payload.end()) ==
          opus);
}

TEST_CASE("CSRCs, a header extension and padding are stepped over", "[rtp]") {
    // V=2, P=1, X=1, CC=1; PT 96; then one CSRC, an extension of one word, payload AA BB,
    // and two bytes of padding (the last says 2).
    const auto datagram = bytes({0xB1, 96,   0, 1, 0, 0, 0, 7, 0, 0, 0, 9, // fixed header
                                 1,    2,    3, 4,                         // CSRC
                                 0xBE, 0xDE, 0, 1, 9, 9, 9, 9,             // extension
                                 0xAA, 0xBB, 0, 2});                       // payload, padding
    const RtpParse parse = parseRtp(datagram);
    REQUIRE(parse.packet);
    CHECK(parse.packet->header.sequence == 1);
    CHECK(parse.packet->header.timestamp == 7);
    CHECK(std::vector<std::uint8_t>(parse.packet->payload.begin(), parse.packet->payload.end()) ==
          bytes({0xAA, 0xBB}));
}

TEST_CASE("broken datagrams are refused with the reason, never read past their end", "[rtp]") {
    auto refusal = [](const std::vector<std::uint8_t>& d) {
        const RtpParse parse = parseRtp(d);
        return parse.packet ? std::string("accepted") : std::string(rtpRefusalName(parse.refusal));
    };
    CHECK(refusal(bytes({0x80, 96, 0, 1})) == "shorter than an RTP header");
    CHECK(refusal(bytes({0x40, 96, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0})) == "not RTP version 2");
    CHECK(refusal(bytes({0x82, 96, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4})) ==
          "CSRC list cut short");
    CHECK(refusal(bytes({0x90, 96, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0xBE, 0xDE})) ==
          "header extension cut short");
    CHECK(refusal(bytes({0x90, 96, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0xBE, 0xDE, 0, 9, 1, 2})) ==
          "header extension cut short");
    CHECK(refusal(bytes({0xA0, 96, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0xAA, 0})) == "bad padding");
    CHECK(refusal(bytes({0xA0, 96, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0xAA, 5})) == "bad padding");
    CHECK(refusal(bytes({0x80, 96, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0})) == "accepted"); // empty
}

TEST_CASE("sequence numbers compare across the wrap", "[rtp]") {
    CHECK(sequenceAfter(1, 0));
    CHECK(sequenceAfter(0, 0xFFFF));
    CHECK(sequenceAfter(5, 0xFFF0));
    CHECK_FALSE(sequenceAfter(0xFFFF, 0));
    CHECK_FALSE(sequenceAfter(7, 7));
}
