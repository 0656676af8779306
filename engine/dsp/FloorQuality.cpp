// See FloorQuality.h.
#include "FloorQuality.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace dragoman {
namespace {

constexpr double kSpeechFloorDb = -50; // quieter than this is not speech
constexpr double kAboveNoiseDb = 12;   // speech stands this far above the pauses
constexpr double kNothingDb = -50;     // a band this far below the speech band is empty
constexpr std::size_t kFlatTop = 8;    // equal samples at the peak: clipped, not a slow wave
constexpr double kClipPeak = 0.25;     // flat tops of quieter signals are slow waves
constexpr double kDropoutSeconds = 0.005;
constexpr std::size_t kBandsEvery = 4;
constexpr double kLongestDropoutSeconds = 0.1;

double toDb(double ratio) {
    return 10.0 * std::log10(std::max(ratio, 1e-30));
}

double amplitudeDb(double amplitude) {
    return 20.0 * std::log10(std::max(amplitude, 1e-12));
}

// The power of the DFT bins of `x` (kWindow samples, windowed) from `lowHz` up to `highHz`.
double bandPower(const std::vector<double>& x, double sampleRate, double lowHz, double highHz) {
    const double n = static_cast<double>(x.size());
    const auto first = static_cast<std::size_t>(std::ceil(lowHz * n / sampleRate));
    const auto last = static_cast<std::size_t>(std::ceil(highHz * n / sampleRate));
    double power = 0.0;
    for (std::size_t k = first; k < last && k < x.size() / 2; ++k) {
        const double c = 2.0 * std::cos(2.0 * std::numbers::pi * static_cast<double>(k) / n);
        double s1 = 0.0, s2 = 0.0;
        for (const double v : x) {
            const double s0 = v + c * s1 - s2;
            s2 = s1;
            s1 = s0;
        }
        power += s1 * s1 + s2 * s2 - c * s1 * s2;
    }
    return power;
}

std::string rounded(double value) {
    return std::to_string(static_cast<int>(std::lround(value)));
}

} // namespace

std::string describeProblems(const FloorQualityReading& reading) {
    std::string text;
    for (const FloorProblem& p : reading.problems)
        text += (text.empty() ? "" : "; ") + p.reason;
    return text;
}

FloorQualityMeter::FloorQualityMeter(double sampleRate)
    : sampleRate_(sampleRate), hann_(kWindow), windowed_(kWindow) {
    for (std::size_t i = 0; i < kWindow; ++i)
        hann_[i] = 0.5 - 0.5 * std::cos(2.0 * std::numbers::pi * static_cast<double>(i) /
                                        static_cast<double>(kWindow - 1));
    pending_.reserve(2 * kWindow);
}

void FloorQualityMeter::analyse(const float* samples, std::size_t count) {
    pending_.insert(pending_.end(), samples, samples + count);
    std::size_t used = 0;
    while (pending_.size() - used >= kWindow) {
        std::copy_n(pending_.begin() + static_cast<std::ptrdiff_t>(used), kWindow,
                    windowed_.begin());
        analyseWindow();
        used += kWindow;
    }
    pending_.erase(pending_.begin(), pending_.begin() + static_cast<std::ptrdiff_t>(used));
}

void FloorQualityMeter::analyseWindow() {
    Slice slice;
    double sum = 0.0;
    for (const double v : windowed_) {
        sum += v * v;
        slice.peak = std::max(slice.peak, std::fabs(v));
    }
    slice.rms = std::sqrt(sum / static_cast<double>(kWindow));
    const auto shortest = static_cast<std::size_t>(kDropoutSeconds * sampleRate_);
    const auto longest = static_cast<std::size_t>(kLongestDropoutSeconds * sampleRate_);
    std::size_t flat = 1;
    for (std::size_t i = 0; i < kWindow; ++i) {
        const double v = windowed_[i];
        // A short run of digital silence with sound on both sides: a dropout. (A longer one is
        // a pause of a gated or muted source; one at the start, no sound lost.)
        if (v == 0.0) {
            ++zeroRun_;
        } else {
            if (zeroRun_ >= shortest && zeroRun_ <= longest && soundBefore_)
                slice.dropout = true;
            zeroRun_ = 0;
            soundBefore_ = true;
        }
        // Flat tops: the same value at the window's peak, sample after sample.
        if (i > 0 && v == windowed_[i - 1] && std::fabs(v) >= 0.99 * slice.peak &&
            slice.peak >= kClipPeak) {
            if (++flat == kFlatTop)
                slice.clipped += kFlatTop;
            else if (flat > kFlatTop)
                ++slice.clipped;
        } else {
            flat = 1;
        }
    }
    // The bands of every fourth window: three seconds still hold 35 of them, at a quarter of
    // the cost (the sums over each band's bins are most of the meter's work).
    slice.hasBands = slicesSeen_ % kBandsEvery == 0;
    if (slice.hasBands) {
        for (std::size_t i = 0; i < kWindow; ++i)
            windowed_[i] *= hann_[i];
        slice.speechBand = bandPower(windowed_, sampleRate_, 300.0, 3400.0);
        slice.above4k = bandPower(windowed_, sampleRate_, 4500.0, 7000.0);
        slice.above8k = bandPower(windowed_, sampleRate_, 8500.0, 12000.0);
        slice.above12k = bandPower(windowed_, sampleRate_, 12500.0, 16000.0);
    }
    slices_.push_back(slice);
    ++slicesSeen_;
    const auto kept = static_cast<std::size_t>(kJudgedSeconds * sampleRate_ / kWindow);
    while (slices_.size() > kept)
        slices_.pop_front();
}

