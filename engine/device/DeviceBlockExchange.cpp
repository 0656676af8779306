// See DeviceBlockExchange.h.
#include "DeviceBlockExchange.h"

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace dragoman {

namespace {

using SlotState = DeviceBridge::SlotState;

// Host side: a slot the parent is not rendering. There is always one, as the parent renders
// one block at a time; a slot still Ready holds a request the parent never took, dropped.
DeviceBridge::Slot* takeSlotForWriting(DeviceBridge& bridge) noexcept {
    for (std::uint32_t attempt = 0; attempt < 2; ++attempt) {
        const std::uint32_t index = (bridge.hostSlot + attempt) % 2;
        DeviceBridge::Slot& slot = bridge.slots[index];
        SlotState state = slot.state.load(std::memory_order_acquire);
        if (state == SlotState::Rendering || state == SlotState::Writing)
            continue;
        if (slot.state.compare_exchange_strong(state, SlotState::Writing,
                                               std::memory_order_acq_rel)) {
            bridge.hostSlot = index ^ 1u; // the other one first next time
            return &slot;
        }
    }
    return nullptr;
}

} // namespace

void exchangeDeviceBlock(DeviceBridge& bridge, DeviceChannels channels, double sampleRate,
                         const float* const* inputs, float* const* outputs, std::uint32_t frames,
                         bool xrun) noexcept {
    if (xrun)
        bridge.xruns.fetch_add(1, std::memory_order_relaxed);
    for (std::uint32_t done = 0; done < frames;) {
        const std::uint32_t n = std::min(frames - done, DeviceBridge::kMaxFrames);
        DeviceBridge::Slot* slot = takeSlotForWriting(bridge);
        bool answered = false;
        if (slot != nullptr) {
            for (int c = 0; c < channels.inputs; ++c)
                std::memcpy(slot->input[c], inputs[c] + done, n * sizeof(float));
            const std::uint64_t seq = bridge.requestSeq.load(std::memory_order_relaxed) + 1;
            slot->frames.store(n, std::memory_order_relaxed);
            slot->seq.store(seq, std::memory_order_relaxed);
            slot->state.store(SlotState::Ready, std::memory_order_release);
            bridge.requestSeq.store(seq, std::memory_order_release);
            sem_post(&bridge.request);
            const timespec deadline = semaphoreDeadline(n / sampleRate);
            answered = true;
            while (bridge.replySeq.load(std::memory_order_acquire) < seq)
                if (sem_timedwait(&bridge.reply, &deadline) != 0 && errno == ETIMEDOUT) {
                    answered = bridge.replySeq.load(std::memory_order_acquire) >= seq;
                    break;
                }
            if (answered) {
                for (int c = 0; c < channels.outputs; ++c)
                    std::memcpy(outputs[c] + done, slot->output[c], n * sizeof(float));
                slot->state.store(SlotState::Free, std::memory_order_release);
            }
            // Unanswered, the slot stays with the parent (Rendering) or untaken (Ready): the
            // next block goes to the other slot, and this one is dropped whole.
        }
        if (!answered) {
            for (int c = 0; c < channels.outputs; ++c)
                std::memset(outputs[c] + done, 0, n * sizeof(float));
            bridge.lateBlocks.fetch_add(1, std::memory_order_relaxed);
        }
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
    for (BlockSource* source : sources) {
        source->provide(map.remoteMics(), frames);
        source->provideFloor(map.meetingFloor(frames), frames);
    }
    engine.process(io);
    for (RenderedBlockSink* sink : sinks)
        sink->capture(io);
}

bool serveDeviceBlock(DeviceBridge& bridge, std::uint64_t& lastSeq, Engine& engine,
                      DeviceChannelMap& map, std::span<BlockSource* const> sources,
                      std::span<RenderedBlockSink* const> sinks, DeviceChannels channels,
                      double timeout) noexcept {
    const timespec deadline = semaphoreDeadline(timeout);
    if (sem_timedwait(&bridge.request, &deadline) != 0)
        return false;
    const std::uint64_t seq = bridge.requestSeq.load(std::memory_order_acquire);
    if (seq == lastSeq)
        return false; // a wake-up for a block already answered
    // Only the newest request is worth rendering; an older one's period is over.
    DeviceBridge::Slot* slot = nullptr;
    for (DeviceBridge::Slot& candidate : bridge.slots) {
        SlotState state = candidate.state.load(std::memory_order_acquire);
        if (state == SlotState::Ready && candidate.seq.load(std::memory_order_relaxed) == seq &&
            candidate.state.compare_exchange_strong(state, SlotState::Rendering,
                                                    std::memory_order_acq_rel)) {
            slot = &candidate;
            break;
        }
    }
    lastSeq = seq;
    if (slot == nullptr)
        return false; // the host took the slot back: the block is already dropped as late
    const float* inputs[DeviceBridge::kMaxChannels];
    float* outputs[DeviceBridge::kMaxChannels];
    const auto inputCount =
        static_cast<std::size_t>(std::clamp(channels.inputs, 0, DeviceBridge::kMaxChannels));
    const auto outputCount =
        static_cast<std::size_t>(std::clamp(channels.outputs, 0, DeviceBridge::kMaxChannels));
    for (std::size_t c = 0; c < inputCount; ++c)
        inputs[c] = slot->input[c];
    for (std::size_t c = 0; c < outputCount; ++c)
        outputs[c] = slot->output[c];
    renderDeviceBlock(engine, map, sources, sinks, std::span(inputs, inputCount),
                      std::span(outputs, outputCount),
                      slot->frames.load(std::memory_order_relaxed));
    slot->state.store(SlotState::Rendered, std::memory_order_release);
    bridge.replySeq.store(seq, std::memory_order_release);
    sem_post(&bridge.reply);
    return true;
}

} // namespace dragoman
