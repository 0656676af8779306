// The processor driven as a device and a message thread would drive it, for the app's tests
// against real servers: RealTimeAudio calls processBlock on the clock with a tone per input bus
// (the floor 440 Hz, the mics 620, 830, 1070 Hz) and keeps the last second of one output bus;
// pollUntil polls the processor until a condition holds or a deadline passes.
#pragma once

#include "DragomanProcessor.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <functional>
#include <mutex>
#include <numbers>
#include <thread>
#include <vector>

namespace dragoman::test {

class RealTimeAudio {
public:
    // `recordedBus`: the output bus whose last second recorded() gives (-1: none).
    explicit RealTimeAudio(plugin::DragomanProcessor& processor, int recordedBus = -1)
        : recordedBus_(recordedBus), thread_([this, &processor] { run(processor); }) {}
    ~RealTimeAudio() {
        stop_.store(true);
        thread_.join();
    }
    RealTimeAudio(const RealTimeAudio&) = delete;
    RealTimeAudio& operator=(const RealTimeAudio&) = delete;

    // The recorded bus's last second (fewer samples in the first second), oldest first.
    std::vector<float> recorded() const {
        const std::lock_guard lock(mutex_);
        return recorded_;
    }

private:
    static constexpr int kBlock = 256;
    static constexpr std::size_t kKept = 48000;

    void run(plugin::DragomanProcessor& processor) {
        juce::AudioBuffer<float> buffer(
            std::max(processor.getTotalNumInputChannels(), processor.getTotalNumOutputChannels()),
            kBlock);
        juce::MidiBuffer midi;
        const double tones[] = {440.0, 620.0, 830.0, 1070.0};
        auto next = std::chrono::steady_clock::now();
        for (std::int64_t frame = 0; !stop_.load(); frame += kBlock) {
            std::this_thread::sleep_until(next);
            next += std::chrono::microseconds(kBlock * 1000000 / 48000);
            buffer.clear();
            for (int bus = 0; bus < 4; ++bus) {
                const int c = processor.getChannelIndexInProcessBlockBuffer(true, bus, 0);
                for (int i = 0; i < kBlock; ++i)
                    buffer.setSample(c, i,
                                     static_cast<float>(
                                         0.2 * std::sin(2.0 * std::numbers::pi * tones[bus] *
                                                        static_cast<double>(frame + i) / 48000.0)));
            }
            processor.processBlock(buffer, midi);
            if (recordedBus_ >= 0) {
                const float* out = buffer.getReadPointer(
                    processor.getChannelIndexInProcessBlockBuffer(false, recordedBus_, 0));
                const std::lock_guard lock(mutex_);
                recorded_.insert(recorded_.end(), out, out + kBlock);
                if (recorded_.size() > kKept)
                    recorded_.erase(recorded_.begin(),
                                    recorded_.begin() +
                                        static_cast<std::ptrdiff_t>(recorded_.size() - kKept));
            }
        }
    }

    const int recordedBus_;
    mutable std::mutex mutex_;
    std::vector<float> recorded_;
    std::atomic<bool> stop_{false};
    std::thread thread_;
};

// Polls the processor (the message thread's job) until `done` or `seconds` pass.
inline bool pollUntil(plugin::DragomanProcessor& processor, double seconds,
                      const std::function<bool()>& done) {
    const auto until = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
    while (std::chrono::steady_clock::now() < until) {
        processor.pollEngine();
        if (done())
            return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(30));
    }
    return false;
}

} // namespace dragoman::test
