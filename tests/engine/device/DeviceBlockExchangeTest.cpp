// The device bridge's block path, both ends in one program: the host's callback side
// (exchangeDeviceBlock) on this thread, the parent's block thread (serveDeviceBlock through a
// real Engine, channel map and recorder) on another, over a real shared-memory bridge.
// Neither end allocates or frees while a block crosses (AllocationCounter), the floor arrives on
// the language channels, and blocks longer than the bridge holds cross in pieces. CI also runs it
// under TSan, which checks the handshake's memory ordering.
#include "device/DeviceBlockExchange.h"

#include "record/Recorder.h"
#include "support/AllocationCounter.h"
#include "support/DeviceBuffers.h"
#include "support/ToneRig.h"

#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <numbers>
#include <optional>
#include <thread>
#include <unistd.h>

using namespace dragoman;
using namespace dragoman::test;

namespace {

constexpr double kRate = 48000.0;
constexpr double kFloorTone = 440.0;

// The parent's block thread, as DeviceHostProcess runs it, counting its allocations.
class BlockServer {
public:
    BlockServer(DeviceBridge& bridge, Engine& engine, DeviceChannelMap& map,
                DeviceChannels channels, RenderedBlockSink* sink = nullptr)
        : channels_(channels) {
        if (sink != nullptr)
            sinks_.push_back(sink);
        thread_ = std::thread([this, &bridge, &engine, &map] {
            std::uint64_t lastSeq = 0;
            while (serving_.load()) {
                const CountedSection counted;
                if (serveDeviceBlock(bridge, lastSeq, engine, map, {}, sinks_, channels_, 0.05))
                    served_.fetch_add(1);
            }
        });
    }
    ~BlockServer() { stop(); }
    void stop() {
        serving_.store(false);
        if (thread_.joinable())
            thread_.join();
    }
    long served() const { return served_.load(); }

private:
    DeviceChannels channels_;
    std::vector<RenderedBlockSink*> sinks_;
    std::atomic<bool> serving_{true};
    std::atomic<long> served_{0};
    std::thread thread_;
};

// Device-side buffers: the floor tone on input 0, silence on the mics.
struct DeviceBlock : DeviceBuffers {
    using DeviceBuffers::DeviceBuffers;
    void fillFloor(std::uint64_t firstFrame) {
        for (std::size_t f = 0; f < in[0].size(); ++f)
            in[0][f] = static_cast<float>(kToneAmplitude *
                                          std::sin(2.0 * std::numbers::pi * kFloorTone *
                                                   static_cast<double>(firstFrame + f) / kRate));
    }
};

} // namespace

TEST_CASE("the device bridge's block path allocates nothing on either side and carries audio",
          "[device]") {
    SharedDeviceBridge shared;
    DeviceBridge& bridge = *shared;
    // Recorded as `dragoman run` records: every block also goes to the recorder's rings.
    Session session = summitSession();
    session.recording = RecordingSettings{};
    session.recording->directory =
        (std::filesystem::temp_directory_path() / ("dragoman-rt-" + std::to_string(getpid())))
            .string();
    Engine engine(session, kRate);
    const DeviceChannels channels = DeviceChannelMap::wanted(engine); // 4 in, 6 out
    DeviceChannelMap map(engine, channels, "test device");
    std::optional<Recorder> recorder(std::in_place, session, engine.layout(), kRate);
    BlockServer server(bridge, engine, map, channels, &*recorder);

    constexpr std::uint32_t kBlock = 256;
    constexpr int kBlocks = 1000;
    DeviceBlock device(channels, kBlock);
    std::vector<float> channelKo; // output 0: ko, the floor language's own channel
    resetCountedAllocations();
    for (int b = 0; b < kBlocks; ++b) {
        device.fillFloor(static_cast<std::uint64_t>(b) * kBlock);
        {
            const CountedSection counted;
            exchangeDeviceBlock(bridge, channels, kRate, device.inputs.data(),
                                device.outputs.data(), kBlock, false);
        }
        channelKo.insert(channelKo.end(), device.out[0].begin(), device.out[0].end());
    }
    CHECK(countedAllocations() == 0);
    for (const RecorderReport& report : recorder->takeReports())
        CHECK(report.kind == RecorderReport::Kind::Started); // no overrun, no failure
    server.stop(); // the last reply is posted before its block counts as served
    const auto late = bridge.lateBlocks.load();
    CHECK(server.served() + static_cast<long>(late) >= kBlocks);
    // Blocks that missed their period play silence; the rest carry the floor. Judged on the
    // last second, unless the machine was too slow to answer most of it.
    if (late < kBlocks / 10) {
        const std::size_t end = channelKo.size();
        CHECK(toneAmplitude(channelKo, end - 48000, end, kFloorTone, kRate) > kPresent);
    }
    recorder.reset();
    std::filesystem::remove_all(session.recording->directory);
}

