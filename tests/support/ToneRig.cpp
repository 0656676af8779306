#include "ToneRig.h"

#include "render/Demo.h"
#include "session/SessionJson.h"

#include <numbers>
#include <stdexcept>

namespace dragoman::test {

namespace {
// Tone frequencies chosen to be far from each other's harmonics.
constexpr double kTones[] = {440.0,  620.0,  830.0,  1070.0, 1330.0, 1570.0,
                             1810.0, 2090.0, 2350.0, 2630.0, 2910.0, 3170.0};
} // namespace

ToneRig::ToneRig(const Session& session, double sampleRate, BlockSizes blocks)
    : sampleRate_(sampleRate), engine_(session, sampleRate), blocks_(blocks), random_(blocks.seed) {
    refreshLayout();
}

void ToneRig::loadSession(const Session& session) {
    engine_.loadSession(session);
    refreshLayout();
}

void ToneRig::refreshLayout() {
    layout_ = engine_.layout();
    auto assignTone = [this](const std::string& source) {
        if (!tone_.contains(source))
            tone_[source] = kTones[tone_.size() % std::size(kTones)];
    };
    assignTone("floor");
    for (const EnginePort& mic : layout_.mics)
        assignTone(mic.what.id);
    for (const auto* ports : {&layout_.channels, &layout_.phones})
        for (const EnginePort& port : *ports)
            outputs_[port.label()].resize(frame_, 0.0f); // a new output starts now
    for (const EnginePort& port : layout_.channels)
        outputs_["program " + port.what.id].resize(frame_, 0.0f);
}

void ToneRig::setSignal(const std::string& source, std::vector<float> samples) {
    signals_[source] = std::move(samples);
}

float ToneRig::sourceSample(const std::string& source, std::uint64_t frame) const {
    if (const auto it = signals_.find(source); it != signals_.end())
        return frame < it->second.size() ? it->second[frame] : 0.0f;
    const double frequency = tone_.at(source);
    if (frequency <= 0.0)
        return 0.0f;
    return static_cast<float>(kToneAmplitude * std::sin(2.0 * std::numbers::pi * frequency *
                                                        static_cast<double>(frame) / sampleRate_));
}

void ToneRig::run(double seconds) {
    const auto total = static_cast<std::uint64_t>(seconds * sampleRate_ + 0.5);
    std::uniform_int_distribution<std::uint32_t> randomBlock(1, 4096);
    std::vector<std::vector<float>> floor(layout_.floor.size());
    std::vector<std::vector<float>> mics(layout_.consolePorts);
    std::vector<std::vector<float>> channels(layout_.channelPorts);
    std::vector<std::vector<float>> programs(layout_.channelPorts);
    std::vector<std::vector<float>> phones(layout_.consolePorts);
    std::vector<const float*> floorPointers(floor.size()), micPointers(mics.size(), nullptr);
    std::vector<float*> channelPointers(channels.size(), nullptr),
        phonesPointers(phones.size(), nullptr), programPointers(programs.size(), nullptr);
    std::vector<float> talkback;
    for (std::uint64_t done = 0; done < total;) {
        const std::uint32_t want = blocks_.random ? randomBlock(random_) : blocks_.fixed;
        const auto n = static_cast<std::uint32_t>(std::min<std::uint64_t>(want, total - done));
        auto feed = [&](std::vector<float>& buffer, const std::string& source) {
            buffer.resize(n);
            for (std::uint32_t f = 0; f < n; ++f)
                buffer[f] = sourceSample(source, frame_ + f);
            return buffer.data();
        };
        for (const EnginePort& port : layout_.floor)
            floorPointers[port.port] = feed(floor[port.port], "floor");
        for (const EnginePort& port : layout_.mics)
            micPointers[port.port] = feed(mics[port.port], port.what.id);
        for (const EnginePort& port : layout_.channels) {
            channels[port.port].assign(n, 0.0f);
            channelPointers[port.port] = channels[port.port].data();
            programs[port.port].assign(n, 0.0f); // stays silent without a program feed
            programPointers[port.port] = programs[port.port].data();
        }
        for (const EnginePort& port : layout_.phones) {
            phones[port.port].assign(n, 0.0f);
            phonesPointers[port.port] = phones[port.port].data();
        }
        talkback.assign(n, 0.0f);
        AudioBuffers io =
            AudioBuffers::from(floorPointers, micPointers, channelPointers, phonesPointers, n);
        io.talkback = talkback.data();
        io.programs = programPointers.data();
        io.programCount = static_cast<std::uint32_t>(programPointers.size());
        engine_.process(io);
        if (afterBlock_)
            afterBlock_(io);
        auto record = [this](const EnginePort& port, const std::vector<float>& block) {
            auto& recorded = outputs_[port.label()];
            recorded.insert(recorded.end(), block.begin(), block.end());
        };
        for (const EnginePort& port : layout_.channels) {
            record(port, channels[port.port]);
            auto& program = outputs_["program " + port.what.id];
            program.insert(program.end(), programs[port.port].begin(), programs[port.port].end());
        }
        for (const EnginePort& port : layout_.phones)
            record(port, phones[port.port]);
        record(layout_.talkback, talkback);
        frame_ += n;
        done += n;
    }
}

double ToneRig::level(const std::string& output, const std::string& source, double from,
                      double to) const {
    const auto it = outputs_.find(output);
    if (it == outputs_.end())
        throw std::invalid_argument("no output named " + output);
    return toneAmplitude(it->second, frameAt(from), frameAt(to), tone_.at(source), sampleRate_);
}

double ToneRig::quietestRms(const std::string& name, double from, double to) const {
    const auto window = static_cast<std::size_t>(sampleRate_ * 0.002);
    double quietest = 1.0;
    for (std::size_t f = frameAt(from); f + window <= frameAt(to); f += window / 2)
        quietest = std::min(quietest, rmsOf(output(name), f, f + window));
    return quietest;
}

Session summitWithBoothInterlock(InterlockMode mode) {
    Session s = summitSession();
    s.booths[0].interlock = mode;
    return s;
}

Session summitSession() {
    const SessionLoad load = parseSession(summitSessionJson());
    if (!load.ok())
        throw std::logic_error("summit session invalid");
    return load.session;
}

Session summitWithRemoteConsole(int port) {
    Session session = summitSession();
    RemoteBoothSettings remote;
    remote.address = "127.0.0.1";
    remote.port = port;
    remote.consoles["ko-en-2"] = kRemoteSecret;
    session.remoteBooths = remote;
    return session;
}

Session summitWithEnglishBooth() {
    Session session = summitSession();
    Booth en;
    en.id = "en";
    en.outputs = {"en"};
    en.interlock = InterlockMode::Override;
    en.consoles = {{"en-1", 1}};
    session.booths.push_back(en);
    return session;
}

Session summitWithFrenchBooth() {
    Session s = summitSession();
    s.channels.push_back({"fr", "Français", {}, {}});
    Booth fr;
    fr.id = "fr";
    fr.outputs = {"fr"};
    fr.relay = "en";
    fr.consoles = {{"fr-1", 1}, {"fr-2", 2}};
    s.booths.insert(s.booths.begin(), fr);
    return s;
}

Session withProgramFeeds(Session session, double delayMs) {
    for (LanguageChannel& channel : session.channels) {
        if (channel.id != "en" && channel.id != "ko")
            continue;
        ProgramFeed program;
        program.bed.enabled = channel.id == "en";
        program.delayMs = delayMs;
        channel.program = program;
    }
    return session;
}

} // namespace dragoman::test
