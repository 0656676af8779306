// What the device bridge costs a block: the time a device block spends crossing from the
// device host's callback to `dragoman run`'s engine and back (two semaphore posts, two context
// switches, the slot's copies), beside the block period, on JACK's dummy driver.
//   dragoman_bridge_bench [--seconds S] [--frames N ...]
// For each period it starts a dummy jackd, forks: the child serves blocks as `dragoman run`'s
// block thread does (serveDeviceBlock with the summit's engine, at the same SCHED_FIFO 70 where
// the rights allow it), the parent is a JACK client whose process callback hands each block over
// as the device host does (exchangeDeviceBlock, 8 channels each way). The callback times each
// exchange; the child times each render (engine and channel map) between the hooks around
// Engine::process; the crossing is the one minus the other. The first second is left out.
// Prints one line per period for bench/report.py:
//   bridge frames=32 blocks=... median_us=... p999_us=... worst_us=... render_us=...
//   wake_us=... period_us=... late=...
// (wake_us: the median time from the hand-over to the engine's start on the block.)
#include "Engine.h"
#include "device/DeviceBlockExchange.h"
#include "device/DeviceBridge.h"
#include "device/DeviceChannelMap.h"
#include "render/Demo.h"
#include "session/SessionJson.h"
#include "support/JackFixture.h"

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <jack/jack.h>
#include <pthread.h>
#include <string>
#include <sys/mman.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <vector>

namespace {

using namespace dragoman;

constexpr int kChannels = 8;
constexpr std::size_t kMaxBlocks = 1 << 20;

std::uint64_t nowNs() {
    timespec t{};
    clock_gettime(CLOCK_MONOTONIC, &t);
    return static_cast<std::uint64_t>(t.tv_sec) * 1000000000u +
           static_cast<std::uint64_t>(t.tv_nsec);
}

// Shared between the two processes (an anonymous shared mapping made before the fork).
struct SharedTimings {
    std::atomic<bool> stop{false};
    std::atomic<std::uint64_t> renderStart{0};
    std::array<std::atomic<std::uint32_t>, kMaxBlocks> renderNs{}; // by request sequence
};

// The child's hooks around Engine::process: when a render starts and how long it took.
class RenderClock final : public BlockSource, public RenderedBlockSink {
public:
    RenderClock(SharedTimings& timings, DeviceBridge& bridge)
        : timings_(timings), bridge_(bridge) {}
    void provide(std::span<float* const>, std::uint32_t) noexcept override {
        timings_.renderStart.store(nowNs(), std::memory_order_relaxed);
    }
    void capture(const AudioBuffers&) noexcept override {
        const std::uint64_t seq = bridge_.requestSeq.load(std::memory_order_acquire);
        const std::uint64_t took = nowNs() - timings_.renderStart.load(std::memory_order_relaxed);
        timings_.renderNs[seq % kMaxBlocks].store(static_cast<std::uint32_t>(took),
                                                  std::memory_order_relaxed);
    }

private:
    SharedTimings& timings_;
    DeviceBridge& bridge_;
};

[[noreturn]] void serveBlocks(SharedDeviceBridge& bridge, SharedTimings& timings) {
    sched_param param{};
    param.sched_priority = 70; // as DeviceHostProcess raises `dragoman run`'s block thread
    pthread_setschedparam(pthread_self(), SCHED_FIFO, &param);
    Engine engine(parseSession(summitSessionJson()).session, 48000.0);
    DeviceChannelMap map(engine, {kChannels, kChannels}, "bridge bench");
    RenderClock clock(timings, *bridge);
    BlockSource* sources[] = {&clock};
    RenderedBlockSink* sinks[] = {&clock};
    std::uint64_t lastSeq = 0;
    while (!timings.stop.load(std::memory_order_relaxed))
        serveDeviceBlock(*bridge, lastSeq, engine, map, sources, sinks, {kChannels, kChannels},
                         0.2);
    _exit(0);
}

// The device host's side: a JACK client whose callback exchanges every block.
struct HostSide {
    DeviceBridge* bridge = nullptr;
    const SharedTimings* timings = nullptr;
    jack_port_t* in[kChannels] = {};
    jack_port_t* out[kChannels] = {};
    double rate = 48000.0;
    std::vector<std::uint32_t> roundTripNs = std::vector<std::uint32_t>(kMaxBlocks);
    std::vector<std::uint64_t> seqOf = std::vector<std::uint64_t>(kMaxBlocks);
    std::vector<std::int64_t> wakeNs = std::vector<std::int64_t>(kMaxBlocks);
    std::atomic<std::size_t> blocks{0};

