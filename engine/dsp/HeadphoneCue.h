// A short sound of up to two notes, played into one console's headphones only (the sounds
// themselves are named in graph/CueSounds.h). Audio thread: no allocation; a sine per note
// with a raised-cosine attack and release, so nothing clicks.
#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <numbers>

namespace dragoman {

class HeadphoneCue {
public:
    // A sine from startS for lengthS, rising and falling over rampS at each end.
    struct Note {
        double hz = 0.0; // 0: no note
        double startS = 0.0;
        double lengthS = 0.0;
        double rampS = 0.005;
        double gain = 0.0;
    };
    using Notes = std::array<Note, 2>;

    void prepare(double sampleRate) {
        sampleRate_ = sampleRate;
        stop();
    }

    void start(const Notes& notes) {
        notes_ = notes;
        position_ = 0;
        for (double& phase : phase_)
            phase = 0.0;
        playing_ = true;
    }

    void stop() { playing_ = false; }
    bool playing() const { return playing_; }

    // Adds the cue's next `frames` samples to `out`.
    void mixInto(float* out, std::uint32_t frames) {
        if (!playing_)
            return;
        bool sounding = false;
        for (std::size_t n = 0; n < notes_.size(); ++n) {
            const Note& note = notes_[n];
            if (note.hz <= 0.0)
                continue;
            const auto start = static_cast<std::uint64_t>(note.startS * sampleRate_);
            const auto length = static_cast<std::uint64_t>(note.lengthS * sampleRate_);
            const auto ramp = static_cast<std::uint64_t>(note.rampS * sampleRate_);
            if (position_ + frames <= start || position_ >= start + length) {
                sounding = sounding || position_ < start;
                continue;
            }
            sounding = true;
            const double step = 2.0 * std::numbers::pi * note.hz / sampleRate_;
            for (std::uint32_t i = 0; i < frames; ++i) {
                const std::uint64_t t = position_ + i;
                if (t < start || t >= start + length)
                    continue;
                const std::uint64_t fromStart = t - start;
                const std::uint64_t toEnd = start + length - 1 - t;
                double envelope = 1.0;
                if (fromStart < ramp)
                    envelope = rise(fromStart, ramp);
                if (toEnd < ramp)
                    envelope = std::min(envelope, rise(toEnd, ramp));
                out[i] += static_cast<float>(note.gain * envelope * std::sin(phase_[n]));
                phase_[n] += step;
            }
            phase_[n] = std::fmod(phase_[n], 2.0 * std::numbers::pi);
        }
        position_ += frames;
        playing_ = sounding;
    }

private:
    static double rise(std::uint64_t at, std::uint64_t ramp) {
        return 0.5 - 0.5 * std::cos(std::numbers::pi * static_cast<double>(at) /
                                    static_cast<double>(ramp));
    }

    double sampleRate_ = 48000.0;
    Notes notes_{};
    std::array<double, 2> phase_{};
    std::uint64_t position_ = 0;
    bool playing_ = false;
};

} // namespace dragoman
