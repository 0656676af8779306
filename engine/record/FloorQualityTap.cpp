// See FloorQualityTap.h.
#include "FloorQualityTap.h"

#include <algorithm>
#include <iterator>

namespace dragoman {

FloorQualityTap::FloorQualityTap(const Session& session, const EngineLayout& layout,
                                 double sampleRate)
    : tap_(signalSources(session, layout, {"floor"}).front(), sampleRate, 2.0), meter_(sampleRate) {
    const auto channels = static_cast<std::size_t>(tap_.source().channels());
    interleaved_.resize(4096 * channels);
    mono_.resize(4096);
}

const FloorQualityReading& FloorQualityTap::update(std::optional<FloorPathCount> path) {
    if (path)
        meter_.networkPath(*path);
    const auto channels = static_cast<std::size_t>(tap_.source().channels());
    for (std::size_t got; (got = tap_.read(interleaved_.data(), interleaved_.size())) > 0;) {
        const std::size_t frames = got / channels;
        for (std::size_t f = 0; f < frames; ++f) {
            float sum = 0.0f;
            for (std::size_t c = 0; c < channels; ++c)
                sum += interleaved_[f * channels + c];
            mono_[f] = sum / static_cast<float>(channels);
        }
        meter_.analyse(mono_.data(), frames);
    }
    FloorQualityReading reading = meter_.reading();
    if (!reading.judged) { // no speech now: what was wrong with it stays said until judged again
        const auto isLoss = [](const FloorProblem& p) {
            return p.kind == FloorProblem::Kind::PacketLoss;
        };
        std::vector<FloorProblem> problems;
        std::copy_if(reading_.problems.begin(), reading_.problems.end(),
                     std::back_inserter(problems),
                     [&](const FloorProblem& p) { return !isLoss(p); });
        std::copy_if(reading.problems.begin(), reading.problems.end(), std::back_inserter(problems),
                     isLoss);
        reading.problems = std::move(problems);
    }
    reading_ = std::move(reading);
    return reading_;
}

} // namespace dragoman
