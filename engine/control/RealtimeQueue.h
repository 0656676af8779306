// A bounded single-producer single-consumer queue between a control thread and the audio
// thread: wait-free, lock-free, allocation-free after construction (Debian's
// readerwriterqueue, used only through try_enqueue/try_dequeue, which never allocate).
// A push into a full queue fails and is counted, never blocks and never grows.
#pragma once

#include <readerwriterqueue/readerwriterqueue.h>

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <type_traits>

namespace dragoman {

template <typename T> class RealtimeQueue {
    static_assert(std::is_trivially_copyable_v<T>, "items cross threads by copy");

public:
    explicit RealtimeQueue(std::size_t capacity) : queue_(capacity) {}

    // Producer thread only.
    bool push(const T& item) {
        if (queue_.try_enqueue(item))
            return true;
        dropped_.fetch_add(1, std::memory_order_relaxed);
        return false;
    }

    // Consumer thread only.
    bool pop(T& item) { return queue_.try_dequeue(item); }

    // Any thread.
    std::uint64_t dropped() const { return dropped_.load(std::memory_order_relaxed); }

private:
    moodycamel::ReaderWriterQueue<T> queue_;
    std::atomic<std::uint64_t> dropped_{0};
};

} // namespace dragoman
