// Hearing protection in sound pressure, after the peak limiter's dBFS ceiling: interpreters'
// ears live in dB SPL. With the headset's calibration (the level, in dBFS of a sine's peak,
// that gives 94 dB SPL), three tiers as conference systems have them:
//   - an instantaneous ceiling at 100 dB SPL: no sample above it, ever;
//   - 94 dB SPL once an overload (the level above 94 dB SPL) has lasted 100 ms, held until
//     the sound stays below 94 dB SPL for a second (then the limiter's release lets it up);
//   - a warning when the last minute's average exceeds 80 dB SPL (the console plays two short
//     beeps), not again within 30 minutes.
// And the day's dose: the energy heard against 80 dB over 8 hours (100 % = that much),
// unweighted (A-weighting would count low frequencies less: this errs on the safe side).
// Audio thread; no allocation: the minute is 60 one-second sums in a fixed ring. Tiers change
// at block ends (a chunk is at most 2.7 ms) and the limiter moves its ceiling over 10 ms.
#pragma once

#include "PeakLimiter.h"

#include <array>
#include <cmath>
#include <cstdint>

namespace dragoman {

class HearingGuard {
public:
    static constexpr double kInstantDbSpl = 100.0;
    static constexpr double kSustainedDbSpl = 94.0;
    static constexpr double kWarningDbSpl = 80.0;
    static constexpr double kOverloadSeconds = 0.1;
    static constexpr double kHoldSeconds = 1.0;
    static constexpr double kWarningGapSeconds = 30.0 * 60.0;
    static constexpr double kDoseSeconds = 8.0 * 3600.0;

    enum class Tier : std::uint8_t { Instant, Sustained };

    // `ceilingGain`: the session's dBFS ceiling, which holds too (the lower of the two wins).
    void prepare(double sampleRate, double calibrationDbfs, float ceilingGain) {
        rate_ = sampleRate;
        calibration_ = static_cast<float>(std::pow(10.0, calibrationDbfs / 20.0));
        dbfsCeiling_ = ceilingGain;
        overloadFrames_ = static_cast<std::uint64_t>(kOverloadSeconds * sampleRate);
        gapFrames_ = static_cast<std::uint64_t>(0.02 * sampleRate);
        holdFrames_ = static_cast<std::uint64_t>(kHoldSeconds * sampleRate);
        secondFrames_ = static_cast<std::uint64_t>(sampleRate);
        warningGapFrames_ = static_cast<std::uint64_t>(kWarningGapSeconds * sampleRate);
        limiter_.prepare(sampleRate, ceilingOf(Tier::Instant));
        // A sine at the calibration level is 94 dB SPL: its mean square is calibration^2 / 2.
        const double meanSquareAt94 = 0.5 * std::pow(10.0, calibrationDbfs / 10.0);
        doseScale_ = std::pow(10.0, (kSustainedDbSpl - kWarningDbSpl) / 10.0) / meanSquareAt94 /
                     (kDoseSeconds * sampleRate);
        meanSquareAt94_ = meanSquareAt94;
    }

    // Limits the block in place (the limiter's levels come back for the meter) and measures
    // what reaches the ear. True when the warning is due now (the caller plays the beeps).
    struct Result {
        BlockLevels levels;
        bool warn = false;
        // A second closed or the tier moved: what the control side reads (dose, minute,
        // tier, warnings) is worth publishing again. A meter reads it a few times a second.
        bool statusMoved = false;
    };
    Result process(float* buf, std::uint32_t frames) {
        Result result;
        // The overload is judged on what would be heard without this tier (the limiter's
        // input): judged after it, the 94 dB tier would hide the overload that set it. Block
        // by block (a chunk is at most 128 frames), from the block's peak measured in eight
        // lanes: a per-sample test would be a serial chain in every console's every block.
        const BlockLevels in = measureBlock(buf, frames);
        if (in.peak > calibration_) { // over 94 dB SPL (NaN samples are no sound)
            if (!inOverload_) {
                inOverload_ = true;
                overloadFor_ = 0;
            }
            quietFor_ = 0;
        } else {
            quietFor_ += frames;
            if (quietFor_ >= gapFrames_)
                inOverload_ = false; // a 20 ms gap ends an overload (a sine's troughs are
                                     // shorter, down to 25 Hz)
        }
        if (inOverload_)
            overloadFor_ += frames;
        if (tier_ == Tier::Instant && inOverload_ && overloadFor_ >= overloadFrames_) {
            tier_ = Tier::Sustained;
            limiter_.setCeiling(ceilingOf(tier_));
            result.statusMoved = true;
        } else if (tier_ == Tier::Sustained && quietFor_ >= holdFrames_) {
            tier_ = Tier::Instant;
            limiter_.setCeiling(ceilingOf(tier_));
            result.statusMoved = true;
        }
        result.levels = limiter_.process(buf, frames, in);
        // What reaches the ear (the limiter measured it for the meter): the minute's average
        // and the day's dose.
        const double sum = static_cast<double>(result.levels.sumSquares);
        dose_ += sum * doseScale_;
        secondSum_ += sum;
        secondFill_ += frames;
        sinceWarning_ += frames;
        if (secondFill_ >= secondFrames_) {
            result.statusMoved = true;
            sums_[slot_] = secondSum_;
            counts_[slot_] = secondFill_;
            slot_ = (slot_ + 1) % sums_.size();
            filled_ = std::min(filled_ + 1, sums_.size());
            secondSum_ = 0.0;
            secondFill_ = 0;
            minuteDbSpl_ = averageDbSpl();
            if (filled_ == sums_.size() && minuteDbSpl_ > kWarningDbSpl &&
                sinceWarning_ >= warningGapFrames_) {
                sinceWarning_ = 0;
                ++warnings_;
                result.warn = true;
            }
        }
        return result;
    }

