// See AllocationCounter.h. Replaces the global operator new/delete for the test program.
#include "AllocationCounter.h"

#include <atomic>
#include <cstdlib>
#include <new>

namespace {

std::atomic<long> gCounted{0};
thread_local bool tCounting = false;

void* countedAllocate(std::size_t size) {
    if (tCounting)
        gCounted.fetch_add(1);
    if (void* p = std::malloc(size == 0 ? 1 : size))
        return p;
    throw std::bad_alloc();
}

void countedFree(void* p) noexcept {
    if (p != nullptr && tCounting)
        gCounted.fetch_add(1);
    std::free(p);
}

} // namespace

void* operator new(std::size_t size) {
    return countedAllocate(size);
}
void* operator new[](std::size_t size) {
    return countedAllocate(size);
}
void operator delete(void* p) noexcept {
    countedFree(p);
}
void operator delete[](void* p) noexcept {
    countedFree(p);
}
void operator delete(void* p, std::size_t) noexcept {
    countedFree(p);
}
void operator delete[](void* p, std::size_t) noexcept {
    countedFree(p);
}

namespace dragoman::test {

CountedSection::CountedSection() {
    tCounting = true;
}
CountedSection::~CountedSection() {
    tCounting = false;
}
long countedAllocations() {
    return gCounted.load();
}
void resetCountedAllocations() {
    gCounted.store(0);
}

} // namespace dragoman::test
