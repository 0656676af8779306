// See OfflineRender.h.
#include "OfflineRender.h"

#include "Engine.h"
#include "Timeline.h"
#include "files/AudioFileReader.h"
#include "files/WavFileWriter.h"
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

// Frames read, rendered and written at a time: large enough that file calls cost nothing,
// small enough that a render with 64 consoles holds a few MB.
constexpr std::size_t kFileChunkFrames = 8192;

std::string describeRate(double rate) {
    return std::to_string(std::lround(rate)) + " Hz";
}

void checkInputs(const RenderSettings& settings, const std::map<std::string, RenderInput*>& inputs,
                 double sampleRate) {
    const std::set<std::string> consoles = consoleAndChannelIds(settings.session).first;
    for (const auto& [source, input] : inputs) {
        const std::string what = "input " + source;
        if (source != "floor" && !consoles.contains(source))
            throw InvalidRenderInput(what + ": no floor or console of that name in the session");
        if (std::lround(input->sampleRate()) != std::lround(sampleRate))
            throw InvalidRenderInput(what + " is " + describeRate(input->sampleRate()) +
                                     " but the session renders at " + describeRate(sampleRate) +
                                     " (use --rate " +
                                     std::to_string(std::lround(input->sampleRate())) +
                                     " to render at the input's rate)");
        const std::uint32_t expected =
            source == "floor" ? static_cast<std::uint32_t>(settings.session.floor.channels) : 1u;
        if (input->channels() != expected && input->channels() != 1)
            throw InvalidRenderInput(what + " has " + std::to_string(input->channels()) +
                                     " channels; expected " + std::to_string(expected));
    }
    for (const Cue& cue : settings.cues) {
        const std::string path = "cues[" + std::to_string(cue.index) + "]";
        if (cue.kind != Cue::Kind::FloorLanguage && !consoles.contains(cue.console))
            throw InvalidRenderInput(path + ".console: unknown console \"" + cue.console + "\"");
        const std::string channel(channelOf(cue.press));
        if (cue.kind == Cue::Kind::Key && !channel.empty()) {
            const auto& channels = settings.session.channels;
            if (std::none_of(channels.begin(), channels.end(),
                             [&](const LanguageChannel& c) { return c.id == channel; }))
                throw InvalidRenderInput(path + ".source: unknown language channel \"" + channel +
                                         "\"");
        }
    }
}

// An input's chunk, de-interleaved into the planar buffers of the engine ports it feeds.
struct InputFeed {
    RenderInput* input = nullptr;
    std::vector<float> interleaved;
    std::vector<std::pair<std::vector<float>*, std::uint32_t>> ports; // buffer, input channel

    void readChunk(std::size_t frames) {
        std::size_t got = 0;
        if (input != nullptr) {
            interleaved.resize(frames * input->channels());
            got = input->read(interleaved);
        }
        for (auto& [buffer, channel] : ports) {
            const std::uint32_t stride = input == nullptr ? 1 : input->channels();
            for (std::size_t i = 0; i < got; ++i)
                (*buffer)[i] = interleaved[i * stride + channel];
            std::fill(buffer->begin() + static_cast<std::ptrdiff_t>(got), buffer->end(), 0.0f);
        }
    }
};

class MemoryInput final : public RenderInput {
public:
    explicit MemoryInput(const Audio& audio) : audio_(audio) {}
    double sampleRate() const override { return audio_.sampleRate; }
    std::uint32_t channels() const override { return audio_.channels; }
    std::size_t frames() const override { return audio_.frames(); }
    std::size_t read(std::span<float> interleaved) override {
        const std::size_t n = std::min(interleaved.size() / audio_.channels, frames() - position_);
        std::copy_n(audio_.samples.begin() + static_cast<std::ptrdiff_t>(position_ * channels()),
                    n * channels(), interleaved.begin());
        position_ += n;
        return n;
    }

private:
    const Audio& audio_;
    std::size_t position_ = 0;
};

class MemoryOutputs final : public RenderOutputs {
public:
    explicit MemoryOutputs(std::vector<RenderedSignal>& signals) : signals_(signals) {}
    void open(const std::vector<std::string>& names, double, std::size_t frames) override {
        for (const std::string& name : names) {
            signals_.push_back({name, {}});
            signals_.back().samples.reserve(frames);
        }
    }
    void write(std::size_t output, std::span<const float> samples) override {
        auto& out = signals_[output].samples;
        out.insert(out.end(), samples.begin(), samples.end());
    }

private:
    std::vector<RenderedSignal>& signals_;
};

class FileInput final : public RenderInput {
public:
    explicit FileInput(const std::filesystem::path& file) : reader_(file) {}
    double sampleRate() const override { return reader_.sampleRate(); }
    std::uint32_t channels() const override { return reader_.channels(); }
    std::size_t frames() const override { return reader_.frames(); }
    std::size_t read(std::span<float> interleaved) override { return reader_.read(interleaved); }

private:
    AudioFileReader reader_;
};

