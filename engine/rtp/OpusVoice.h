// One remote audio path's Opus coder: a mono 48 kHz encoder in restricted low-delay mode
// (CELT only: 2.5 ms look-ahead, frames of 2.5 to 20 ms, full band) and its decoder, with
// packet-loss concealment. Owned by one thread each; after construction neither allocates, so the
// decoder can run on the audio thread. (Debian's libopus 1.3.1 custom modes abort on decode;
// these are the standard ones.)
#pragma once

#include <cstdint>
#include <span>

struct OpusEncoder;
struct OpusDecoder;

namespace dragoman {

inline constexpr int kOpusRate = 48000;

struct OpusVoiceSettings {
    double frameMs = 2.5; // 2.5, 5 or 10 (remote booths); 20 too (web listeners)
    int bitrateKbps = 64;
    int complexity = 10;
    int frameSamples() const { return static_cast<int>(frameMs * kOpusRate / 1000.0 + 0.5); }
};

// Throws std::invalid_argument naming a setting out of range.
void checkOpusVoiceSettings(const OpusVoiceSettings& settings);

class OpusVoiceEncoder {
public:
    explicit OpusVoiceEncoder(const OpusVoiceSettings& settings); // throws std::runtime_error
    ~OpusVoiceEncoder();
    OpusVoiceEncoder(const OpusVoiceEncoder&) = delete;
    OpusVoiceEncoder& operator=(const OpusVoiceEncoder&) = delete;

    // One frame (frameSamples() samples) into `packet`; returns the packet's size (0 on error).
    std::size_t encode(const float* frame, std::span<std::uint8_t> packet) noexcept;
    int frameSamples() const { return frameSamples_; }
    int lookaheadSamples() const { return lookahead_; }

private:
    OpusEncoder* encoder_ = nullptr;
    int frameSamples_ = 0;
    int lookahead_ = 0;
};

class OpusVoiceDecoder {
public:
    explicit OpusVoiceDecoder(int frameSamples); // throws std::runtime_error
    ~OpusVoiceDecoder();
    OpusVoiceDecoder(const OpusVoiceDecoder&) = delete;
    OpusVoiceDecoder& operator=(const OpusVoiceDecoder&) = delete;

    // Each writes exactly one frame into `out`, whatever happens (silence if libopus refuses):
    // a packet, a packet's in-band FEC copy of the frame before it (SILK modes only; CELT
    // packets give concealment), or concealment of a missing frame.
    void decode(std::span<const std::uint8_t> packet, float* out) noexcept;
    void decodeFec(std::span<const std::uint8_t> nextPacket, float* out) noexcept;
    void conceal(float* out) noexcept;
    void reset() noexcept;                           // for a new stream
    std::uint64_t errors() const { return errors_; } // packets libopus could not decode

private:
    void run(const std::uint8_t* data, std::size_t size, bool fec, float* out) noexcept;
    OpusDecoder* decoder_ = nullptr;
    int frameSamples_ = 0;
    std::uint64_t errors_ = 0;
};

} // namespace dragoman
