// See DeviceHost.h.
#include "DeviceHost.h"

#include "device/DeviceBlockExchange.h"
#include "device/DeviceBridge.h"
#include "device/PortAudioDevices.h"
#include "device/PortAudioStream.h"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <stdexcept>
#include <thread>
#include <unistd.h>
#ifdef __linux__
#include <csignal>
#include <sys/prctl.h>
#endif

namespace dragoman {
namespace {

using namespace std::chrono_literals;

void copyText(char* to, std::size_t size, const std::string& text) {
    std::snprintf(to, size, "%s", text.c_str());
}

// The device's audio thread: one exchange with the parent per block.
struct BlockExchange {
    DeviceBridge& bridge;
    DeviceChannels channels;
    double sampleRate;

    static void render(void* self, const float* const* inputs, float* const* outputs,
                       std::uint32_t frames, bool xrun) {
        const auto& e = *static_cast<BlockExchange*>(self);
        exchangeDeviceBlock(e.bridge, e.channels, e.sampleRate, inputs, outputs, frames, xrun);
    }
};

bool parentGone(pid_t parent) {
    return getppid() != parent;
}

} // namespace

int runDeviceHost(int bridgeFd, const std::string& deviceName) {
    const pid_t parent = getppid();
#ifdef __linux__
    prctl(PR_SET_PDEATHSIG, SIGKILL); // never outlive `dragoman run`
#endif
    SharedDeviceBridge shared(bridgeFd);
    DeviceBridge& bridge = *shared;
    try {
        const PortAudioSession audio;
        const AudioDeviceInfo device = audio.find(deviceName);
        copyText(bridge.deviceName, sizeof bridge.deviceName, device.name);
        copyText(bridge.hostApi, sizeof bridge.hostApi, device.hostApi);
        bridge.deviceInputs = std::min(device.inputChannels, DeviceBridge::kMaxChannels);
        bridge.deviceOutputs = std::min(device.outputChannels, DeviceBridge::kMaxChannels);
        bridge.deviceSampleRate = device.defaultSampleRate;
        bridge.phase.store(DeviceHostPhase::DeviceFound, std::memory_order_release);

        const auto asked = std::chrono::steady_clock::now();
        while (bridge.phase.load(std::memory_order_acquire) == DeviceHostPhase::DeviceFound) {
            if (parentGone(parent) || std::chrono::steady_clock::now() - asked > 10s)
                return 0;
            std::this_thread::sleep_for(1ms);
        }
        if (bridge.phase.load(std::memory_order_acquire) != DeviceHostPhase::OpenRequested)
            return 0;
        BlockExchange exchange{bridge, {bridge.openInputs, bridge.openOutputs}, bridge.sampleRate};
        PortAudioStream stream(device, exchange.channels, bridge.sampleRate, bridge.blockFrames,
                               &BlockExchange::render, &exchange);
        bridge.inputLatency = stream.inputLatencySeconds();
        bridge.outputLatency = stream.outputLatencySeconds();
        bridge.phase.store(DeviceHostPhase::Running, std::memory_order_release);

        // A stream that PortAudio still calls active but that renders nothing for two seconds
        // has stopped too (a vanished JACK server is not always reported).
        std::uint64_t lastBlocks = stream.blocks();
        auto lastProgress = std::chrono::steady_clock::now();
        while (bridge.phase.load(std::memory_order_acquire) != DeviceHostPhase::StopRequested) {
            if (parentGone(parent))
                std::_Exit(0);
            std::this_thread::sleep_for(20ms);
            const auto now = std::chrono::steady_clock::now();
            if (stream.blocks() != lastBlocks) {
                lastBlocks = stream.blocks();
                lastProgress = now;
            }
            if (!stream.active() || now - lastProgress > 2s) {
                copyText(bridge.error, sizeof bridge.error,
                         "the stream on \"" + device.name + "\" stopped (device lost)");
                bridge.phase.store(DeviceHostPhase::Failed, std::memory_order_release);
                // No teardown: closing a stream whose JACK server died blocks for minutes.
                // Ending the process releases the device.
                std::_Exit(3);
            }
        }
        return 0; // the stream stops and PortAudio ends on the way out
    } catch (const std::exception& e) {
        copyText(bridge.error, sizeof bridge.error, e.what());
        bridge.phase.store(DeviceHostPhase::Failed, std::memory_order_release);
        return 2;
    }
}

} // namespace dragoman
