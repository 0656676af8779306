// Renders whole input signals through the engine faster than real time, pressing keys at cue
// times (sample-accurately: blocks are split at cues). The engine of `dragoman render` and
// `dragoman demo`, and of the signal tests. Control thread only.
#pragma once

#include "io/CueList.h"
#include "io/WavFile.h"
#include "session/Session.h"

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace dragoman {

struct OfflineRenderRequest {
    Session session;
    double sampleRate = 0.0; // 0 = the session's
    // Source name -> signal: "floor" (one channel per floor channel, or mono for all of
    // them) and console ids (mono mics). Sources not given are silent.
    std::map<std::string, Audio> inputs;
    std::vector<Cue> cues;
    std::uint32_t blockFrames = 256;
    double durationSeconds = 0.0; // 0 = the longest input (or the last cue, if later)
};

struct RenderedSignal {
    std::string name; // "channel-en", "phones-ko-en-1"
    std::vector<float> samples;
};

struct OfflineRenderResult {
    double sampleRate = 48000.0;
    std::vector<RenderedSignal> outputs; // language channels, then headphone feeds
    std::string timeline;                // who was on air on which channel, and when
    std::vector<std::string> warnings;   // e.g. cues after the render's end, not applied
    const RenderedSignal* find(const std::string& name) const;
};

// An input or cue that does not fit the session (an unknown console, a wrong rate).
struct InvalidRenderInput : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// Throws InvalidRenderInput naming the input or cue at fault.
OfflineRenderResult renderOffline(const OfflineRenderRequest& request);

// Writes one WAV per output and timeline.txt into `directory` (created if needed).
void writeRenderResult(const OfflineRenderResult& result, const std::filesystem::path& directory);

} // namespace dragoman
