// The two ends of one device block crossing the device bridge (see DeviceBridge.h), each run
// on an audio thread: the device host's PortAudio callback, and `dragoman run`'s block thread
// that renders through the engine. Kept apart from the processes around them so the
// real-time tests can run both ends in one program and count allocations on each.
#pragma once

#include "Engine.h"
#include "base/BlockHooks.h"
#include "device/DeviceBridge.h"
#include "device/DeviceChannelMap.h"

#include <cstdint>
#include <span>

namespace dragoman {

// Host side, once per device callback: hands the inputs over, waits at most one block period
// for the parent's reply, plays it (or silence, counted as a late block). Chunks blocks
// longer than the bridge holds. No allocation, no lock, no system call but the semaphores.
void exchangeDeviceBlock(DeviceBridge& bridge, DeviceChannels channels, double sampleRate,
                         const float* const* inputs, float* const* outputs, std::uint32_t frames,
                         bool xrun) noexcept;

// One device block through the engine, in the order every face that plays a device uses:
// the device outputs cleared (unmapped ones stay silent), the channel map bound, each source
// filling the inputs no device carries (remote consoles' mics), Engine::process, each sink
// taking the rendered block (recorder, streams, remote consoles' headphones). Audio thread;
// no allocation, no lock, no system call.
void renderDeviceBlock(Engine& engine, DeviceChannelMap& map, std::span<BlockSource* const> sources,
                       std::span<RenderedBlockSink* const> sinks,
                       std::span<const float* const> inputs, std::span<float* const> outputs,
                       std::uint32_t frames) noexcept;

// Parent side: waits up to `timeout` seconds for the host's next block, renders it
// (renderDeviceBlock) in its slot of the bridge, replies. `channels` are the device channels
// the bridge carries. `lastSeq` is the block last answered (stale wake-ups are skipped).
// Returns whether a block was rendered.
bool serveDeviceBlock(DeviceBridge& bridge, std::uint64_t& lastSeq, Engine& engine,
                      DeviceChannelMap& map, std::span<BlockSource* const> sources,
                      std::span<RenderedBlockSink* const> sinks, DeviceChannels channels,
                      double timeout) noexcept;

} // namespace dragoman