class WavDirectoryOutputs final : public RenderOutputs {
public:
    explicit WavDirectoryOutputs(std::filesystem::path directory)
        : directory_(std::move(directory)) {}
    void open(const std::vector<std::string>& names, double sampleRate,
              std::size_t frames) override {
        std::filesystem::create_directories(directory_);
        for (const std::string& name : names)
            writers_.emplace_back(directory_ / (name + ".wav"), sampleRate, 1, frames);
    }
    void write(std::size_t output, std::span<const float> samples) override {
        writers_[output].write(samples);
    }
    void close() {
        for (WavFileWriter& writer : writers_)
            writer.close();
    }

private:
    std::filesystem::path directory_;
    std::vector<WavFileWriter> writers_;
};

void writeTimeline(const std::string& timeline, const std::filesystem::path& directory) {
    std::ofstream file(directory / "timeline.txt");
    file << timeline;
    if (!file)
        throw std::runtime_error("cannot write " + (directory / "timeline.txt").string());
}

} // namespace

RenderReport renderStreaming(const RenderSettings& settings,
                             const std::map<std::string, RenderInput*>& inputs,
                             RenderOutputs& outputs) {
    const double sampleRate =
        settings.sampleRate > 0.0 ? settings.sampleRate : settings.session.sampleRate;
    checkInputs(settings, inputs, sampleRate);
    Engine engine(settings.session, sampleRate);
    const EngineLayout layout = engine.layout();

    std::size_t totalFrames = 0;
    for (const auto& [source, input] : inputs)
        totalFrames = std::max(totalFrames, input->frames());
    auto frameOf = [sampleRate](const Cue& cue) {
        return static_cast<std::size_t>(std::llround(cue.timeSeconds * sampleRate));
    };
    // The render runs past the last cue (a cue is applied before the frame it falls on).
    if (!settings.cues.empty())
        totalFrames = std::max(totalFrames, frameOf(settings.cues.back()) + 1);
    if (settings.durationSeconds > 0.0)
        totalFrames = static_cast<std::size_t>(std::llround(settings.durationSeconds * sampleRate));
    RenderReport report;
    report.sampleRate = sampleRate;
    report.frames = totalFrames;
    // A cue after a --seconds end is never applied: said, not dropped silently.
    for (const Cue& cue : settings.cues)
        if (frameOf(cue) >= totalFrames) {
            std::ostringstream text;
            text << "cues[" << cue.index << "] at " << cue.timeSeconds
                 << " s is after the render's end ("
                 << static_cast<double>(totalFrames) / sampleRate
                 << " s): not applied (render longer with --seconds)";
            report.warnings.push_back(text.str());
        }

    // Planar chunk buffers for every engine port, fed from the inputs.
    auto inputNamed = [&inputs](const std::string& source) -> RenderInput* {
        const auto it = inputs.find(source);
        return it == inputs.end() ? nullptr : it->second;
    };
    std::vector<std::vector<float>> floor(layout.floor.size(),
                                          std::vector<float>(kFileChunkFrames, 0.0f));
    std::vector<std::vector<float>> mics(layout.consolePorts);
    std::vector<InputFeed> feeds;
    InputFeed& floorFeed = feeds.emplace_back();
    floorFeed.input = inputNamed("floor");
    for (std::size_t i = 0; i < layout.floor.size(); ++i)
        floorFeed.ports.emplace_back(&floor[i],
                                     floorFeed.input != nullptr && floorFeed.input->channels() > 1
                                         ? layout.floor[i].port
                                         : 0u);
    for (const EnginePort& port : layout.mics)
        if (RenderInput* input = inputNamed(port.what.id)) {
            mics[port.port].assign(kFileChunkFrames, 0.0f);
            feeds.push_back({input, {}, {{&mics[port.port], 0u}}});
        }

    std::vector<std::string> names;
    std::vector<std::vector<float>> rendered;
    std::vector<std::size_t> channelOutput(layout.channelPorts, SIZE_MAX);
    std::vector<std::size_t> phonesOutput(layout.consolePorts, SIZE_MAX);
    for (const auto* ports : {&layout.channels, &layout.phones})
        for (const EnginePort& port : *ports) {
            std::string name = port.label();
            std::replace(name.begin(), name.end(), ' ', '-');
            (ports == &layout.channels ? channelOutput : phonesOutput)[port.port] = names.size();
            names.push_back(std::move(name));
            rendered.emplace_back(kFileChunkFrames, 0.0f);
        }
    // Program feeds, after everything else: "program-en".
    std::vector<std::size_t> programOutput(layout.channelPorts, SIZE_MAX);
    for (const EnginePort& port : layout.channels)
        for (const LanguageChannel& channel : settings.session.channels)
            if (channel.id == port.what.id && channel.program) {
                programOutput[port.port] = names.size();
                names.push_back("program-" + channel.id);
                rendered.emplace_back(kFileChunkFrames, 0.0f);
            }
    outputs.open(names, sampleRate, totalFrames);

    Timeline timeline(engine, sampleRate);
    timeline.record(engine.takeEvents());
    std::vector<const float*> floorPointers(floor.size());
    std::vector<const float*> micPointers(mics.size(), nullptr);
    std::vector<float*> channelPointers(channelOutput.size(), nullptr);
    std::vector<float*> phonesPointers(phonesOutput.size(), nullptr);
    std::vector<float*> programPointers(programOutput.size(), nullptr);
    // Program feeds' loudness is measured as a live run's poll would, every 50 ms of audio.
    const auto measureEvery = static_cast<std::size_t>(0.05 * sampleRate);
    std::size_t measuredAt = 0;
    const std::uint32_t block = std::max(1u, settings.blockFrames);
    std::size_t nextCue = 0;
    for (std::size_t chunkStart = 0; chunkStart < totalFrames; chunkStart += kFileChunkFrames) {
        const std::size_t chunkEnd = std::min(totalFrames, chunkStart + kFileChunkFrames);
        for (InputFeed& feed : feeds)
            feed.readChunk(chunkEnd - chunkStart);
        for (std::size_t position = chunkStart; position < chunkEnd;) {
            // Cues due now go in before this block; the block ends at the next cue.
            std::size_t blockEnd = std::min(chunkEnd, position + block);
            while (nextCue < settings.cues.size()) {
                const std::size_t cueFrame = frameOf(settings.cues[nextCue]);
                if (cueFrame > position) {
                    blockEnd = std::min(blockEnd, cueFrame);
                    break;
                }
                const Cue& cue = settings.cues[nextCue++];
                if (const std::string why = cue.applyTo(engine); !why.empty())
                    timeline.note(position, "cue " + cue.action + " for " + cue.console +
                                                " was not accepted: " + why);
            }
            const std::size_t offset = position - chunkStart;
            for (std::size_t i = 0; i < floor.size(); ++i)
                floorPointers[i] = floor[i].data() + offset;
            for (std::size_t i = 0; i < mics.size(); ++i)
                micPointers[i] = mics[i].empty() ? nullptr : mics[i].data() + offset;
            auto point = [&](std::vector<float*>& pointers, const std::vector<std::size_t>& index) {
                for (std::size_t i = 0; i < pointers.size(); ++i)
                    pointers[i] =
                        index[i] == SIZE_MAX ? nullptr : rendered[index[i]].data() + offset;
            };
            point(channelPointers, channelOutput);
            point(phonesPointers, phonesOutput);
            point(programPointers, programOutput);
            AudioBuffers io =
                AudioBuffers::from(floorPointers, micPointers, channelPointers, phonesPointers,
                                   static_cast<std::uint32_t>(blockEnd - position));
            io.programs = programPointers.data();
            io.programCount = static_cast<std::uint32_t>(programPointers.size());
            engine.process(io);
            timeline.record(engine.takeEvents());
            if (blockEnd - measuredAt >= measureEvery) {
                engine.measurePrograms();
                measuredAt = blockEnd;
            }
            position = blockEnd;
        }
        for (std::size_t i = 0; i < rendered.size(); ++i)
            outputs.write(i, std::span<const float>(rendered[i].data(), chunkEnd - chunkStart));
    }
    report.timeline = timeline.text();
    return report;
}

