// The audio thread's half of a recorded or streamed signal: after Engine::process, capture()
// copies the floor (all its channels, interleaved) or one language channel out of the block
// into a lock-free ring; a writer or streamer thread reads it back. A full ring drops whole
// blocks and counts them. Also names the signals a session has ("floor", channel ids).
#pragma once

#include "Engine.h"
#include "base/RealtimeQueue.h"
#include "session/Session.h"

#include <atomic>
#include <cstdint>
#include <string>
#include <vector>

namespace dragoman {

// Where a signal is in the engine's buffers, and what it is called.
struct SignalSource {
    std::string id;       // "floor" or the channel id
    std::string title;    // "Korea-US online summit: English (en)"
    std::string language; // the channel's ISO 639 code; "" for the floor
    std::string name;     // "English", "Floor"
    bool floor = false;   // ports are floor channels, else one language channel
    bool program = false; // the channel's program feed (AudioBuffers::programs)
    std::vector<std::uint32_t> ports;
    int channels() const { return static_cast<int>(ports.size()); }
};

// The sources for `ids` ("floor" and channel ids; empty = the floor and every channel), the
// channels as they are or their program feeds. Throws std::invalid_argument naming an id the
// session does not have, or a channel without a program feed when `feed` asks for one.
std::vector<SignalSource> signalSources(const Session& session, const EngineLayout& layout,
                                        const std::vector<std::string>& ids,
                                        FeedKind feed = FeedKind::Channel);

class SignalTap {
public:
    static constexpr std::uint32_t kMaxBlockFrames = 4096;

    SignalTap(SignalSource source, double sampleRate, double ringSeconds);

    // Audio thread. No allocation, lock or system call.
    void capture(const AudioBuffers& io) noexcept;

    // The reading thread: up to `most` interleaved samples; returns how many.
    std::size_t read(float* to, std::size_t most) { return ring_.popMany(to, most); }
    // Frames put into the ring so far (not those dropped): where the reader will be once it
    // has read everything captured until now (any thread).
    std::uint64_t capturedFrames() const { return captured_.load(std::memory_order_acquire); }
    // Frames dropped so far because the ring was full (any thread).
    std::uint64_t droppedFrames() const {
        return ring_.dropped() / static_cast<std::uint64_t>(source_.channels());
    }
    const SignalSource& source() const { return source_; }

private:
    const SignalSource source_;
    RealtimeQueue<float> ring_;
    std::vector<float> interleaved_; // the audio thread's
    std::atomic<std::uint64_t> captured_{0};
};

} // namespace dragoman
