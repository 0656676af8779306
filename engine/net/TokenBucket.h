// A token bucket: `perSecond` tokens a second on average, at most a second's worth at once.
// Bounds work or bytes spent on behalf of a network peer (handshakes, OSC replies). Not
// thread-safe: one control or network thread owns each.
#pragma once

#include <algorithm>
#include <chrono>

namespace dragoman {

class TokenBucket {
public:
    using Clock = std::chrono::steady_clock;

    explicit TokenBucket(double perSecond) : perSecond_(perSecond), tokens_(perSecond) {}

    // Takes `amount` tokens if there are that many (after the refill since the last call).
    bool take(Clock::time_point now, double amount = 1.0) {
        if (last_ != Clock::time_point{})
            tokens_ =
                std::min(perSecond_,
                         tokens_ + perSecond_ * std::chrono::duration<double>(now - last_).count());
        last_ = now;
        if (tokens_ < amount)
            return false;
        tokens_ -= amount;
        return true;
    }

private:
    double perSecond_;
    double tokens_;
    Clock::time_point last_{};
};

} // namespace dragoman