void FloorQualityMeter::networkPath(FloorPathCount count) {
    path_.push_back({slicesSeen_, count});
    const auto kept = static_cast<std::size_t>(kJudgedSeconds * sampleRate_ / kWindow);
    while (path_.size() > 2 && path_[1].slice + kept <= slicesSeen_)
        path_.pop_front();
}

FloorQualityReading FloorQualityMeter::reading() const {
    FloorQualityReading r;
    // The network's loss over the window: packets lost against packets due.
    if (path_.size() >= 2) {
        const FloorPathCount& first = path_.front().count;
        const FloorPathCount& last = path_.back().count;
        const std::uint64_t lost = last.lost - first.lost;
        const std::uint64_t due = lost + last.received - first.received;
        if (due > 0)
            r.networkLossPercent = 100.0 * static_cast<double>(lost) / static_cast<double>(due);
    }
    if (r.networkLossPercent > 3.0)
        r.problems.push_back(
            {FloorProblem::Kind::PacketLoss, "breaking up: " + rounded(r.networkLossPercent) +
                                                 " % of its packets lost on the network"});
    // Digital silence counts among the pauses: a gated source's noise is none.
    std::vector<double> levels;
    for (const Slice& s : slices_) {
        if (s.dropout)
            ++r.dropouts;
        levels.push_back(s.rms);
    }
    if (levels.empty())
        return r;
    std::sort(levels.begin(), levels.end());
    const double noise = levels[levels.size() / 10];
    r.noiseDbfs = amplitudeDb(noise);
    const double speechFloor = std::max(std::pow(10.0, kSpeechFloorDb / 20.0),
                                        noise * std::pow(10.0, kAboveNoiseDb / 20.0));
    std::vector<double> speech;
    double band = 0.0, above4k = 0.0, above8k = 0.0, above12k = 0.0;
    std::size_t clipped = 0, banded = 0;
    for (const Slice& s : slices_) {
        if (s.rms <= speechFloor)
            continue;
        speech.push_back(s.rms);
        banded += s.hasBands ? 1 : 0;
        band += s.speechBand;
        above4k += s.above4k;
        above8k += s.above8k;
        above12k += s.above12k;
        clipped += s.clipped;
    }
    // A fifth of the window in speech, at least: less is a cough, not a floor to judge.
    r.judged = speech.size() * 5 >= slices_.size() && slices_.size() >= 20 && banded >= 3;
    if (!r.judged)
        return r;
    std::sort(speech.begin(), speech.end());
    r.speechDbfs = amplitudeDb(speech[speech.size() / 2]);
    r.above4kDb = toDb(above4k / band);
    r.above8kDb = toDb(above8k / band);
    r.above12kDb = toDb(above12k / band);
    r.clippedPercent =
        100.0 * static_cast<double>(clipped) / static_cast<double>(speech.size() * kWindow);

    using Kind = FloorProblem::Kind;
    if (r.above4kDb < kNothingDb)
        r.problems.push_back({Kind::Narrowband, "nothing above 4 kHz (a telephone line?)"});
    else if (r.above8kDb < kNothingDb)
        r.problems.push_back({Kind::NoHighs, "nothing above 8 kHz (a headset or a narrow codec?)"});
    if (r.clippedPercent > 0.1)
        r.problems.push_back({Kind::Clipped, "clipped: flat tops on " +
                                                 std::to_string(r.clippedPercent).substr(0, 4) +
                                                 " % of the speech"});
    if (r.speechDbfs < -42.0)
        r.problems.push_back(
            {Kind::TooQuiet, "too quiet: speech at " + rounded(r.speechDbfs) + " dBFS"});
    else if (r.speechDbfs > -6.0)
        r.problems.push_back(
            {Kind::TooLoud, "too loud: speech at " + rounded(r.speechDbfs) + " dBFS"});
    // The pauses are the quietest tenth only over a whole window: a speaker's first second
    // may have none.
    const bool whole =
        slices_.size() >= static_cast<std::size_t>(kJudgedSeconds * sampleRate_ / kWindow);
    if (whole && r.noiseDbfs > -45.0)
        r.problems.push_back(
            {Kind::Noisy, "noisy: " + rounded(r.noiseDbfs) + " dBFS in the pauses"});
    if (r.dropouts >= 3)
        r.problems.push_back(
            {Kind::BreakingUp, "breaking up: " + std::to_string(r.dropouts) + " dropouts in 3 s"});
    return r;
}

} // namespace dragoman
