// The shared memory between `dragoman run` and its device host, the child process that owns
// the audio device. Why a second process: PortAudio's JACK backend (Debian's 19.6) waits ten
// minutes to close a stream whose server died, and PortAudio only sees a JACK server that
// runs when it initialises; a child that owns the device can simply be ended and started
// again, while the engine, and with it every console's state, stays in the parent.
//
// Each device block crosses as JACK's own clients do: the host writes the device inputs,
// raises `request`; the parent renders and raises `reply`; the host plays the outputs. No
// buffering is added: the block returns within the same device period. If the parent misses
// the period the host plays silence for that block and counts it late. A block lives in one
// of two slots, each owned by one side at a time (its state says which): while the parent
// still renders a late block, the host writes the next into the other slot, so a late block
// is dropped whole and never mixed with the next one.
//
// Control fields (phase, device facts, open request) are written by one side and read by the
// other with acquire/release atomics; sequence numbers let either side ignore stale wake-ups.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <ctime>
#include <semaphore.h>

namespace dragoman {

enum class DeviceHostPhase : std::uint32_t {
    Starting,      // host: finding the device
    DeviceFound,   // host: device facts written; waiting for the open request
    OpenRequested, // parent: channel counts written
    Running,       // host: the stream runs; blocks flow
    Failed,        // host: `error` says why; the host exits
    StopRequested, // parent: stop the stream and exit
};

struct DeviceBridge {
    static constexpr int kMaxChannels = 128;
    static constexpr std::uint32_t kMaxFrames = 4096;

    std::atomic<DeviceHostPhase> phase{DeviceHostPhase::Starting};
    // Written by the host before DeviceFound.
    char deviceName[256] = {};
    char hostApi[64] = {};
    int deviceInputs = 0, deviceOutputs = 0;
    double deviceSampleRate = 0.0;
    // Written by the parent before OpenRequested.
    int openInputs = 0, openOutputs = 0;
    double sampleRate = 0.0;
    std::uint32_t blockFrames = 0;
    // Written by the host before Running (or Failed).
    double inputLatency = 0.0, outputLatency = 0.0;
    char error[512] = {};

    // Who owns a slot: the host from Free, Ready (not taken in time) or Rendered to Writing
    // and on to Ready; the parent from Ready to Rendering and on to Rendered.
    enum class SlotState : std::uint32_t { Free, Writing, Ready, Rendering, Rendered };
    struct Slot {
        std::atomic<SlotState> state{SlotState::Free};
        std::atomic<std::uint64_t> seq{0};    // the request the slot holds
        std::atomic<std::uint32_t> frames{0}; // its length
        float input[kMaxChannels][kMaxFrames];
        float output[kMaxChannels][kMaxFrames];
    };

    // The block exchange.
    sem_t request;
    sem_t reply;
    std::atomic<std::uint64_t> requestSeq{0};
    std::atomic<std::uint64_t> replySeq{0};
    std::atomic<std::uint64_t> xruns{0};      // device-reported over/underflows
    std::atomic<std::uint64_t> lateBlocks{0}; // blocks the parent answered too late
    std::uint32_t hostSlot = 0;               // the host's side only: the slot it tries first

    Slot slots[2];
};

static_assert(std::atomic<std::uint64_t>::is_always_lock_free &&
                  std::atomic<DeviceBridge::SlotState>::is_always_lock_free &&
                  std::atomic<DeviceHostPhase>::is_always_lock_free,
              "atomics shared between processes must be lock-free");

// `seconds` from now on the clock sem_timedwait() reads (CLOCK_REALTIME).
timespec semaphoreDeadline(double seconds);

// The bridge in a shared memory object: created by the parent (which hands `fd()` to the
// host), or mapped from an inherited descriptor by the host. Unmapped and closed on
// destruction.
class SharedDeviceBridge {
public:
    // Parent: a fresh, anonymous shared object. Throws std::runtime_error on failure.
    SharedDeviceBridge();
    // Host: maps an inherited descriptor. Throws std::runtime_error on failure.
    explicit SharedDeviceBridge(int inheritedFd);
    ~SharedDeviceBridge();
    SharedDeviceBridge(const SharedDeviceBridge&) = delete;
    SharedDeviceBridge& operator=(const SharedDeviceBridge&) = delete;

    DeviceBridge& operator*() const { return *bridge_; }
    DeviceBridge* operator->() const { return bridge_; }
    int fd() const { return fd_; }

    // Parent, with no host running: back to Starting, counters and semaphores cleared.
    void reset();

private:
    int fd_ = -1;
    DeviceBridge* bridge_ = nullptr;
};

} // namespace dragoman
