// See OfflineRender.h.
#include "OfflineRender.h"

#include "Engine.h"
#include "Timeline.h"
#include "session/SessionValidation.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <fstream>
#include <set>
#include <sstream>
#include <stdexcept>

namespace dragoman {
namespace {

std::string describeRate(double rate) {
    return std::to_string(std::lround(rate)) + " Hz";
}

void checkInputs(const OfflineRenderRequest& request, double sampleRate) {
    const std::set<std::string> consoles = consoleAndChannelIds(request.session).first;
    for (const auto& [source, audio] : request.inputs) {
        const std::string what = "input " + source;
        if (source != "floor" && !consoles.contains(source))
            throw InvalidRenderInput(what + ": no floor or console of that name in the session");
        if (std::lround(audio.sampleRate) != std::lround(sampleRate))
            throw InvalidRenderInput(
                what + " is " + describeRate(audio.sampleRate) + " but the session renders at " +
                describeRate(sampleRate) + " (use --rate " +
                std::to_string(std::lround(audio.sampleRate)) + " to render at the input's rate)");
        const std::uint32_t expected =
            source == "floor" ? static_cast<std::uint32_t>(request.session.floor.channels) : 1u;
        if (audio.channels != expected && audio.channels != 1)
            throw InvalidRenderInput(what + " has " + std::to_string(audio.channels) +
                                     " channels; expected " + std::to_string(expected));
    }
    for (const Cue& cue : request.cues) {
        const std::string path = "cues[" + std::to_string(cue.index) + "]";
        if (cue.kind != Cue::Kind::FloorLanguage && !consoles.contains(cue.console))
            throw InvalidRenderInput(path + ".console: unknown console \"" + cue.console + "\"");
        if (cue.kind == Cue::Kind::Listen && cue.listenKind == ListenSource::Kind::Channel) {
            const auto& channels = request.session.channels;
            if (std::none_of(channels.begin(), channels.end(),
                             [&](const LanguageChannel& c) { return c.id == cue.channel; }))
                throw InvalidRenderInput(path + ".source: unknown language channel \"" +
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
    auto frameOf = [sampleRate](const Cue& cue) {
        return static_cast<std::size_t>(std::llround(cue.timeSeconds * sampleRate));
    };
    // The render runs past the last cue (a cue is applied before the frame it falls on).
    if (!request.cues.empty())
        totalFrames = std::max(totalFrames, frameOf(request.cues.back()) + 1);
    if (request.durationSeconds > 0.0)
        totalFrames = static_cast<std::size_t>(std::llround(request.durationSeconds * sampleRate));
    // A cue after a --seconds end is never applied: said, not dropped silently.
    std::vector<std::string> warnings;
    for (const Cue& cue : request.cues)
        if (frameOf(cue) >= totalFrames) {
            std::ostringstream text;
            text << "cues[" << cue.index << "] at " << cue.timeSeconds
                 << " s is after the render's end ("
                 << static_cast<double>(totalFrames) / sampleRate
                 << " s): not applied (render longer with --seconds)";
            warnings.push_back(text.str());
        }

    // De-interleave every input into full-length planar buffers, silence where absent.
    auto planar = [totalFrames](const Audio* audio, std::uint32_t channel) {
        std::vector<float> out(totalFrames, 0.0f);
        const std::size_t n = audio == nullptr ? 0 : std::min(totalFrames, audio->frames());
        for (std::size_t i = 0; i < n; ++i)
            out[i] = audio->samples[i * audio->channels + channel];
        return out;
    };
    auto inputNamed = [&request](const std::string& source) -> const Audio* {
        const auto it = request.inputs.find(source);
        return it == request.inputs.end() ? nullptr : &it->second;
    };
    std::vector<std::vector<float>> floor;
    for (const EnginePort& port : layout.floor) {
        const Audio* audio = inputNamed("floor");
        floor.push_back(planar(audio, audio != nullptr && audio->channels > 1 ? port.port : 0));
    }
    std::vector<std::vector<float>> mics(layout.consolePorts);
    for (const EnginePort& port : layout.mics)
        mics[port.port] = planar(inputNamed(port.name.substr(4)), 0); // "mic " + id

    OfflineRenderResult result;
    result.sampleRate = sampleRate;
    result.warnings = std::move(warnings);
    std::vector<std::size_t> channelOutput(layout.channelPorts, SIZE_MAX);
    std::vector<std::size_t> phonesOutput(layout.consolePorts, SIZE_MAX);
    for (const auto* ports : {&layout.channels, &layout.phones})
        for (const EnginePort& port : *ports) {
            std::string fileName = port.name;
            std::replace(fileName.begin(), fileName.end(), ' ', '-');
            (ports == &layout.channels ? channelOutput : phonesOutput)[port.port] =
                result.outputs.size();
            result.outputs.push_back({fileName, std::vector<float>(totalFrames, 0.0f)});
        }

    Timeline timeline(engine, sampleRate);
    timeline.record(engine.takeEvents());
    std::vector<const float*> floorPointers(floor.size());
    std::vector<const float*> micPointers(mics.size(), nullptr);
    std::vector<float*> channelPointers(channelOutput.size(), nullptr);
    std::vector<float*> phonesPointers(phonesOutput.size(), nullptr);
    const std::uint32_t block = std::max(1u, request.blockFrames);
    std::size_t nextCue = 0;
    for (std::size_t position = 0; position < totalFrames;) {
        // Cues due now go in before this block; the block ends at the next cue.
        std::size_t blockEnd = std::min(totalFrames, position + block);
        while (nextCue < request.cues.size()) {
            const std::size_t cueFrame = frameOf(request.cues[nextCue]);
            if (cueFrame > position) {
                blockEnd = std::min(blockEnd, cueFrame);
                break;
            }
            const Cue& cue = request.cues[nextCue++];
            if (!cue.applyTo(engine))
                timeline.note(position,
                              "cue " + cue.action + " for " + cue.console + " was not accepted");
        }
        const auto frames = static_cast<std::uint32_t>(blockEnd - position);
        for (std::size_t i = 0; i < floor.size(); ++i)
            floorPointers[i] = floor[i].data() + position;
        for (std::size_t i = 0; i < mics.size(); ++i)
            micPointers[i] = mics[i].empty() ? nullptr : mics[i].data() + position;
        auto point = [&](std::vector<float*>& pointers, const std::vector<std::size_t>& index) {
            for (std::size_t i = 0; i < pointers.size(); ++i)
                pointers[i] = index[i] == SIZE_MAX
                                  ? nullptr
                                  : result.outputs[index[i]].samples.data() + position;
        };
        point(channelPointers, channelOutput);
        point(phonesPointers, phonesOutput);
        engine.process(AudioBuffers::from(floorPointers, micPointers, channelPointers,
                                          phonesPointers, frames));
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
