// See ImpairmentRelay.h.
#include "ImpairmentRelay.h"

#include <chrono>

namespace dragoman::test {

namespace {
double secondsNow() {
    return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
}
} // namespace

ImpairmentRelay::ImpairmentRelay(int hostPort, Impairment impairment, std::uint32_t seed)
    : front_("127.0.0.1", 0), back_("127.0.0.1", 0), host_(UdpPeer::resolve("127.0.0.1", hostPort)),
      impairment_(impairment), random_(seed), thread_([this] { run(); }) {}

ImpairmentRelay::~ImpairmentRelay() {
    running_ = false;
    thread_.join();
}

void ImpairmentRelay::admit(std::vector<std::uint8_t> bytes, bool toHost, double now) {
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    Impairment impairment;
    {
        const std::lock_guard lock(impairmentMutex_);
        impairment = impairment_;
    }
    if (unit(random_) < impairment.loss) {
        ++dropped_;
        return;
    }
    const int copies = unit(random_) < impairment.duplicate ? 2 : 1;
    for (int c = 0; c < copies; ++c)
        queue_.emplace(now + (impairment.delayMs + unit(random_) * impairment.jitterMs) / 1000.0,
                       Scheduled{bytes, toHost});
}

void ImpairmentRelay::run() {
    std::vector<std::uint8_t> buffer(65536);
    while (running_) {
        const double now = secondsNow();
        UdpPeer from;
        if (const auto size = front_.receiveInto(buffer, from, std::chrono::milliseconds(0))) {
            console_ = from;
            haveConsole_ = true;
            admit({buffer.begin(), buffer.begin() + static_cast<long>(*size)}, true, now);
        }
        if (const auto size = back_.receiveInto(buffer, from, std::chrono::milliseconds(0)))
            admit({buffer.begin(), buffer.begin() + static_cast<long>(*size)}, false, now);
        while (!queue_.empty() && queue_.begin()->first <= now) {
            const Scheduled& s = queue_.begin()->second;
            if (s.toHost)
                back_.send(host_, s.bytes);
            else if (haveConsole_)
                front_.send(console_, s.bytes);
            ++forwarded_;
            queue_.erase(queue_.begin());
        }
        std::this_thread::sleep_for(std::chrono::microseconds(100));
    }
}

} // namespace dragoman::test