    Tier tier() const { return tier_; }
    float lastMinGain() const { return limiter_.lastMinGain(); }
    // The last full minute's average in dB SPL (before a minute has passed, what there is).
    double minuteDbSpl() const { return minuteDbSpl_; }
    std::uint32_t warnings() const { return warnings_; }
    // The dose so far: 1 = 80 dB SPL for 8 hours.
    double dose() const { return dose_; }

    // The limiter's ceiling in a tier, as a gain.
    float ceilingOf(Tier tier) const {
        const double db =
            (tier == Tier::Instant ? kInstantDbSpl : kSustainedDbSpl) - kSustainedDbSpl;
        return std::min(dbfsCeiling_, calibration_ * static_cast<float>(std::pow(10.0, db / 20.0)));
    }

    // A new plan's settings (calibration, ceiling, rate) for a console that goes on: its
    // tier, minute, dose and warnings stay.
    void takeSettingsFrom(const HearingGuard& fresh) {
        rate_ = fresh.rate_;
        calibration_ = fresh.calibration_;
        dbfsCeiling_ = fresh.dbfsCeiling_;
        meanSquareAt94_ = fresh.meanSquareAt94_;
        doseScale_ = fresh.doseScale_;
        overloadFrames_ = fresh.overloadFrames_;
        gapFrames_ = fresh.gapFrames_;
        holdFrames_ = fresh.holdFrames_;
        secondFrames_ = fresh.secondFrames_;
        warningGapFrames_ = fresh.warningGapFrames_;
        limiter_.prepareKeepingGain(rate_, ceilingOf(tier_));
    }

private:
    double averageDbSpl() const {
        double sum = 0.0;
        std::uint64_t count = 0;
        for (std::size_t i = 0; i < filled_; ++i) {
            sum += sums_[i];
            count += counts_[i];
        }
        if (count == 0 || sum <= 0.0)
            return 0.0;
        return kSustainedDbSpl +
               10.0 * std::log10(sum / static_cast<double>(count) / meanSquareAt94_);
    }

private:
    PeakLimiter limiter_;
    double minuteDbSpl_ = 0.0;
    std::uint32_t warnings_ = 0;
    double rate_ = 48000.0;
    float calibration_ = 0.2f;
    float dbfsCeiling_ = 0.5f;
    double meanSquareAt94_ = 0.02;
    double doseScale_ = 0.0;
    std::uint64_t overloadFrames_ = 4800, gapFrames_ = 960, holdFrames_ = 48000;
    std::uint64_t secondFrames_ = 48000, warningGapFrames_ = 0;
    bool inOverload_ = false;
    std::uint64_t overloadFor_ = 0, quietFor_ = 0;
    Tier tier_ = Tier::Instant;
    double dose_ = 0.0;
    double secondSum_ = 0.0;
    std::uint64_t secondFill_ = 0;
    std::uint64_t sinceWarning_ = UINT64_MAX / 2; // the first warning may come at once
    std::size_t slot_ = 0, filled_ = 0;
    // Last: touched once a second, so the members every block reads share cache lines.
    std::array<double, 60> sums_{}; // the last minute, a second each
    std::array<std::uint64_t, 60> counts_{};
};

} // namespace dragoman
