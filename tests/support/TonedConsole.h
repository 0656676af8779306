// A remote console on its own frame clock (as a sound card would drive it), sending a tone as
// its mic and keeping what it hears, until stopped: the far end of a real host on loopback.
#pragma once

#include "remotebooth/RemoteConsoleClient.h"
#include "support/Goertzel.h"
#include "support/ToneRig.h"

#include <atomic>
#include <chrono>
#include <cmath>
#include <mutex>
#include <numbers>
#include <thread>
#include <vector>

namespace dragoman::test {

class TonedConsole {
public:
    // Joins console ko-en-2 of summitWithRemoteConsole() at 127.0.0.1:`port`; hz 0 = a silent mic.
    TonedConsole(int port, double hz)
        : client_({"127.0.0.1", port, "ko-en-2", kRemoteSecret, 10.0, false}) {
        client_.join();
        thread_ = std::thread([this, hz] {
            const int frame = client_.frameSamples();
            std::vector<float> mic(static_cast<std::size_t>(frame)), phones(mic.size());
            auto next = std::chrono::steady_clock::now();
            for (std::uint64_t at = 0; running_.load();) {
                std::this_thread::sleep_until(next);
                next += std::chrono::nanoseconds(frame * 1000000000LL / 48000);
                for (float& s : mic)
                    s = static_cast<float>(kToneAmplitude *
                                           std::sin(2.0 * std::numbers::pi * hz *
                                                    static_cast<double>(at++) / 48000.0));
                client_.process(mic.data(), phones.data(), static_cast<std::uint32_t>(frame));
                const std::lock_guard lock(heard_);
                phones_.insert(phones_.end(), phones.begin(), phones.end());
            }
        });
    }
    ~TonedConsole() { stop(); }
    void stop() {
        running_.store(false);
        if (thread_.joinable())
            thread_.join();
    }
    RemoteConsoleClient& client() { return client_; }
    // The amplitude of `hz` in the headphone mix since sample `from` (a count of phones()).
    double heard(double hz, std::size_t from) const {
        const std::lock_guard lock(heard_);
        return resampledToneAmplitude(phones_, from, phones_.size(), hz, 48000.0);
    }
    // The loudest `hz` in any `window` samples of the headphone mix since `from`.
    double loudest(double hz, std::size_t from, std::size_t window) const {
        const std::lock_guard lock(heard_);
        double most = 0.0;
        for (std::size_t at = from; at + window <= phones_.size(); at += window / 6)
            most = std::max(most, toneAmplitude(phones_, at, at + window, hz, 48000.0));
        return most;
    }
    std::size_t phonesSamples() const {
        const std::lock_guard lock(heard_);
        return phones_.size();
    }

private:
    RemoteConsoleClient client_;
    std::atomic<bool> running_{true};
    std::thread thread_;
    mutable std::mutex heard_;
    std::vector<float> phones_;
};

} // namespace dragoman::test
