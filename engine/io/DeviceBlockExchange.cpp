// See DeviceBlockExchange.h.
#include "DeviceBlockExchange.h"

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace dragoman {

void exchangeDeviceBlock(DeviceBridge& bridge, DeviceChannels channels, double sampleRate,
                         const float* const* inputs, float* const* outputs, std::uint32_t frames,
                         bool xrun) noexcept {
    if (xrun)
        bridge.xruns.fetch_add(1, std::memory_order_relaxed);
    for (std::uint32_t done = 0; done < frames;) {
        const std::uint32_t n = std::min(frames - done, DeviceBridge::kMaxFrames);
        for (int c = 0; c < channels.inputs; ++c)
            std::memcpy(bridge.input[c], inputs[c] + done, n * sizeof(float));
        bridge.frames.store(n, std::memory_order_relaxed);
        const std::uint64_t seq = bridge.requestSeq.load(std::memory_order_relaxed) + 1;
        bridge.requestSeq.store(seq, std::memory_order_release);
        sem_post(&bridge.request);
        const timespec deadline = semaphoreDeadline(n / sampleRate);
        bool answered = true;
        while (bridge.replySeq.load(std::memory_order_acquire) < seq)
            if (sem_timedwait(&bridge.reply, &deadline) != 0 && errno == ETIMEDOUT) {
                answered = bridge.replySeq.load(std::memory_order_acquire) >= seq;
                break;
            }
        for (int c = 0; c < channels.outputs; ++c) {
            if (answered)
                std::memcpy(outputs[c] + done, bridge.output[c], n * sizeof(float));
            else
                std::memset(outputs[c] + done, 0, n * sizeof(float));
        }
        if (!answered)
            bridge.lateBlocks.fetch_add(1, std::memory_order_relaxed);
        done += n;
    }
}

void renderDeviceBlock(Engine& engine, DeviceChannelMap& map, std::span<BlockSource* const> sources,
                       std::span<RenderedBlockSink* const> sinks,
                       std::span<const float* const> inputs, std::span<float* const> outputs,
                       std::uint32_t frames) noexcept {
    for (float* out : outputs)
        std::fill(out, out + frames, 0.0f); // unmapped device outputs are silent
    const AudioBuffers io = map.bind(inputs, outputs, frames);
    for (BlockSource* source : sources)
        source->provide(map.remoteMics(), frames);
    engine.process(io);
    for (RenderedBlockSink* sink : sinks)
        sink->capture(io);
}

bool serveDeviceBlock(DeviceBridge& bridge, std::uint64_t& lastSeq, Engine& engine,
                      DeviceChannelMap& map, std::span<BlockSource* const> sources,
                      std::span<RenderedBlockSink* const> sinks,
                      std::span<const float* const> inputs, std::span<float* const> outputs,
                      double timeout) noexcept {
    const timespec deadline = semaphoreDeadline(timeout);
    if (sem_timedwait(&bridge.request, &deadline) != 0)
        return false;
    const std::uint64_t seq = bridge.requestSeq.load(std::memory_order_acquire);
    if (seq == lastSeq)
        return false; // a wake-up for a block already answered
    lastSeq = seq;
    renderDeviceBlock(engine, map, sources, sinks, inputs, outputs,
                      bridge.frames.load(std::memory_order_relaxed));
    bridge.replySeq.store(seq, std::memory_order_release);
    sem_post(&bridge.reply);
    return true;
}

} // namespace dragoman
