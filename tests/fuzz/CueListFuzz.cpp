// libFuzzer target for the cue list reader (`dragoman render --cues`): any text reads to cues
// or to problems naming their cue, never a crash or an exception; cues come out sorted by
// time, each naming its place in the file, with times a render can use.
#include "render/CueList.h"

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

using namespace dragoman;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const CueListLoad load = parseCueList(text);
    for (const Problem& problem : load.problems)
        if (problem.describe().size() > 2000) // a problem quotes a short excerpt only
            std::abort();
    if (!load.ok())
        return 0;
    for (std::size_t i = 0; i < load.cues.size(); ++i) {
        const Cue& cue = load.cues[i];
        if (!std::isfinite(cue.timeSeconds) || cue.timeSeconds < 0.0 ||
            (i > 0 && cue.timeSeconds < load.cues[i - 1].timeSeconds) ||
            cue.index >= load.cues.size() || !argumentProblem(cue.press).empty())
            std::abort();
    }
    return 0;
}
