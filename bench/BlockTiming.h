// Reports a benchmark's mean time per block as a share of the block's real-time budget on one
// core (budget_pct: 100 means the core is fully used), measured around the whole loop.
#pragma once

#include <benchmark/benchmark.h>
#include <chrono>

namespace dragoman::bench {

class BlockTiming {
public:
    explicit BlockTiming(double blockSeconds) : blockSeconds_(blockSeconds) {}
    void start() { start_ = std::chrono::steady_clock::now(); }
    void report(benchmark::State& state) const {
        const double seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
        const double perBlock = seconds / static_cast<double>(state.iterations());
        state.counters["budget_pct"] = 100.0 * perBlock / blockSeconds_;
        state.counters["block_us"] = perBlock * 1e6;
    }

private:
    double blockSeconds_;
    std::chrono::steady_clock::time_point start_;
};

} // namespace dragoman::bench
