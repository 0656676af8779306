// libFuzzer target for what a remote booth reads off the network before it trusts a byte:
// the RTP parser, the RED payload parser and the protocol's handshake and control message
// parsers (and a message's recipient and text checks), each on the input as one datagram, and the
// jitter buffer, fed the input cut into datagrams with arbitrary arrival times and popped between
// them. Built with ASan and UBSan, so any read past a datagram, any overflow or any broken
// invariant stops the run.
#include "control/BoothMessage.h"
#include "rtp/JitterBuffer.h"
#include "rtp/RedundantAudio.h"
#include "rtp/RemoteMessages.h"
#include "rtp/RtpPacket.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>

using namespace dragoman;

namespace {

void require(bool condition) {
    if (!condition)
        std::abort();
}

// A parsed packet's payload lies inside the datagram, and a plain packet made of its header
// and payload parses back to the same.
void checkParse(std::span<const std::uint8_t> datagram) {
    const RtpParse parse = parseRtp(datagram);
    if (!parse.packet)
        return;
    const auto& payload = parse.packet->payload;
    require(payload.data() >= datagram.data());
    require(payload.data() + payload.size() <= datagram.data() + datagram.size());
    const auto again = serializeRtp(parse.packet->header, payload);
    const RtpParse reparse = parseRtp(again);
    require(reparse.packet.has_value());
    require(reparse.packet->header.sequence == parse.packet->header.sequence);
    require(reparse.packet->header.timestamp == parse.packet->header.timestamp);
    require(reparse.packet->payload.size() == payload.size());
}

// Redundant blocks and the primary lie inside the payload; messages that parse serialize
// to something that parses again.
void checkPayloadAndMessages(std::span<const std::uint8_t> bytes) {
    if (const auto red = parseRedundantPayload(bytes)) {
        require(red->primary.data() + red->primary.size() == bytes.data() + bytes.size());
        if (red->previous)
            require(red->previous->data.data() >= bytes.data() &&
                    red->previous->data.data() + red->previous->data.size() <= red->primary.data());
    }
    if (const auto handshake = parseHandshake(bytes); handshake.message)
        require(parseHandshake(serializeHandshake(*handshake.message)).message.has_value());
    else
        require(!handshake.refusal.empty());
    if (const auto control = parseControl(bytes); control.message) {
        require(parseControl(serializeControl(*control.message, 1)).message.has_value());
        // A message's words are judged as the host and the console judge them: a reason, or
        // fit, never a crash.
        if (const auto* post = std::get_if<PostMessage>(&*control.message)) {
            const RecipientParse to = parseRecipient(post->to);
            require(to.recipient.has_value() != !to.error.empty());
            (void)messageTextProblem(post->text);
        }
        if (const auto* delivery = std::get_if<DeliveryMessage>(&*control.message)) {
            if (const auto to = parseRecipient(delivery->to).recipient)
                require(parseRecipient(recipientText(*to)).recipient == to);
            (void)messageTextProblem(delivery->text);
        }
    } else {
        require(!control.refusal.empty());
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    checkParse({data, size});
    checkPayloadAndMessages({data, size});

    JitterBuffer buffer({});
    double now = 0.0;
    for (std::size_t at = 0; at + 1 < size;) {
        const std::size_t length = data[at] % 48;
        const std::uint8_t pace = data[at + 1];
        at += 2;
        const std::span<const std::uint8_t> datagram{data + at, std::min(length, size - at)};
        at += datagram.size();
        const RtpParse parse = parseRtp(datagram);
        if (parse.packet)
            buffer.push(parse.packet->header, parse.packet->payload, now);
        now += (pace % 32) * 0.001;
        for (int pops = pace / 64; pops >= 0; --pops) {
            const JitterBuffer::Playout playout = buffer.pop();
            require(playout.payload.size() <= 1276);
            if (playout.kind != JitterBuffer::Playout::Kind::Packet &&
                playout.kind != JitterBuffer::Playout::Kind::Fec)
                require(playout.payload.empty());
        }
        const auto& stats = buffer.stats();
        require(stats.targetDelayFrames >= 2 && stats.targetDelayFrames <= 40);
        require(stats.depthFrames >= 0 && stats.depthFrames <= 65536);
    }
    return 0;
}