    static int process(jack_nframes_t frames, void* self) {
        auto& host = *static_cast<HostSide*>(self);
        const float* inputs[kChannels];
        float* outputs[kChannels];
        for (int c = 0; c < kChannels; ++c) {
            inputs[c] = static_cast<const float*>(jack_port_get_buffer(host.in[c], frames));
            outputs[c] = static_cast<float*>(jack_port_get_buffer(host.out[c], frames));
        }
        const std::uint64_t start = nowNs();
        exchangeDeviceBlock(*host.bridge, {kChannels, kChannels}, host.rate, inputs, outputs,
                            frames, false);
        const std::uint64_t took = nowNs() - start;
        const std::size_t n = host.blocks.load(std::memory_order_relaxed);
        if (n < kMaxBlocks) {
            host.roundTripNs[n] = static_cast<std::uint32_t>(took);
            host.seqOf[n] = host.bridge->requestSeq.load(std::memory_order_relaxed);
            // From the hand-over to the engine's start on it: the engine thread's wake-up.
            host.wakeNs[n] = static_cast<std::int64_t>(
                host.timings->renderStart.load(std::memory_order_relaxed) - start);
            host.blocks.store(n + 1, std::memory_order_release);
        }
        return 0;
    }
};

double percentile(std::vector<double> values, double p) {
    if (values.empty())
        return 0.0;
    std::sort(values.begin(), values.end());
    const auto index = static_cast<std::size_t>(p * static_cast<double>(values.size() - 1));
    return values[index];
}

bool measure(int frames, double seconds) {
    test::JackServer server(kChannels, frames);
    if (!server.ready()) {
        std::fprintf(stderr, "bridge bench: jackd with %d-frame periods did not start\n", frames);
        return false;
    }
    SharedDeviceBridge bridge;
    void* mapped = mmap(nullptr, sizeof(SharedTimings), PROT_READ | PROT_WRITE,
                        MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (mapped == MAP_FAILED)
        return false;
    auto* timings = new (mapped) SharedTimings();
    const pid_t child = fork();
    if (child == 0)
        serveBlocks(bridge, *timings);

    auto host = std::make_unique<HostSide>();
    host->bridge = &*bridge;
    host->timings = timings;
    jack_client_t* client = jack_client_open("bridge-bench", JackNoStartServer, nullptr);
    bool ok = client != nullptr;
    if (ok) {
        host->rate = jack_get_sample_rate(client);
        for (int c = 0; c < kChannels; ++c) {
            host->in[c] = jack_port_register(client, ("in_" + std::to_string(c)).c_str(),
                                             JACK_DEFAULT_AUDIO_TYPE, JackPortIsInput, 0);
            host->out[c] = jack_port_register(client, ("out_" + std::to_string(c)).c_str(),
                                              JACK_DEFAULT_AUDIO_TYPE, JackPortIsOutput, 0);
        }
        jack_set_process_callback(client, HostSide::process, host.get());
        ok = jack_activate(client) == 0;
    }
    const auto deadline = std::chrono::steady_clock::now() +
                          std::chrono::duration<double>(seconds + 1.0) + std::chrono::seconds(30);
    const auto wanted = static_cast<std::size_t>((seconds + 1.0) * 48000.0 / frames);
    while (ok && host->blocks.load(std::memory_order_acquire) < std::min(wanted, kMaxBlocks) &&
           std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    if (client != nullptr) {
        jack_deactivate(client);
        jack_client_close(client);
    }
    timings->stop.store(true);
    int status = 0;
    waitpid(child, &status, 0);

    const std::size_t blocks = host->blocks.load(std::memory_order_acquire);
    const auto skip = static_cast<std::size_t>(48000.0 / frames); // the first second
    std::vector<double> crossing, render, wake;
    for (std::size_t i = skip; i < blocks; ++i) {
        const double renderUs =
            timings->renderNs[host->seqOf[i] % kMaxBlocks].load(std::memory_order_relaxed) / 1e3;
        crossing.push_back(host->roundTripNs[i] / 1e3 - renderUs);
        render.push_back(renderUs);
        wake.push_back(static_cast<double>(host->wakeNs[i]) / 1e3);
    }
    const double periodUs = 1e6 * frames / host->rate;
    std::printf("bridge frames=%d blocks=%zu median_us=%.1f p999_us=%.1f worst_us=%.1f "
                "render_us=%.1f wake_us=%.1f period_us=%.1f late=%llu\n",
                frames, crossing.size(), percentile(crossing, 0.5), percentile(crossing, 0.999),
                percentile(crossing, 1.0), percentile(render, 0.5), percentile(wake, 0.5), periodUs,
                static_cast<unsigned long long>(bridge->lateBlocks.load()));
    std::fflush(stdout);
    munmap(mapped, sizeof(SharedTimings));
    return ok && !crossing.empty();
}

} // namespace

int main(int argc, char** argv) {
    double seconds = 20.0;
    std::vector<int> periods;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--seconds" && i + 1 < argc)
            seconds = std::stod(argv[++i]);
        else if (arg == "--frames" && i + 1 < argc)
            periods.push_back(std::stoi(argv[++i]));
        else {
            std::fprintf(stderr, "usage: %s [--seconds S] [--frames N ...]\n", argv[0]);
            return 2;
        }
    }
    if (periods.empty())
        periods = {16, 32, 64};
    bool ok = true;
    for (const int frames : periods)
        ok = measure(frames, seconds) && ok;
    return ok ? 0 : 1;
}
