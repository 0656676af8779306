// Follows the drift between a remote sender's sample clock and ours, so the jitter buffer
// neither fills nor drains: sound cards differ by up to a few hundred ppm, a frame of 2.5 ms
// every 10 s or so, which the buffer would otherwise make up by skipping or concealing a frame
// (a dip or a glitch). A PI controller keeps what the buffer holds (averaged) where it settled
// and sets the resampling ratio; speech resampled by a few hundred ppm cannot be heard.
//
// Where it settled, not an absolute level: how much a buffer holds between reads depends on
// how the reader takes frames (one at a time, or a device block of several at once), so the
// level is learnt over the first second, and moves with the buffer's target after that (a
// target a frame higher: the level a frame higher, reached by playing slower).
#pragma once

#include <algorithm>
#include <cmath>

namespace dragoman {

class ClockDrift {
public:
    static constexpr double kMostCorrection = 0.005; // 0.5 %: a tenth of a semitone at most

    // Called once per frame played, with what the buffer holds (frames ahead, averaged) and
    // its target. Returns the ratio of output to input samples: below 1 plays the input
    // faster (the buffer holds too much), above 1 slower.
    double update(double heldFrames, int targetFrames, double frameSeconds) {
        if (target_ < 0)
            settling_ = 0.0;
        else
            level_ += targetFrames - target_;
        target_ = targetFrames;
        if (settling_ < kSettleSeconds) {
            settling_ += frameSeconds;
            level_ = heldFrames;
            return ratio(0.0);
        }
        if (shifting_ != 0.0) { // a shift of the level, played out at kShiftRate a frame
            const double step = std::copysign(std::min(std::abs(shifting_), kShiftRate), shifting_);
            shifting_ -= step;
            return 1.0 -
                   std::clamp(kIntegral * integral_ + step, -kMostCorrection, kMostCorrection);
        }
        const double error = heldFrames - level_;
        integral_ = std::clamp(integral_ + error * frameSeconds, -kMostIntegral, kMostIntegral);
        return ratio(error);
    }
    // Moves the level kept by `frames` (+ = lower: play earlier), once settled, played out
    // at once at kShiftRate (0.4 %: 7 cents, not heard on speech) rather than by the slow
    // loop, which would take it for a drift: a reader that measures how early its audio
    // comes sets its delay to a fraction of a frame (LeastLead).
    void shift(double frames) {
        if (!settled())
            return;
        level_ -= frames;
        shifting_ += frames;
    }
    // The buffer moved by whole frames itself (a frame concealed to wait for a late one, or
    // frames skipped): the level moves with it, for the loop must not take a step for a drift.
    void stepped(double frames) {
        if (settled())
            level_ += frames;
    }
    bool shifting() const { return shifting_ != 0.0; }
    bool settled() const { return target_ >= 0 && settling_ >= kSettleSeconds; }
    void reset() {
        integral_ = 0.0;
        shifting_ = 0.0;
        target_ = -1;
    }
    // The sender's clock against ours as the integral has learnt it, in ppm (+ = faster).
    double driftPpm() const { return kIntegral * integral_ * 1e6; }

private:
    double ratio(double error) const {
        return 1.0 - std::clamp(kProportional * error + kIntegral * integral_, -kMostCorrection,
                                kMostCorrection);
    }
    // A frame too many is worked off at 0.1 % at once; the integral learns a steady drift
    // (200 ppm is 1 frame-second of error). With 2.5 ms frames the loop settles in about
    // 20 s, damped (0.7) so the buffer does not swing.
    static constexpr double kProportional = 0.001;
    static constexpr double kIntegral = 0.0002;
    static constexpr double kMostIntegral = kMostCorrection / kIntegral;
    static constexpr double kSettleSeconds = 1.0;
    static constexpr double kShiftRate = 0.004; // of a frame, each frame: 0.4 % faster or slower
    double integral_ = 0.0;
    double level_ = 0.0;
    double shifting_ = 0.0; // frames of a shift still to play out
    double settling_ = 0.0;
    int target_ = -1;
};

} // namespace dragoman
