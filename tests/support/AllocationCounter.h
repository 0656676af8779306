// Counts heap allocations and frees that a thread makes inside a CountedSection, to prove
// that an audio callback allocates nothing. A test program that uses it links
// AllocationCounter.cpp, which replaces the global operator new and delete for that program.
#pragma once

namespace dragoman::test {

// While one of these lives, the current thread's allocations and frees are counted.
class CountedSection {
public:
    CountedSection();
    ~CountedSection();
    CountedSection(const CountedSection&) = delete;
    CountedSection& operator=(const CountedSection&) = delete;
};

// Allocations plus frees counted since the last reset, over all threads.
long countedAllocations();
void resetCountedAllocations();

} // namespace dragoman::test
