// The clock both ends of a remote path measure with: the monotonic clock, as nanoseconds for
// pings (echoed back, so only the sender's own clock is compared) and as seconds for the
// jitter buffer's arrival times.
#pragma once

#include <chrono>
#include <cstdint>

namespace dragoman {

inline std::uint64_t monotonicNanoseconds() {
    return static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::nanoseconds>(
                                          std::chrono::steady_clock::now().time_since_epoch())
                                          .count());
}

inline double monotonicSeconds() {
    return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

} // namespace dragoman