RenderReport renderToDirectory(const RenderSettings& settings,
                               const std::map<std::string, std::filesystem::path>& inputFiles,
                               const std::filesystem::path& directory) {
    std::vector<std::unique_ptr<FileInput>> files;
    std::map<std::string, RenderInput*> inputs;
    for (const auto& [source, file] : inputFiles)
        inputs[source] = files.emplace_back(std::make_unique<FileInput>(file)).get();
    WavDirectoryOutputs outputs(directory);
    RenderReport report = renderStreaming(settings, inputs, outputs);
    outputs.close();
    writeTimeline(report.timeline, directory);
    return report;
}

const RenderedSignal* OfflineRenderResult::find(const std::string& name) const {
    for (const RenderedSignal& s : outputs)
        if (s.name == name)
            return &s;
    return nullptr;
}

OfflineRenderResult renderOffline(const OfflineRenderRequest& request) {
    std::vector<std::unique_ptr<MemoryInput>> memory;
    std::map<std::string, RenderInput*> inputs;
    for (const auto& [source, audio] : request.inputs)
        inputs[source] = memory.emplace_back(std::make_unique<MemoryInput>(audio)).get();
    OfflineRenderResult result;
    MemoryOutputs outputs(result.outputs);
    static_cast<RenderReport&>(result) = renderStreaming(request, inputs, outputs);
    return result;
}

void writeRenderResult(const OfflineRenderResult& result, const std::filesystem::path& directory) {
    std::filesystem::create_directories(directory);
    for (const RenderedSignal& signal : result.outputs)
        writeWavFile(directory / (signal.name + ".wav"), result.sampleRate, 1, signal.samples);
    writeTimeline(result.timeline, directory);
}

} // namespace dragoman
