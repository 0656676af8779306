// See DeviceHostProcess.h.
#include "DeviceHostProcess.h"

#include "device/DeviceBlockExchange.h"

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <pthread.h>
#include <spawn.h>
#include <stdexcept>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

extern char** environ;

namespace dragoman {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

// The running program, started again as the device host.
constexpr const char* kSelf = "/proc/self/exe";

// Best effort: a real-time priority for the parent's audio thread, as the device's own thread
// has. Without the rights (no rtprio limit) it runs at normal priority.
void raisePriority() {
    sched_param param{};
    param.sched_priority = 70;
    pthread_setschedparam(pthread_self(), SCHED_FIFO, &param);
}

} // namespace

DeviceHostProcess::DeviceHostProcess(Engine& engine, SharedDeviceBridge& bridge,
                                     const DeviceRequest& request,
                                     std::vector<RenderedBlockSink*> sinks,
                                     std::vector<BlockSource*> sources)
    : engine_(engine), bridge_(bridge), sinks_(std::move(sinks)), sources_(std::move(sources)) {
    bridge_.reset();
    std::vector<std::string> args{"dragoman", "device-host", std::to_string(bridge_.fd()),
                                  request.device};
    std::vector<char*> argv;
    for (std::string& a : args)
        argv.push_back(a.data());
    argv.push_back(nullptr);
    posix_spawnattr_t attributes;
    posix_spawnattr_init(&attributes);
    // A process group of its own: a Ctrl-C at the terminal is for `dragoman run`, which then
    // stops the host in order.
    posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETPGROUP);
    posix_spawnattr_setpgroup(&attributes, 0);
    // Its standard error carries only the audio libraries' probing chatter (ALSA lists every
    // card it cannot find, at each start): the host reports its own errors through the bridge.
    posix_spawn_file_actions_t files;
    posix_spawn_file_actions_init(&files);
    if (std::getenv("DRAGOMAN_DEVICE_HOST_STDERR") == nullptr)
        posix_spawn_file_actions_addopen(&files, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
    const int spawned = posix_spawn(&pid_, kSelf, &files, &attributes, argv.data(), environ);
    posix_spawn_file_actions_destroy(&files);
    posix_spawnattr_destroy(&attributes);
    if (spawned != 0)
        throw std::runtime_error("cannot start the device host: " + std::string(strerror(spawned)));

    auto waitFor = [this](DeviceHostPhase phase) {
        const auto start = Clock::now();
        while (Clock::now() - start < 10s) {
            const DeviceHostPhase now = bridge_->phase.load(std::memory_order_acquire);
            if (now == phase)
                return;
            if (now == DeviceHostPhase::Failed || !alive()) {
                const std::string why = bridge_->error[0] != '\0' ? bridge_->error : failure_;
                endHost();
                throw std::runtime_error(why);
            }
            std::this_thread::sleep_for(2ms);
        }
        endHost();
        throw std::runtime_error("the audio device did not answer within 10 s");
    };
    lastBlockSeen_ = Clock::now();
    waitFor(DeviceHostPhase::DeviceFound);

    opened_.name = bridge_->deviceName;
    opened_.hostApi = bridge_->hostApi;
    try {
        map_.emplace(engine_, DeviceChannels{bridge_->deviceInputs, bridge_->deviceOutputs},
                     opened_.name);
    } catch (...) {
        endHost();
        throw;
    }
    opened_.channels = map_->opened();
    opened_.sampleRate = request.sampleRate > 0.0 ? request.sampleRate : engine_.sampleRate();
    engine_.setSampleRate(opened_.sampleRate);
    bridge_->openInputs = opened_.channels.inputs;
    bridge_->openOutputs = opened_.channels.outputs;
    bridge_->sampleRate = opened_.sampleRate;
    bridge_->blockFrames = request.blockFrames;
    serving_ = true;
    audioThread_ = std::thread([this] { serveBlocks(); });
    bridge_->phase.store(DeviceHostPhase::OpenRequested, std::memory_order_release);
    waitFor(DeviceHostPhase::Running);
    opened_.inputLatency = bridge_->inputLatency;
    opened_.outputLatency = bridge_->outputLatency;
    lastBlockSeen_ = Clock::now();
}

DeviceHostProcess::~DeviceHostProcess() {
    endHost();
}

void DeviceHostProcess::endHost() {
    if (pid_ > 0) {
        bridge_->phase.store(DeviceHostPhase::StopRequested, std::memory_order_release);
        int status = 0;
        pid_t ended = 0;
        for (int i = 0; i < 200 && (ended = waitpid(pid_, &status, WNOHANG)) == 0; ++i)
            std::this_thread::sleep_for(10ms);
        if (ended == 0) {
            kill(pid_, SIGKILL);
            waitpid(pid_, &status, 0);
        }
        pid_ = -1;
    }
    if (audioThread_.joinable()) {
        serving_ = false;
        sem_post(&bridge_->request);
        audioThread_.join();
    }
}

bool DeviceHostProcess::alive() {
    if (pid_ <= 0)
        return false;
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        failure_ = bridge_->error[0] != '\0'
                       ? std::string(bridge_->error)
                       : "the device host ended (" +
                             (WIFEXITED(status) ? "status " + std::to_string(WEXITSTATUS(status))
                                                : "signal " + std::to_string(WTERMSIG(status))) +
                             ")";
        return false;
    }
    if (bridge_->phase.load(std::memory_order_acquire) != DeviceHostPhase::Running)
        return true; // still opening
    const std::uint64_t seq = bridge_->requestSeq.load(std::memory_order_acquire);
    const auto now = Clock::now();
    if (seq != watchedSeq_) {
        watchedSeq_ = seq;
        lastBlockSeen_ = now;
    } else if (now - lastBlockSeen_ > 2s) {
        failure_ = "no audio from \"" + opened_.name + "\" for 2 s";
        return false;
    }
    return true;
}

std::uint64_t DeviceHostProcess::xruns() const {
    return bridge_->xruns.load(std::memory_order_relaxed);
}

std::uint64_t DeviceHostProcess::lateBlocks() const {
    return bridge_->lateBlocks.load(std::memory_order_relaxed);
}

void DeviceHostProcess::serveBlocks() noexcept {
    raisePriority();
    DeviceBridge& bridge = *bridge_;
    while (serving_.load(std::memory_order_relaxed))
        serveDeviceBlock(bridge, lastSeq_, engine_, *map_, sources_, sinks_, opened_.channels, 0.1);
}

} // namespace dragoman
