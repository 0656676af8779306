// See LoudnessLog.h.
#include "LoudnessLog.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ebur128.h>
#include <limits>
#include <nlohmann/json.hpp>

namespace dragoman {
namespace {

// A loudness in JSON: a number to 0.1, or null where there was none (silence).
nlohmann::json level(int error, double value) {
    if (error != EBUR128_SUCCESS || !std::isfinite(value))
        return nullptr;
    return std::round(value * 10.0) / 10.0;
}

// The highest true peak of any channel of `state`, in dBTP to 0.1 (null: none).
nlohmann::json truePeakOf(ebur128_state* state, unsigned channels) {
    double peak = 0.0, most = 0.0;
    for (unsigned c = 0; c < channels; ++c)
        if (ebur128_true_peak(state, c, &peak) == EBUR128_SUCCESS)
            most = std::max(most, peak);
    return most > 0.0 ? nlohmann::json(std::round(200.0 * std::log10(most)) / 10.0)
                      : nlohmann::json(nullptr);
}

} // namespace

struct LoudnessLog::Meters {
    struct Closer {
        void operator()(ebur128_state* state) const { ebur128_destroy(&state); }
    };
    std::unique_ptr<ebur128_state, Closer> whole;  // the file so far
    std::unique_ptr<ebur128_state, Closer> minute; // true peak since the minute began
    unsigned channels = 1;
};

LoudnessLog::LoudnessLog(std::string path, int channels, double sampleRate)
    : path_(std::move(path)), sampleRate_(sampleRate), meters_(std::make_unique<Meters>()) {
    meters_->channels = static_cast<unsigned>(channels);
    const auto rate = static_cast<unsigned long>(sampleRate);
    meters_->whole.reset(ebur128_init(meters_->channels, rate,
                                      EBUR128_MODE_S | EBUR128_MODE_I | EBUR128_MODE_LRA |
                                          EBUR128_MODE_HISTOGRAM | EBUR128_MODE_TRUE_PEAK));
    meters_->minute.reset(ebur128_init(meters_->channels, rate, EBUR128_MODE_TRUE_PEAK));
    if (!meters_->whole || !meters_->minute) {
        problem_ = "no loudness meter (out of memory)";
        return;
    }
    // A floor of several microphones: each counts as a full channel (none is a surround
    // speaker, which BS.1770 would weigh).
    for (unsigned c = 0; c < meters_->channels; ++c) {
        ebur128_set_channel(meters_->whole.get(), c, EBUR128_LEFT);
        ebur128_set_channel(meters_->minute.get(), c, EBUR128_LEFT);
    }
}

LoudnessLog::~LoudnessLog() {
    if (!meters_->whole)
        return;
    double integrated = 0.0, range = 0.0;
    const int integratedError = ebur128_loudness_global(meters_->whole.get(), &integrated);
    const int rangeError = ebur128_loudness_range(meters_->whole.get(), &range);
    writeLine(nlohmann::json{
        {"summary", true},
        {"seconds", std::round(static_cast<double>(frames_) / sampleRate_ * 10.0) / 10.0},
        {"integratedLufs", level(integratedError, integrated)},
        {"loudnessRangeLu", level(rangeError, range)},
        {"truePeakDbtp", truePeakOf(meters_->whole.get(), meters_->channels)}}
                  .dump());
}

void LoudnessLog::add(const float* interleaved, std::uint32_t frames) {
    if (!meters_->whole || !meters_->minute)
        return;
    const auto minuteLength = static_cast<std::uint64_t>(60.0 * sampleRate_);
    while (frames > 0) {
        const auto n = static_cast<std::uint32_t>(
            std::min<std::uint64_t>(frames, minuteLength - minuteFrames_));
        ebur128_add_frames_float(meters_->whole.get(), interleaved, n);
        ebur128_add_frames_float(meters_->minute.get(), interleaved, n);
        interleaved += static_cast<std::size_t>(n) * meters_->channels;
        frames -= n;
        frames_ += n;
        minuteFrames_ += n;
        if (minuteFrames_ < minuteLength)
            continue;
        double shortTerm = 0.0, integrated = 0.0;
        const int shortTermError = ebur128_loudness_shortterm(meters_->whole.get(), &shortTerm);
        const int integratedError = ebur128_loudness_global(meters_->whole.get(), &integrated);
        writeLine(
            nlohmann::json{{"minute", ++minute_},
                           {"shortTermLufs", level(shortTermError, shortTerm)},
                           {"integratedLufs", level(integratedError, integrated)},
                           {"truePeakDbtp", truePeakOf(meters_->minute.get(), meters_->channels)}}
                .dump());
        // The next minute's true peak starts afresh.
        meters_->minute.reset(ebur128_init(
            meters_->channels, static_cast<unsigned long>(sampleRate_), EBUR128_MODE_TRUE_PEAK));
        if (!meters_->minute)
            return;
        for (unsigned c = 0; c < meters_->channels; ++c)
            ebur128_set_channel(meters_->minute.get(), c, EBUR128_LEFT);
        minuteFrames_ = 0;
    }
}

void LoudnessLog::writeLine(const std::string& line) {
    if (!problem_.empty())
        return;
    std::FILE* file = std::fopen(path_.c_str(), "a");
    const bool written = file != nullptr && std::fputs((line + "\n").c_str(), file) >= 0;
    if (file != nullptr && std::fclose(file) != 0)
        problem_ = path_ + ": not written";
    if (!written && problem_.empty())
        problem_ = path_ + ": not written";
}

} // namespace dragoman