TEST_CASE("a device block longer than the bridge holds crosses in pieces, without a seam",
          "[device]") {
    SharedDeviceBridge shared;
    DeviceBridge& bridge = *shared;
    Engine engine(summitSession(), kRate);
    const DeviceChannels channels = DeviceChannelMap::wanted(engine);
    DeviceChannelMap map(engine, channels, "test device");
    BlockServer server(bridge, engine, map, channels);

    constexpr std::uint32_t kLong = DeviceBridge::kMaxFrames + 1904; // 6000 frames, two pieces
    DeviceBlock device(channels, kLong);
    std::vector<float> channelKo;
    const std::uint64_t requestsBefore = bridge.requestSeq.load();
    for (int b = 0; b < 8; ++b) {
        device.fillFloor(static_cast<std::uint64_t>(b) * kLong);
        // Generous periods: this checks the pieces, not the machine's speed.
        exchangeDeviceBlock(bridge, channels, kRate / 20.0, device.inputs.data(),
                            device.outputs.data(), kLong, false);
        channelKo.insert(channelKo.end(), device.out[0].begin(), device.out[0].end());
    }
    CHECK(bridge.requestSeq.load() - requestsBefore == 16);
    CHECK(bridge.lateBlocks.load() == 0);
    // After the auto-floor has settled, every piece continues the floor sine: no sample
    // jumps further than the sine itself can between neighbours.
    const double maxStep = kToneAmplitude * 2.0 * std::numbers::pi * kFloorTone / kRate * 1.05;
    const std::size_t from = 2 * kLong;
    double largestStep = 0.0;
    std::size_t largestAt = 0;
    for (std::size_t i = from + 1; i < channelKo.size(); ++i) {
        const double step = std::abs(static_cast<double>(channelKo[i] - channelKo[i - 1]));
        if (step > largestStep) {
            largestStep = step;
            largestAt = i;
        }
    }
    INFO("largest step " << largestStep << " at frame " << largestAt);
    CHECK(largestStep <= maxStep);
    CHECK(toneAmplitude(channelKo, from, channelKo.size(), kFloorTone, kRate) > kPresent);
}

namespace {

// A sink that takes longer than a period over every fourth block, and checks that the floor
// input it was given stayed the block it started as (the host fills each block with its own
// number) all the while.
class SlowSink final : public RenderedBlockSink {
public:
    void capture(const AudioBuffers& io) noexcept override {
        const float block = io.floor[0][0];
        if (static_cast<int>(block) % 4 == 0)
            std::this_thread::sleep_for(std::chrono::milliseconds(12));
        for (std::uint32_t f = 0; f < io.frames; ++f)
            if (io.floor[0][f] != block) {
                mixed_.fetch_add(1);
                break;
            }
        rendered_.fetch_add(1);
    }
    long mixed() const { return mixed_.load(); }
    long rendered() const { return rendered_.load(); }

private:
    std::atomic<long> mixed_{0}, rendered_{0};
};

} // namespace

TEST_CASE("a late block is dropped whole and counted, never mixed with the next", "[device]") {
    SharedDeviceBridge shared;
    DeviceBridge& bridge = *shared;
    Engine engine(summitSession(), kRate);
    const DeviceChannels channels = DeviceChannelMap::wanted(engine);
    DeviceChannelMap map(engine, channels, "test device");
    SlowSink sink;
    BlockServer server(bridge, engine, map, channels, &sink);
    constexpr std::uint32_t kBlock = 256; // 5.3 ms: every fourth block misses its period
    DeviceBlock device(channels, kBlock);
    constexpr int kBlocks = 200;
    for (int b = 1; b <= kBlocks; ++b) {
        std::fill(device.in[0].begin(), device.in[0].end(), static_cast<float>(b));
        exchangeDeviceBlock(bridge, channels, kRate, device.inputs.data(), device.outputs.data(),
                            kBlock, false);
        // A block that was answered carries its own floor on channel ko (auto-floor, once
        // faded in) and nothing of another block.
        const float played = device.out[0][kBlock - 1];
        if (played != 0.0f && b > 80)
            CHECK(played == Approx(static_cast<float>(b)));
    }
    server.stop();
    CHECK(bridge.lateBlocks.load() >= kBlocks / 8);
    CHECK(sink.rendered() > kBlocks / 4);
    CHECK(sink.mixed() == 0);
}
