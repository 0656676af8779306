// How early the tightest read of the last second found its audio: at each read the receiver
// tells how many samples it held ready beyond what the read takes (its lead), and this keeps
// the least of the last second, in ten slices of a tenth each, so the oldest slice leaves at
// once rather than the whole second being forgotten. A receiver that brings this least lead
// down to a small margin plays as early as the path allows, to a fraction of a frame, where a
// delay counted in whole frames holds up to a frame more (the remote booths' 10 ms target).
//
// Single-threaded (the audio thread's), no allocation.
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <limits>
#include <optional>

namespace dragoman {

class LeastLead {
public:
    explicit LeastLead(std::uint32_t samplesPerSecond) : sliceSamples_(samplesPerSecond / 10) {}

    // A read of `samples` that found `leadSamples` ready beyond them (negative: it came
    // short). True when it ended a slice (a tenth of a second).
    bool observe(double leadSamples, std::uint32_t samples) {
        current_ = std::min(current_, leadSamples);
        played_ += samples;
        if (played_ < sliceSamples_)
            return false;
        played_ = 0;
        slices_[next_] = current_;
        next_ = (next_ + 1) % slices_.size();
        full_ = full_ || next_ == 0;
        current_ = kNone;
        return true;
    }
    // The least lead of the last second, once a whole second was observed.
    std::optional<double> least() const {
        if (!full_)
            return std::nullopt;
        return std::min(*std::min_element(slices_.begin(), slices_.end()), current_);
    }
    void reset() {
        played_ = 0;
        next_ = 0;
        full_ = false;
        current_ = kNone;
    }

private:
    static constexpr double kNone = std::numeric_limits<double>::infinity();
    const std::uint32_t sliceSamples_;
    std::array<double, 10> slices_{};
    std::size_t next_ = 0;
    bool full_ = false;
    std::uint32_t played_ = 0;
    double current_ = kNone;
};

} // namespace dragoman
