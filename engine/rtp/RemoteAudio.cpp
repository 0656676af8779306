// See RemoteAudio.h.
#include "RemoteAudio.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace dragoman {

std::optional<QueuedPacket> QueuedPacket::of(const RtpView& packet, double arrivalSeconds,
                                             std::uint32_t epoch) {
    if (packet.payload.size() > kMaxPayload)
        return std::nullopt;
    QueuedPacket queued;
    queued.epoch = epoch;
    queued.arrival = arrivalSeconds;
    queued.header = packet.header;
    queued.size = static_cast<std::uint16_t>(packet.payload.size());
    std::copy(packet.payload.begin(), packet.payload.end(), queued.payload);
    return queued;
}

RemoteAudioSender::RemoteAudioSender(const OpusVoiceSettings& settings, std::uint32_t ssrc,
                                     bool redundancy)
    : encoder_(settings), ssrc_(ssrc), redundancy_(redundancy),
      sequence_(static_cast<std::uint16_t>(randomRtpWord())), timestamp_(randomRtpWord()),
      frame_(1276), previous_(1276) {
    payload_.reserve(2 * 1276 + 8);
    packet_.reserve(2 * 1276 + 8 + 12);
}

std::span<const std::uint8_t> RemoteAudioSender::packetize(const float* frame) noexcept {
    const std::size_t size = encoder_.encode(frame, frame_);
    const std::span<const std::uint8_t> coded(frame_.data(), size);
    RtpHeader header;
    header.sequence = sequence_++;
    header.timestamp = timestamp_;
    header.ssrc = ssrc_;
    timestamp_ += static_cast<std::uint32_t>(encoder_.frameSamples());
    header.payloadType = kRedPayloadType;
    std::optional<RedundantBlock> previous;
    if (redundancy_ && previousSize_ > 0)
        previous = RedundantBlock{kOpusPayloadType,
                                  static_cast<std::uint16_t>(encoder_.frameSamples()),
                                  {previous_.data(), previousSize_}};
    writeRedundantPayload(payload_, kOpusPayloadType, coded, previous);
    std::copy(coded.begin(), coded.end(), previous_.begin());
    previousSize_ = size;
    writeRtp(packet_, header, payload_);
    return packet_;
}

RemoteAudioReceiver::RemoteAudioReceiver(int frameSamples, int minDelayFrames, Drift drift,
                                         Payload payload,
                                         JitterBuffer::RedundancyWait redundancyWait)
    : frameSamples_(frameSamples), payload_(payload), buffer_([&] {
          JitterBuffer::Settings settings;
          settings.frameSamples = static_cast<std::uint32_t>(frameSamples);
          settings.minDelayFrames = minDelayFrames;
          settings.redundancyWait = redundancyWait;
          settings.maxDelayFrames = std::max(minDelayFrames + 1, 48000 / frameSamples / 4);
          settings.maxPayload = 2 * 1276 + 8; // a RED packet: two Opus frames and headers
          settings.slackFrames = drift == Drift::SkipOrConceal ? 0 : 1;
          settings.delayKeeper = drift == Drift::ResampleToLead ? JitterBuffer::DelayKeeper::Reader
                                                                : JitterBuffer::DelayKeeper::Buffer;
          return settings;
      }()),
      decoder_(frameSamples), driftMode_(drift), decoded_(static_cast<std::size_t>(frameSamples)),
      decodedAt_(static_cast<std::uint32_t>(frameSamples)) {
    // 16 taps a side: 0.3 ms of delay, flat to 20 kHz. Ratio changes are smoothed over about
    // 50 frames' worth of control updates.
    if (resampler_.setup(1.0, 1, 16) != 0)
        throw std::runtime_error("cannot set up the drift resampler");
    resampler_.set_rrfilt(50.0);
}

void RemoteAudioReceiver::play(float* out, std::uint32_t samples) noexcept {
    if (driftMode_ == Drift::SkipOrConceal) {
        for (std::uint32_t done = 0; done < samples;) {
            if (decodedAt_ == decoded_.size()) {
                pullFrame(decoded_.data());
                decodedAt_ = 0;
            }
            const auto n = std::min<std::uint32_t>(
                samples - done, static_cast<std::uint32_t>(decoded_.size()) - decodedAt_);
            std::copy_n(decoded_.data() + decodedAt_, n, out + done);
            decodedAt_ += n;
            done += n;
        }
        return;
    }
    if (driftMode_ == Drift::ResampleToLead && buffer_.playing()) {
        const double ready = static_cast<double>(buffer_.readyFrames()) * frameSamples_ +
                             static_cast<double>(decoded_.size() - decodedAt_);
        const double lead = ready - samples;
        // Averaged over about 64 frames, as heldFrames_: what the drift control keeps level,
        // smooth to a fraction of a frame where frames held after a pop are whole.
        leadFrames_ +=
            (lead / frameSamples_ - leadFrames_) * std::min(1.0, samples / (64.0 * frameSamples_));
        if (lead_.observe(lead, samples))
            trimDelay();
    }
    resampler_.out_data = out;
    resampler_.out_count = samples;
    while (resampler_.out_count > 0) {
        if (decodedAt_ == decoded_.size()) {
            pullFrame(decoded_.data());
            decodedAt_ = 0;
            resampler_.set_rratio(followRatio());
        }
        resampler_.inp_data = decoded_.data() + decodedAt_;
        resampler_.inp_count = static_cast<unsigned int>(decoded_.size()) - decodedAt_;
        resampler_.process();
        decodedAt_ = static_cast<std::uint32_t>(decoded_.size()) - resampler_.inp_count;
    }
}

