// A duplex PortAudio stream that runs an Engine in its callback. Device channels map to
// engine ports as the session's I/O map says; without one, in the session's order: inputs
// are the floor channels, then one mic per console; outputs are the language channels, then
// one headphone feed per console. Unmapped device outputs are silent; signals without a
// device channel are not connected. The map is read when the stream opens.
// Construction and destruction on a control thread; the callback on PortAudio's audio thread
// (allocation-free: every table is built here).
#pragma once

#include "Engine.h"
#include "io/PortAudioDevices.h"

#include <atomic>
#include <cstdint>
#include <vector>

namespace dragoman {

struct StreamSettings {
    double sampleRate = 0.0; // 0 = the session's
    std::uint32_t blockFrames = 256;
};

class PortAudioStream {
public:
    // Opens and starts the stream. Throws std::runtime_error naming the device and reason.
    PortAudioStream(Engine& engine, const AudioDeviceInfo& device, StreamSettings settings);
    ~PortAudioStream();
    PortAudioStream(const PortAudioStream&) = delete;
    PortAudioStream& operator=(const PortAudioStream&) = delete;

    bool active() const;
    double inputLatencySeconds() const { return inputLatency_; }
    double outputLatencySeconds() const { return outputLatency_; }
    double sampleRate() const { return sampleRate_; }
    int inputChannels() const { return inputChannels_; }
    int outputChannels() const { return outputChannels_; }
    // Callbacks that reported an input overflow or output underflow.
    std::uint64_t xruns() const { return xruns_.load(std::memory_order_relaxed); }

    // PortAudio's audio thread only (called by the stream's callback).
    void processCallback(const void* input, void* output, unsigned long frames, bool xrun) noexcept;

private:
    Engine& engine_;
    void* stream_ = nullptr;
    double sampleRate_ = 0.0;
    double inputLatency_ = 0.0, outputLatency_ = 0.0;
    int inputChannels_ = 0, outputChannels_ = 0;
    // Port tables: which device channel feeds which engine port.
    std::vector<int> floorFrom_;             // floor channel -> device input or -1
    std::vector<int> micFrom_;               // console port -> device input or -1
    std::vector<int> channelTo_, phonesTo_;  // port -> device output or -1
    std::vector<const float*> floor_, mics_; // per callback
    std::vector<float*> channels_, phones_;  // per callback
    std::atomic<std::uint64_t> xruns_{0};
};

} // namespace dragoman
