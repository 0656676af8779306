// See OpusVoice.h.
#include "OpusVoice.h"

#include <algorithm>
#include <cmath>
#include <opus.h>
#include <stdexcept>
#include <string>

namespace dragoman {

void checkOpusVoiceSettings(const OpusVoiceSettings& s) {
    if (s.frameMs != 2.5 && s.frameMs != 5.0 && s.frameMs != 10.0 && s.frameMs != 20.0)
        throw std::invalid_argument("frameMs must be 2.5, 5, 10 or 20 (low-delay Opus frames)");
    if (s.bitrateKbps < 6 || s.bitrateKbps > 510)
        throw std::invalid_argument("bitrateKbps must be 6 to 510");
    if (s.complexity < 0 || s.complexity > 10)
        throw std::invalid_argument("complexity must be 0 to 10");
}

OpusVoiceEncoder::OpusVoiceEncoder(const OpusVoiceSettings& settings)
    : frameSamples_(settings.frameSamples()) {
    checkOpusVoiceSettings(settings);
    int error = OPUS_OK;
    encoder_ = opus_encoder_create(kOpusRate, 1, OPUS_APPLICATION_RESTRICTED_LOWDELAY, &error);
    if (error != OPUS_OK || encoder_ == nullptr)
        throw std::runtime_error(std::string("cannot create an Opus encoder: ") +
                                 opus_strerror(error));
    opus_encoder_ctl(encoder_, OPUS_SET_BITRATE(settings.bitrateKbps * 1000));
    opus_encoder_ctl(encoder_, OPUS_SET_COMPLEXITY(settings.complexity));
    opus_encoder_ctl(encoder_, OPUS_SET_SIGNAL(OPUS_SIGNAL_VOICE));
    // Full band always: interpreters and listeners need up to 15 kHz, whatever the bitrate.
    opus_encoder_ctl(encoder_, OPUS_SET_BANDWIDTH(OPUS_BANDWIDTH_FULLBAND));
    // Constant bitrate: a live path's packets keep one size, so the network sees no bursts
    // when the interpreter starts to speak.
    opus_encoder_ctl(encoder_, OPUS_SET_VBR(0));
    opus_encoder_ctl(encoder_, OPUS_GET_LOOKAHEAD(&lookahead_));
}

OpusVoiceEncoder::~OpusVoiceEncoder() {
    opus_encoder_destroy(encoder_);
}

std::size_t OpusVoiceEncoder::encode(const float* frame, std::span<std::uint8_t> packet) noexcept {
    const opus_int32 size =
        opus_encode_float(encoder_, frame, frameSamples_, packet.data(),
                          static_cast<opus_int32>(std::min<std::size_t>(packet.size(), 1276)));
    return size > 0 ? static_cast<std::size_t>(size) : 0;
}

OpusVoiceDecoder::OpusVoiceDecoder(int frameSamples) : frameSamples_(frameSamples) {
    int error = OPUS_OK;
    decoder_ = opus_decoder_create(kOpusRate, 1, &error);
    if (error != OPUS_OK || decoder_ == nullptr)
        throw std::runtime_error(std::string("cannot create an Opus decoder: ") +
                                 opus_strerror(error));
}

OpusVoiceDecoder::~OpusVoiceDecoder() {
    opus_decoder_destroy(decoder_);
}

void OpusVoiceDecoder::run(const std::uint8_t* data, std::size_t size, bool fec,
                           float* out) noexcept {
    const int decoded = opus_decode_float(decoder_, data, static_cast<opus_int32>(size), out,
                                          frameSamples_, fec ? 1 : 0);
    if (decoded == frameSamples_)
        return;
    if (decoded < 0 && data != nullptr)
        ++errors_;
    // A packet of another frame size, or a refusal: never leave the frame half written.
    std::fill(out + std::max(decoded, 0), out + frameSamples_, 0.0f);
}

void OpusVoiceDecoder::decode(std::span<const std::uint8_t> packet, float* out) noexcept {
    run(packet.data(), packet.size(), false, out);
}

void OpusVoiceDecoder::decodeFec(std::span<const std::uint8_t> nextPacket, float* out) noexcept {
    run(nextPacket.data(), nextPacket.size(), true, out);
}

void OpusVoiceDecoder::reset() noexcept {
    opus_decoder_ctl(decoder_, OPUS_RESET_STATE);
}

void OpusVoiceDecoder::conceal(float* out) noexcept {
    run(nullptr, 0, false, out);
}

} // namespace dragoman
