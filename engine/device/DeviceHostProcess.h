// `dragoman run`'s side of the device host (see device/DeviceBridge.h): starts the child that
// owns the audio device, agrees the channels with it, and renders every block it passes
// through the engine on a thread of its own (the parent's audio thread). Control thread API.
#pragma once

#include "Engine.h"
#include "base/BlockHooks.h"
#include "device/DeviceBridge.h"
#include "device/DeviceChannelMap.h"

#include <atomic>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <sys/types.h>
#include <thread>
#include <vector>

namespace dragoman {

struct DeviceRequest {
    std::string device;      // as `dragoman devices` names it; empty = the default device
    double sampleRate = 0.0; // 0 = the engine's
    std::uint32_t blockFrames = 256;
};

// What the opened stream turned out to be.
struct OpenedDevice {
    std::string name;
    std::string hostApi;
    DeviceChannels channels;
    double sampleRate = 0.0;
    double inputLatency = 0.0, outputLatency = 0.0;
};

class DeviceHostProcess {
public:
    // Starts the host and waits (up to 10 s) until its stream runs. Throws std::runtime_error
    // with the reason (no such device, an I/O map naming a channel the device lacks, ...).
    // Each block takes the inputs no device carries from the `sources` and goes to the
    // `sinks` once rendered (they must outlive this).
    DeviceHostProcess(Engine& engine, SharedDeviceBridge& bridge, const DeviceRequest& request,
                      std::vector<RenderedBlockSink*> sinks = {},
                      std::vector<BlockSource*> sources = {});
    // Asks the host to stop its stream (if it still can), waits up to 2 s, then ends it.
    ~DeviceHostProcess();
    DeviceHostProcess(const DeviceHostProcess&) = delete;
    DeviceHostProcess& operator=(const DeviceHostProcess&) = delete;

    const OpenedDevice& opened() const { return opened_; }
    // False once the host has ended or has passed no block for two seconds; `failure()` then
    // says why.
    bool alive();
    const std::string& failure() const { return failure_; }
    std::uint64_t xruns() const;
    std::uint64_t lateBlocks() const;

private:
    void serveBlocks() noexcept; // the audio thread
    void endHost();

    Engine& engine_;
    SharedDeviceBridge& bridge_;
    const std::vector<RenderedBlockSink*> sinks_;
    const std::vector<BlockSource*> sources_;
    pid_t pid_ = -1;
    std::optional<DeviceChannelMap> map_;
    OpenedDevice opened_;
    std::atomic<bool> serving_{false};
    std::thread audioThread_;
    std::uint64_t lastSeq_ = 0;
    std::uint64_t watchedSeq_ = 0;
    std::chrono::steady_clock::time_point lastBlockSeen_;
    std::string failure_;
};

} // namespace dragoman
