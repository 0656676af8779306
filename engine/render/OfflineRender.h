// Renders input signals through the engine faster than real time, pressing keys at cue times
// (sample-accurately: blocks are split at cues). The engine of `dragoman render` and
// `dragoman demo`, and of the signal tests. Inputs are read and outputs written a chunk at a
// time, so an hour's render needs no more memory than a second's. Control thread only.
#pragma once

#include "files/WavFile.h"
#include "render/CueList.h"
#include "session/Session.h"

#include <filesystem>
#include <map>
#include <memory>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

namespace dragoman {

struct RenderSettings {
    Session session;
    double sampleRate = 0.0; // 0 = the session's
    std::vector<Cue> cues;
    std::uint32_t blockFrames = 256;
    double durationSeconds = 0.0; // 0 = the longest input (or the last cue, if later)
};

// One input signal, read in order a chunk at a time.
class RenderInput {
public:
    virtual ~RenderInput() = default;
    virtual double sampleRate() const = 0;
    virtual std::uint32_t channels() const = 0;
    virtual std::size_t frames() const = 0;
    // Reads the next interleaved frames; fewer than asked only at the end.
    virtual std::size_t read(std::span<float> interleaved) = 0;
};

// Where the rendered outputs go, a chunk at a time, in the order of `open`'s names.
class RenderOutputs {
public:
    virtual ~RenderOutputs() = default;
    // Before the first chunk: "channel-en"... for every language channel, then "phones-..."
    // for every console, and how many frames each will get.
    virtual void open(const std::vector<std::string>& names, double sampleRate,
                      std::size_t frames) = 0;
    virtual void write(std::size_t output, std::span<const float> samples) = 0;
};

struct RenderReport {
    double sampleRate = 48000.0;
    std::size_t frames = 0;
    std::string timeline;              // who was on air on which channel, and when
    std::vector<std::string> warnings; // e.g. cues after the render's end, not applied
};

// An input or cue that does not fit the session (an unknown console, a wrong rate).
struct InvalidRenderInput : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// Source name -> input: "floor" (one channel per floor channel, or mono for all of them) and
// console ids (mono mics). Sources not given are silent. Throws InvalidRenderInput naming
// the input or cue at fault before anything is written.
RenderReport renderStreaming(const RenderSettings& settings,
                             const std::map<std::string, RenderInput*>& inputs,
                             RenderOutputs& outputs);

// Renders into `directory` (created if needed): one 32-bit float WAV per output and
// timeline.txt. Inputs are files, named as for renderStreaming.
RenderReport renderToDirectory(const RenderSettings& settings,
                               const std::map<std::string, std::filesystem::path>& inputFiles,
                               const std::filesystem::path& directory);

// The whole render in memory: for tests and the demo, whose signals are short.
struct OfflineRenderRequest : RenderSettings {
    std::map<std::string, Audio> inputs;
};

struct RenderedSignal {
    std::string name; // "channel-en", "phones-ko-en-1"
    std::vector<float> samples;
};

struct OfflineRenderResult : RenderReport {
    std::vector<RenderedSignal> outputs; // language channels, then headphone feeds
    const RenderedSignal* find(const std::string& name) const;
};

OfflineRenderResult renderOffline(const OfflineRenderRequest& request);

// Writes one WAV per output and timeline.txt into `directory` (created if needed).
void writeRenderResult(const OfflineRenderResult& result, const std::filesystem::path& directory);

} // namespace dragoman
