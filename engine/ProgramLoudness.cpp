// See ProgramLoudness.h.
#include "ProgramLoudness.h"

#include <algorithm>
#include <cmath>
#include <ebur128.h>
#include <limits>
#include <new>

namespace dragoman {
namespace {

constexpr std::size_t kBlocksKept = 30;   // 3 s of 100 ms hops
constexpr std::size_t kRecentBlocks = 10; // the last second
constexpr std::size_t kFewestBlocks = 5;
constexpr double kAbsoluteGate = -70.0;
constexpr double kRelativeGate = -10.0;

// BS.1770's energy scale: loudness = -0.691 + 10 log10(energy).
double energyOf(double lufs) {
    return std::pow(10.0, (lufs + 0.691) / 10.0);
}
double lufsOf(double energy) {
    return -0.691 + 10.0 * std::log10(energy);
}

struct Closer {
    void operator()(ebur128_state* state) const { ebur128_destroy(&state); }
};
using Meter = std::unique_ptr<ebur128_state, Closer>;

Meter open(double sampleRate, int mode) {
    ebur128_state* state = ebur128_init(1, static_cast<unsigned long>(sampleRate), mode);
    if (state == nullptr)
        throw std::bad_alloc();
    return Meter(state);
}

// A reading of `state`, or -inf where libebur128 has none (the value is read after the call:
// never in the same call's arguments, whose order is unspecified).
double lufsFrom(int (*read)(ebur128_state*, double*), ebur128_state* state) {
    double value = 0.0;
    const int error = read(state, &value);
    return error == EBUR128_SUCCESS ? value : -std::numeric_limits<double>::infinity();
}

} // namespace

struct ProgramLoudness::Meters {
    Meter before;
    Meter leaving;
};

ProgramLoudness::ProgramLoudness(double sampleRate)
    : sampleRate_(sampleRate),
      meters_(new Meters{open(sampleRate, EBUR128_MODE_M),
                         open(sampleRate, EBUR128_MODE_M | EBUR128_MODE_S | EBUR128_MODE_I |
                                              EBUR128_MODE_HISTOGRAM | EBUR128_MODE_TRUE_PEAK)}),
      hop_(static_cast<std::size_t>(sampleRate / 10.0)) {}

ProgramLoudness::~ProgramLoudness() = default;
ProgramLoudness::ProgramLoudness(ProgramLoudness&&) noexcept = default;
ProgramLoudness& ProgramLoudness::operator=(ProgramLoudness&&) noexcept = default;

void ProgramLoudness::measureBeforeGain(const float* samples, std::size_t frames) {
    while (frames > 0) {
        const std::size_t n = std::min(frames, hop_ - intoHop_);
        ebur128_add_frames_float(meters_->before.get(), samples, n);
        samples += n;
        frames -= n;
        intoHop_ += n;
        if (intoHop_ < hop_)
            continue;
        intoHop_ = 0;
        blocks_.push_back(lufsFrom(ebur128_loudness_momentary, meters_->before.get()));
        if (blocks_.size() > kBlocksKept)
            blocks_.pop_front();
    }
}

void ProgramLoudness::measureLeaving(const float* samples, std::size_t frames) {
    ebur128_add_frames_float(meters_->leaving.get(), samples, frames);
}

std::optional<double> ProgramLoudness::gainFor(double targetLufs) const {
    // The mean of the newest `newest` blocks above `gate`, and how many there were.
    const auto gatedMean = [this](double gate, std::size_t newest = kBlocksKept) {
        double energy = 0.0;
        std::size_t count = 0;
        const std::size_t skip = blocks_.size() > newest ? blocks_.size() - newest : 0;
        for (auto it = blocks_.begin() + static_cast<std::ptrdiff_t>(skip); it != blocks_.end();
             ++it)
            if (const double block = *it; block > gate) {
                energy += energyOf(block);
                ++count;
            }
        return std::pair{count > 0 ? lufsOf(energy / static_cast<double>(count)) : gate, count};
    };
    const auto [ungated, heard] = gatedMean(kAbsoluteGate);
    if (heard < kFewestBlocks)
        return std::nullopt;
    const auto [loudness, speech] = gatedMean(ungated + kRelativeGate);
    if (speech < kFewestBlocks)
        return std::nullopt;
    // A voice that got louder in the last second counts at once: it is caught in a second
    // instead of three (a quieter one waits for the three).
    const auto [lastSecond, recent] = gatedMean(ungated + kRelativeGate, kRecentBlocks);
    const double estimate = recent >= kFewestBlocks ? std::max(loudness, lastSecond) : loudness;
    return std::clamp(targetLufs - estimate, -kMostCutDb, kMostBoostDb);
}

double ProgramLoudness::momentaryLufs() const {
    return lufsFrom(ebur128_loudness_momentary, meters_->leaving.get());
}

double ProgramLoudness::shortTermLufs() const {
    return lufsFrom(ebur128_loudness_shortterm, meters_->leaving.get());
}

double ProgramLoudness::integratedLufs() const {
    return lufsFrom(ebur128_loudness_global, meters_->leaving.get());
}

double ProgramLoudness::truePeakDbtp() const {
    double peak = 0.0;
    if (ebur128_true_peak(meters_->leaving.get(), 0, &peak) != EBUR128_SUCCESS || peak <= 0.0)
        return -std::numeric_limits<double>::infinity();
    return 20.0 * std::log10(peak);
}

} // namespace dragoman
