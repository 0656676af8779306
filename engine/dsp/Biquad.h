// A second-order IIR section with the RBJ Audio EQ Cookbook shelves. Audio thread; no
// allocation. Written here because it is twenty lines and the engine must stay free of JUCE.
#pragma once

#include <cmath>
#include <numbers>

namespace dragoman {

struct BiquadCoefficients {
    float b0 = 1.0f, b1 = 0.0f, b2 = 0.0f, a1 = 0.0f, a2 = 0.0f;

    static BiquadCoefficients shelf(bool high, double sampleRate, double cornerHz, double gainDb) {
        const double a = std::pow(10.0, gainDb / 40.0);
        const double w0 = 2.0 * std::numbers::pi * cornerHz / sampleRate;
        const double cosW = std::cos(w0);
        const double alpha = std::sin(w0) / 2.0 * std::sqrt(2.0); // shelf slope S = 1
        const double sqrtA2Alpha = 2.0 * std::sqrt(a) * alpha;
        const double sign = high ? -1.0 : 1.0;
        const double b0 = a * ((a + 1) - sign * (a - 1) * cosW + sqrtA2Alpha);
        const double b1 = sign * 2 * a * ((a - 1) - sign * (a + 1) * cosW);
        const double b2 = a * ((a + 1) - sign * (a - 1) * cosW - sqrtA2Alpha);
        const double a0 = (a + 1) + sign * (a - 1) * cosW + sqrtA2Alpha;
        const double a1 = -sign * 2 * ((a - 1) + sign * (a + 1) * cosW);
        const double a2 = (a + 1) + sign * (a - 1) * cosW - sqrtA2Alpha;
        return {static_cast<float>(b0 / a0), static_cast<float>(b1 / a0),
                static_cast<float>(b2 / a0), static_cast<float>(a1 / a0),
                static_cast<float>(a2 / a0)};
    }
};

class Biquad {
public:
    void setCoefficients(const BiquadCoefficients& c) { c_ = c; }
    void clear() { z1_ = z2_ = 0.0f; }

    // Transposed direct form II: two state variables, good behaviour under coefficient change.
    void process(float* buf, unsigned frames) {
        for (unsigned i = 0; i < frames; ++i) {
            const float x = buf[i];
            const float y = c_.b0 * x + z1_;
            z1_ = c_.b1 * x - c_.a1 * y + z2_;
            z2_ = c_.b2 * x - c_.a2 * y;
            buf[i] = y;
        }
    }

private:
    BiquadCoefficients c_;
    float z1_ = 0.0f, z2_ = 0.0f;
};

} // namespace dragoman
