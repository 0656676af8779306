// A bad network between a remote console and its host, for tests: a UDP relay on loopback
// that loses, duplicates and delays (so reorders) datagrams at set rates, both ways. The
// console sends to the relay's port; the relay forwards to the host from a socket of its own
// and sends the host's answers back to the console.
#pragma once

#include "net/UdpSocket.h"

#include <atomic>
#include <cstdint>
#include <map>
#include <mutex>
#include <random>
#include <thread>
#include <vector>

namespace dragoman::test {

struct Impairment {
    double loss = 0.0;      // share of datagrams dropped
    double duplicate = 0.0; // share sent twice
    double jitterMs = 0.0;  // each delayed by a uniform 0..jitterMs (reorders when > spacing)
    double delayMs = 0.0;   // and every one by this much more (a long path)
};

class ImpairmentRelay {
public:
    ImpairmentRelay(int hostPort, Impairment impairment, std::uint32_t seed = 1);
    ~ImpairmentRelay();
    int port() const { return front_.port(); }
    // From now on (a path that turns bad once joined).
    void setImpairment(Impairment impairment) {
        const std::lock_guard lock(impairmentMutex_);
        impairment_ = impairment;
    }
    std::uint64_t forwarded() const { return forwarded_.load(); }
    std::uint64_t dropped() const { return dropped_.load(); }

private:
    struct Scheduled {
        std::vector<std::uint8_t> bytes;
        bool toHost = false;
    };
    void run();
    void admit(std::vector<std::uint8_t> bytes, bool toHost, double now);

    UdpSocket front_; // the console's side
    UdpSocket back_;  // the host's side
    UdpPeer host_, console_;
    bool haveConsole_ = false;
    std::mutex impairmentMutex_;
    Impairment impairment_; // under impairmentMutex_
    std::mt19937 random_;
    std::multimap<double, Scheduled> queue_; // by release time
    std::atomic<bool> running_{true};
    std::atomic<std::uint64_t> forwarded_{0}, dropped_{0};
    std::thread thread_;
};

} // namespace dragoman::test
