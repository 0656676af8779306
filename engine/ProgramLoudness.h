// A program feed's loudness, measured on a control thread with libebur128 (EBU R128, ITU-R
// BS.1770): the feed before its loudness gain sets that gain; as it leaves, it is metered
// (momentary, short-term, integrated, true peak). The gain aims the feed at its target from
// the gated loudness of the last three seconds, as BS.1770 gates a programme: the 400 ms blocks
// above -70 LUFS and within 10 LU of their own mean. Pauses and silence are gated out, so the
// gain holds through them instead of lifting breaths and room noise.
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace dragoman {

// A channel's program feed as it leaves (LanguageChannel::program), as Engine::measurePrograms()
// reads it.
struct ProgramReading {
    std::string channel;
    std::optional<double> targetLufs;   // none: not normalised
    double momentaryLufs = -INFINITY;   // 400 ms
    double shortTermLufs = -INFINITY;   // 3 s
    double integratedLufs = -INFINITY;  // since the engine began (gated, EBU R128)
    double truePeakDbtp = -INFINITY;    // the highest since the engine began
    double gainDb = 0.0;                // the loudness gain asked for now
    double limiterDb = 0.0;             // the true-peak limiter's deepest since the last read
    std::uint64_t unmeasuredFrames = 0; // frames the measurement missed (polls too far apart)
};

class ProgramLoudness {
public:
    // The most the gain lifts a quiet voice or cuts a loud one.
    static constexpr double kMostBoostDb = 24.0;
    static constexpr double kMostCutDb = 30.0;

    explicit ProgramLoudness(double sampleRate);
    ~ProgramLoudness();
    ProgramLoudness(ProgramLoudness&&) noexcept;
    ProgramLoudness& operator=(ProgramLoudness&&) noexcept;
    double sampleRate() const { return sampleRate_; }

    void measureBeforeGain(const float* samples, std::size_t frames);
    void measureLeaving(const float* samples, std::size_t frames);

    // The gain in dB that brings the feed to `targetLufs`, or nothing while too little speech
    // was heard in the last three seconds to say (then the gain holds where it is).
    std::optional<double> gainFor(double targetLufs) const;

    // As it leaves, in LUFS (-inf before any sound) and dBTP (the highest since it began).
    double momentaryLufs() const;
    double shortTermLufs() const;
    double integratedLufs() const;
    double truePeakDbtp() const;

private:
    struct Meters; // libebur128's states: before the gain (momentary), as it leaves (all)

    double sampleRate_;
    std::unique_ptr<Meters> meters_;
    std::size_t hop_;           // 100 ms of frames
    std::size_t intoHop_ = 0;   // frames of the current hop so far
    std::deque<double> blocks_; // the last three seconds' 400 ms blocks, as energy (LUFS scale)
};

} // namespace dragoman
