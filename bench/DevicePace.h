// What makes a benchmark thread behave like a sound card's callback thread: real-time priority
// where the system grants it, and blocks released one period apart on the monotonic clock.
#pragma once

#include <ctime>
#include <pthread.h>
#include <sched.h>

namespace dragoman::bench {

// SCHED_FIFO for the calling thread if allowed; the old policy comes back at the end of the
// scope.
class RealtimePriority {
public:
    RealtimePriority() {
        pthread_getschedparam(pthread_self(), &oldPolicy_, &oldParam_);
        sched_param param{};
        param.sched_priority = 70;
        granted_ = pthread_setschedparam(pthread_self(), SCHED_FIFO, &param) == 0;
    }
    ~RealtimePriority() {
        if (granted_)
            pthread_setschedparam(pthread_self(), oldPolicy_, &oldParam_);
    }
    RealtimePriority(const RealtimePriority&) = delete;
    RealtimePriority& operator=(const RealtimePriority&) = delete;
    bool granted() const { return granted_; }

private:
    int oldPolicy_ = SCHED_OTHER;
    sched_param oldParam_{};
    bool granted_ = false;
};

// Releases a block every period, as a device does, however long the last one took.
class BlockPacer {
public:
    explicit BlockPacer(double periodSeconds) : periodNs_(static_cast<long>(periodSeconds * 1e9)) {
        clock_gettime(CLOCK_MONOTONIC, &next_);
    }
    // Sleeps until the next block is due.
    void waitForNextBlock() {
        next_.tv_nsec += periodNs_;
        while (next_.tv_nsec >= 1'000'000'000L) {
            next_.tv_nsec -= 1'000'000'000L;
            ++next_.tv_sec;
        }
        clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &next_, nullptr);
    }
    // Whether the block released last has missed its deadline (the next release) by now.
    bool lastBlockIsLate() const {
        timespec now{};
        clock_gettime(CLOCK_MONOTONIC, &now);
        const long long late = (now.tv_sec - next_.tv_sec) * 1'000'000'000LL +
                               (now.tv_nsec - next_.tv_nsec) - periodNs_;
        return late > 0;
    }

private:
    long periodNs_;
    timespec next_{};
};

} // namespace dragoman::bench
