// What a worker thread (a recorder's writer, a stream's sender, the remote booths' network
// thread) has to tell the control thread, which logs it: pushed by the worker, taken whole,
// oldest first. Bounded, so that a face that never takes (or takes late) costs a fixed amount of
// memory; what did not fit is counted. Locks: never from the audio thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <mutex>
#include <utility>
#include <vector>

namespace dragoman {

template <typename Report> class ReportQueue {
public:
    explicit ReportQueue(std::size_t capacity = 1024) : capacity_(capacity) {}

    // Any thread. A full queue keeps what it has and counts the report.
    void push(Report report) {
        const std::lock_guard lock(mutex_);
        if (reports_.size() >= capacity_) {
            ++dropped_;
            return;
        }
        reports_.push_back(std::move(report));
    }

    // The control thread: everything pushed since the last take, oldest first.
    std::vector<Report> take() {
        const std::lock_guard lock(mutex_);
        return std::exchange(reports_, {});
    }

    std::uint64_t dropped() const {
        const std::lock_guard lock(mutex_);
        return dropped_;
    }

private:
    const std::size_t capacity_;
    mutable std::mutex mutex_;
    std::vector<Report> reports_;
    std::uint64_t dropped_ = 0;
};

} // namespace dragoman
