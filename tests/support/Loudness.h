// A signal's loudness as a broadcaster's meter reads it: libebur128 (EBU R128, ITU-R BS.1770),
// fed the whole signal afresh, independent of the engine's own measurement.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <ebur128.h>
#include <vector>

namespace dragoman::test {

struct Loudness {
    double integratedLufs = -INFINITY;
    double truePeakDbtp = -INFINITY;
};

// Of samples [from, end) of a mono signal at `sampleRate`.
inline Loudness measureLoudness(const std::vector<float>& samples, double sampleRate,
                                std::size_t from = 0) {
    Loudness loudness;
    ebur128_state* state = ebur128_init(1, static_cast<unsigned long>(sampleRate),
                                        EBUR128_MODE_I | EBUR128_MODE_TRUE_PEAK);
    if (state == nullptr || from >= samples.size())
        return loudness;
    ebur128_add_frames_float(state, samples.data() + from, samples.size() - from);
    double integrated = 0.0, peak = 0.0;
    if (ebur128_loudness_global(state, &integrated) == EBUR128_SUCCESS)
        loudness.integratedLufs = integrated;
    if (ebur128_true_peak(state, 0, &peak) == EBUR128_SUCCESS && peak > 0.0)
        loudness.truePeakDbtp = 20.0 * std::log10(peak);
    ebur128_destroy(&state);
    return loudness;
}

} // namespace dragoman::test
