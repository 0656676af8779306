// Flushes denormal floats to zero for the lifetime of the guard and restores the previous
// mode after. Decaying filter and limiter states otherwise turn into denormals that cost up
// to a hundred times a normal multiply. Audio thread; no allocation.
#pragma once

#include <cstdint>

#if defined(__SSE__) || defined(__x86_64__)
#include <xmmintrin.h>
#endif

namespace dragoman {

class DenormalGuard {
public:
    DenormalGuard() {
#if defined(__SSE__) || defined(__x86_64__)
        saved_ = _mm_getcsr();
        _mm_setcsr(saved_ | kFlushToZero | kDenormalsAreZero);
#elif defined(__aarch64__)
        asm volatile("mrs %0, fpcr" : "=r"(saved_));
        asm volatile("msr fpcr, %0" ::"r"(saved_ | kArmFlushToZero));
#endif
    }
    ~DenormalGuard() {
#if defined(__SSE__) || defined(__x86_64__)
        _mm_setcsr(saved_);
#elif defined(__aarch64__)
        asm volatile("msr fpcr, %0" ::"r"(saved_));
#endif
    }
    DenormalGuard(const DenormalGuard&) = delete;
    DenormalGuard& operator=(const DenormalGuard&) = delete;

private:
#if defined(__SSE__) || defined(__x86_64__)
    static constexpr unsigned kFlushToZero = 0x8000;
    static constexpr unsigned kDenormalsAreZero = 0x0040;
    unsigned saved_ = 0;
#elif defined(__aarch64__)
    static constexpr std::uint64_t kArmFlushToZero = 1ull << 24;
    std::uint64_t saved_ = 0;
#endif
};

} // namespace dragoman