double RemoteAudioReceiver::followRatio() noexcept {
    const auto& s = buffer_.stats();
    if (s.played == 0)
        return 1.0;
    // Trimmed by the least lead, the level kept is the average lead, which moves by
    // fractions of a frame, and need not follow the buffer's target in whole frames too (a
    // target that came down would take a frame off a delay already trimmed).
    if (driftMode_ == Drift::ResampleToLead) {
        const auto stepped = static_cast<double>(s.stretched - seenStretched_) -
                             static_cast<double>(s.skipped - seenSkipped_);
        seenStretched_ = s.stretched;
        seenSkipped_ = s.skipped;
        if (stepped != 0.0) {
            drift_.stepped(stepped);
            leadFrames_ += stepped; // the average, at once
        }
        return drift_.update(leadFrames_, 0, frameSamples_ / 48000.0);
    }
    return drift_.update(heldFrames_, s.targetDelayFrames, frameSamples_ / 48000.0);
}

// The level the drift control keeps moves by what the least lead of the last second holds
// beyond the margin (up to two frames at a time), or by what it came short of it (up to the
// margin: a read that came short made the buffer wait a whole frame, which the level took
// already), measured over a whole second since the last move was played out.
void RemoteAudioReceiver::trimDelay() noexcept {
    sinceTrimSeconds_ = drift_.shifting() ? 0.0 : sinceTrimSeconds_ + 0.1;
    const auto least = lead_.least();
    if (!least || !drift_.settled() || sinceTrimSeconds_ < 1.0)
        return;
    const double frameSeconds = frameSamples_ / 48000.0;
    const double wanted =
        kLeadMarginSeconds / frameSeconds + (buffer_.waitsForRedundancy() ? 1.0 : 0.0);
    const double excess = *least / frameSamples_ - wanted;
    if (excess > 0.05 || excess < 0.0) {
        drift_.shift(std::clamp(excess, -wanted, 2.0));
        sinceTrimSeconds_ = 0.0;
    }
}

JitterBuffer::Arrival RemoteAudioReceiver::push(const RtpView& packet,
                                                double arrivalSeconds) noexcept {
    if (packet.header.payloadType != (payload_.redundant ? kRedPayloadType : payload_.opusType)) {
        ++wrongType_;
        return JitterBuffer::Arrival::TooLarge; // not ours to hold; counted above
    }
    return buffer_.push(packet.header, packet.payload, arrivalSeconds);
}

void RemoteAudioReceiver::pullFrame(float* out) noexcept {
    const JitterBuffer::Playout playout = buffer_.pop();
    using Kind = JitterBuffer::Playout::Kind;
    if (playout.kind != Kind::Waiting)
        heldFrames_ += (buffer_.stats().depthFrames - heldFrames_) / 64.0;
    switch (playout.kind) {
    case Kind::Waiting:
        std::fill(out, out + frameSamples_, 0.0f);
        return;
    case Kind::Conceal:
        decoder_.conceal(out);
        return;
    case Kind::Packet:
    case Kind::Fec:
        break;
    }
    if (!payload_.redundant) { // plain Opus: a lost frame from the next packet's FEC
        if (playout.kind == Kind::Packet) {
            decoder_.decode(playout.payload, out);
            return;
        }
        if (playout.payload.empty() || (playout.payload[0] >> 3) >= 16)
            ++celtWithoutFec_;
        decoder_.decodeFec(playout.payload, out);
        return;
    }
    const auto red = parseRedundantPayload(playout.payload);
    if (!red || red->primaryType != kOpusPayloadType) {
        ++malformed_;
        decoder_.conceal(out);
        return;
    }
    if (playout.kind == Kind::Packet) {
        decoder_.decode(red->primary, out);
        return;
    }
    // This frame was lost: the next packet carries it again, or at least its FEC.
    if (red->previous && red->previous->payloadType == kOpusPayloadType &&
        red->previous->timestampOffset == frameSamples_) {
        ++recoveredByRedundancy_;
        decoder_.decode(red->previous->data, out);
    } else {
        // The TOC's configurations 16-31 are CELT-only, which carries no FEC (RFC 6716, 3.1).
        if (red->primary.empty() || (red->primary[0] >> 3) >= 16)
            ++celtWithoutFec_;
        decoder_.decodeFec(red->primary, out);
    }
}

void RemoteAudioReceiver::reset() noexcept {
    buffer_.reset();
    decoder_.reset();
    drift_.reset();
    resampler_.reset();
    resampler_.set_rratio(1.0);
    decodedAt_ = static_cast<std::uint32_t>(decoded_.size());
    heldFrames_ = 0.0;
    leadFrames_ = 0.0;
    lead_.reset();
    sinceTrimSeconds_ = 0.0;
}

RemoteAudioReceiver::Stats RemoteAudioReceiver::stats() const {
    const JitterBuffer::Stats& buffer = buffer_.stats();
    Stats stats;
    stats.buffer = buffer;
    stats.recoveredByRedundancy = recoveredByRedundancy_;
    stats.unrecovered = buffer.concealed + celtWithoutFec_;
    stats.malformed = malformed_;
    stats.wrongType = wrongType_;
    stats.decodeErrors = decoder_.errors();
    stats.heldFrames = heldFrames_;
    stats.driftPpm = drift_.driftPpm();
    stats.leastLeadMs = lead_.least().value_or(0.0) / 48.0;
    return stats;
}

} // namespace dragoman
