// A duplex PortAudio stream of non-interleaved float channels that hands every block to a
// render function: the device host's side of the audio path (see DeviceBridge.h).
// Construction and destruction on a control thread; `render` runs on PortAudio's audio thread.
#pragma once

#include "device/DeviceChannelMap.h"
#include "device/PortAudioDevices.h"

#include <atomic>
#include <cstdint>

namespace dragoman {

class PortAudioStream {
public:
    // Called per block with `channels.inputs` input and `channels.outputs` output buffers;
    // `xrun` when the device reported an overflow or underflow. Must not block for long,
    // allocate or throw.
    using Render = void (*)(void* context, const float* const* inputs, float* const* outputs,
                            std::uint32_t frames, bool xrun);

    // Opens and starts the stream. Throws std::runtime_error naming the device and reason.
    PortAudioStream(const AudioDeviceInfo& device, DeviceChannels channels, double sampleRate,
                    std::uint32_t blockFrames, Render render, void* context);
    // Stops and closes the stream: only on a live device (see DeviceBridge.h).
    ~PortAudioStream();
    PortAudioStream(const PortAudioStream&) = delete;
    PortAudioStream& operator=(const PortAudioStream&) = delete;

    bool active() const;
    double inputLatencySeconds() const { return inputLatency_; }
    double outputLatencySeconds() const { return outputLatency_; }
    // Blocks rendered so far (any thread).
    std::uint64_t blocks() const { return blocks_.load(std::memory_order_relaxed); }

    // PortAudio's audio thread only (the stream's callback).
    static int callback(const void* input, void* output, unsigned long frames, const void* timeInfo,
                        unsigned long flags, void* self);

private:
    void* stream_ = nullptr;
    Render render_;
    void* context_;
    double inputLatency_ = 0.0, outputLatency_ = 0.0;
    std::atomic<std::uint64_t> blocks_{0};
};

} // namespace dragoman
