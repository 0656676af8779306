// A bounded single-producer single-consumer ring between a control thread and the audio
// thread: wait-free on both sides, allocation-free after construction, and a push into a full
// ring fails and is counted; it never blocks and never grows.
//
// Written here rather than taken from Debian's readerwriterqueue: that library orders its
// accesses with standalone fences, which ThreadSanitizer cannot model, so our concurrency
// tests under TSan could not tell its hand-offs from races. This ring uses only acquire and
// release on its two indices, which TSan checks exactly.
//
// Thread contract: one producer thread calls push() at a time and one consumer thread calls
// pop() at a time (producers may change between calls if they are serialized, e.g. by a
// mutex, as Engine does); dropped() from any thread.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <type_traits>

namespace dragoman {

template <typename T> class RealtimeQueue {
    static_assert(std::is_trivially_copyable_v<T>, "items cross threads by copy");

public:
    explicit RealtimeQueue(std::size_t capacity)
        : size_(capacity + 1), slots_(std::make_unique<T[]>(capacity + 1)) {}

    bool push(const T& item) {
        const std::size_t write = write_.load(std::memory_order_relaxed);
        const std::size_t next = write + 1 == size_ ? 0 : write + 1;
        if (next == read_.load(std::memory_order_acquire)) {
            dropped_.fetch_add(1, std::memory_order_relaxed);
            return false;
        }
        slots_[write] = item;
        write_.store(next, std::memory_order_release);
        return true;
    }

    bool pop(T& item) {
        const std::size_t read = read_.load(std::memory_order_relaxed);
        if (read == write_.load(std::memory_order_acquire))
            return false;
        item = slots_[read];
        read_.store(read + 1 == size_ ? 0 : read + 1, std::memory_order_release);
        return true;
    }

    // All `count` items or none (a full ring counts them all as dropped): for sample streams,
    // where half a block is worse than a gap the consumer can see.
    bool pushAll(const T* items, std::size_t count) {
        const std::size_t write = write_.load(std::memory_order_relaxed);
        const std::size_t read = read_.load(std::memory_order_acquire);
        const std::size_t free = (read + size_ - write - 1) % size_;
        if (count > free) {
            dropped_.fetch_add(count, std::memory_order_relaxed);
            return false;
        }
        const std::size_t first = std::min(count, size_ - write);
        std::copy(items, items + first, slots_.get() + write);
        std::copy(items + first, items + count, slots_.get());
        write_.store((write + count) % size_, std::memory_order_release);
        return true;
    }

    // Up to `most` items, oldest first; returns how many.
    std::size_t popMany(T* to, std::size_t most) {
        const std::size_t read = read_.load(std::memory_order_relaxed);
        const std::size_t write = write_.load(std::memory_order_acquire);
        const std::size_t count = std::min(most, (write + size_ - read) % size_);
        const std::size_t first = std::min(count, size_ - read);
        std::copy(slots_.get() + read, slots_.get() + read + first, to);
        std::copy(slots_.get(), slots_.get() + (count - first), to + first);
        read_.store((read + count) % size_, std::memory_order_release);
        return count;
    }

    // Producer only: items waiting, as seen after its push (the consumer may take some
    // meanwhile): the producer's cue that the consumer has enough to do.
    std::size_t readable() const {
        const std::size_t write = write_.load(std::memory_order_relaxed);
        const std::size_t read = read_.load(std::memory_order_acquire);
        return (write + size_ - read) % size_;
    }
    std::size_t capacity() const { return size_ - 1; }
    std::uint64_t dropped() const { return dropped_.load(std::memory_order_relaxed); }

private:
    const std::size_t size_;
    std::unique_ptr<T[]> slots_;
    alignas(64) std::atomic<std::size_t> write_{0}; // the producer's, on its own cache line
    alignas(64) std::atomic<std::size_t> read_{0};  // the consumer's
    std::atomic<std::uint64_t> dropped_{0};
};

} // namespace dragoman
