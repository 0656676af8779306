// See OfflineRender.h.
#include "OfflineRender.h"

#include "Engine.h"
#include "Timeline.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <set>
#include <stdexcept>

namespace dragoman {
namespace {

std::string describeRate(double rate) { return std::to_string(std::lround(rate)) + " Hz"; }

void checkInputs(const OfflineRenderRequest& request, double sampleRate) {
    std::set<std::string> consoles;
    for (const Booth& booth : request.session.booths)
        for (const Console& console : booth.consoles)
            consoles.insert(console.id);
    for (const auto& [source, audio] : request.inputs) {
        const std::string what = "input " + source;
        if (source != "floor" && !consoles.contains(source))
            throw std::runtime_error(what + ": no floor or console of that name in the session");
        if (std::lround(audio.sampleRate) != std::lround(sampleRate))
            throw std::runtime_error(what + " is " + describeRate(audio.sampleRate) +
                                     " but the session renders at " + describeRate(sampleRate) +
                                     " (use --rate " + std::to_string(std::lround(audio.sampleRate)) +
                                     " to render at the input's rate)");
        const std::uint32_t expected =
            source == "floor" ? static_cast<std::uint32_t>(request.session.floor.channels) : 1u;
        if (audio.channels != expected && audio.channels != 1)
            throw std::runtime_error(what + " has " + std::to_string(audio.channels) +
                                     " channels; expected " + std::to_string(expected));
    }
    for (const Cue& cue : request.cues) {
        const std::string path = "cues[" + std::to_string(cue.index) + "]";
        if (cue.kind != Cue::Kind::FloorLanguage && !consoles.contains(cue.console))
            throw std::runtime_error(path + ".console: unknown console \"" + cue.console + "\"");
        if (cue.kind == Cue::Kind::Listen && cue.listenKind == ListenSource::Kind::Channel) {
            const auto& channels = request.session.channels;
            if (std::none_of(channels.begin(), channels.end(),
                             [&](const LanguageChannel& c) { return c.id == cue.channel; }))
                throw std::runtime_error(path + ".source: unknown language channel \"" +
                                         cue.channel + "\"");
        }
    }
}

} // namespace

const RenderedSignal* OfflineRenderResult::find(const std::string& name) const {
    for (const RenderedSignal& s : outputs)
        if (s.name == name)
            return &s;
    return nullptr;
}

OfflineRenderResult renderOffline(const OfflineRenderRequest& request) {
    const double sampleRate =
        request.sampleRate > 0.0 ? request.sampleRate : request.session.sampleRate;
    checkInputs(request, sampleRate);
    Engine engine(request.session, sampleRate);
    const EngineLayout layout = engine.layout();

    std::size_t totalFrames = 0;
    for (const auto& [source, audio] : request.inputs)
        totalFrames = std::max(totalFrames, audio.frames());
    if (!request.cues.empty())
        totalFrames = std::max(totalFrames, static_cast<std::size_t>(std::ceil(
                                                request.cues.back().timeSeconds * sampleRate)));
    if (request.durationSeconds > 0.0)
        totalFrames = static_cast<std::size_t>(std::llround(request.durationSeconds * sampleRate));

    // De-interleave every input into full-length planar buffers, silence where absent.
    const std::uint32_t floorChannels = static_cast<std::uint32_t>(request.session.floor.channels);
    std::vector<std::vector<float>> inputs(layout.inputs.size(),
                                           std::vector<float>(totalFrames, 0.0f));
    auto fill = [totalFrames](std::vector<float>& dst, const Audio& audio, std::uint32_t ch) {
        const std::size_t n = std::min(totalFrames, audio.frames());
        for (std::size_t i = 0; i < n; ++i)
            dst[i] = audio.samples[i * audio.channels + ch];
    };
    std::size_t mic = floorChannels;
    for (const Booth& booth : request.session.booths)
        for (const Console& console : booth.consoles) {
            if (const auto it = request.inputs.find(console.id); it != request.inputs.end())
                fill(inputs[mic], it->second, 0);
            ++mic;
        }
    if (const auto it = request.inputs.find("floor"); it != request.inputs.end())
        for (std::uint32_t f = 0; f < floorChannels; ++f)
            fill(inputs[f], it->second, it->second.channels == 1 ? 0 : f);

    OfflineRenderResult result;
    result.sampleRate = sampleRate;
    for (const std::string& name : layout.outputs) {
        std::string fileName = name;
        std::replace(fileName.begin(), fileName.end(), ' ', '-');
        result.outputs.push_back({fileName, std::vector<float>(totalFrames, 0.0f)});
    }

    Timeline timeline(engine, sampleRate);
    timeline.record(engine.takeEvents());
    std::vector<const float*> inPointers(inputs.size());
    std::vector<float*> outPointers(result.outputs.size());
    const std::uint32_t block = std::max(1u, request.blockFrames);
    std::size_t nextCue = 0;
    for (std::size_t position = 0; position < totalFrames;) {
        // Cues due now go in before this block; the block ends at the next cue.
        std::size_t blockEnd = std::min(totalFrames, position + block);
        while (nextCue < request.cues.size()) {
            const auto cueFrame = static_cast<std::size_t>(
                std::llround(request.cues[nextCue].timeSeconds * sampleRate));
            if (cueFrame > position) {
                blockEnd = std::min(blockEnd, cueFrame);
                break;
            }
            const Cue& cue = request.cues[nextCue++];
            if (!cue.applyTo(engine))
                timeline.note(position, "cue " + cue.action + " for " + cue.console +
                                            " was not accepted");
        }
        const auto frames = static_cast<std::uint32_t>(blockEnd - position);
        for (std::size_t i = 0; i < inputs.size(); ++i)
            inPointers[i] = inputs[i].data() + position;
        for (std::size_t i = 0; i < outPointers.size(); ++i)
            outPointers[i] = result.outputs[i].samples.data() + position;
        engine.process({inPointers.data(), static_cast<std::uint32_t>(inPointers.size()),
                        outPointers.data(), static_cast<std::uint32_t>(outPointers.size()),
                        frames});
        timeline.record(engine.takeEvents());
        position = blockEnd;
    }
    result.timeline = timeline.text();
    return result;
}

void writeRenderResult(const OfflineRenderResult& result, const std::filesystem::path& directory) {
    std::filesystem::create_directories(directory);
    for (const RenderedSignal& signal : result.outputs)
        writeWavFile(directory / (signal.name + ".wav"), result.sampleRate, 1, signal.samples);
    std::ofstream timeline(directory / "timeline.txt");
    timeline << result.timeline;
    if (!timeline)
        throw std::runtime_error("cannot write " + (directory / "timeline.txt").string());
}

} // namespace dragoman
