// See ProcessorGraphConference.h. The nodes skip silent and unity gains as the engine's ramps
// do, so that the comparison measures the graph's structure, not a difference in DSP.
#include "ProcessorGraphConference.h"

#include "BenchSignals.h"

#include <chrono>
#include <cmath>
#include <juce_audio_processors/juce_audio_processors.h>
#include <map>
#include <vector>

namespace dragoman::bench {
namespace {

using Graph = juce::AudioProcessorGraph;

// The parts every node shares: a fixed bus layout and nothing a host would ask of a plugin.
class ConferenceNode : public juce::AudioProcessor {
public:
    ConferenceNode(int inputs, int outputs)
        : AudioProcessor(
              BusesProperties()
                  .withInput("in", juce::AudioChannelSet::discreteChannels(inputs), true)
                  .withOutput("out", juce::AudioChannelSet::discreteChannels(outputs), true)) {}
    void releaseResources() override {}
    double getTailLengthSeconds() const override { return 0.0; }
    bool acceptsMidi() const override { return false; }
    bool producesMidi() const override { return false; }
    juce::AudioProcessorEditor* createEditor() override { return nullptr; }
    bool hasEditor() const override { return false; }
    int getNumPrograms() override { return 1; }
    int getCurrentProgram() override { return 0; }
    void setCurrentProgram(int) override {}
    const juce::String getProgramName(int) override { return {}; }
    void changeProgramName(int, const juce::String&) override {}
    void getStateInformation(juce::MemoryBlock&) override {}
    void setStateInformation(const void*, int) override {}

protected:
    // dst += gain * src, the gain ramping; nothing when silent and steady.
    static void mixWithGain(float* dst, const float* src, int frames,
                            juce::SmoothedValue<float>& gain) {
        if (!gain.isSmoothing() && gain.getTargetValue() == 0.0f)
            return;
        for (int i = 0; i < frames; ++i)
            dst[i] += src[i] * gain.getNextValue();
    }
};

// A language channel: its booth's mics, and the floor while nobody is on air (auto-floor).
// Inputs: floor left, floor right, one per console of the booth. Output: the channel.
class ChannelNode final : public ConferenceNode {
public:
    explicit ChannelNode(int consoles, int liveConsole)
        : ConferenceNode(2 + consoles, 1), micGains_(static_cast<std::size_t>(consoles)),
          liveConsole_(liveConsole) {}
    const juce::String getName() const override { return "language channel"; }
    using AudioProcessor::processBlock; // the double-precision one stays JUCE's
    void prepareToPlay(double rate, int block) override {
        mix_.assign(static_cast<std::size_t>(block), 0.0f);
        floorMono_.assign(static_cast<std::size_t>(block), 0.0f);
        floorGain_.reset(rate, 0.3);
        floorGain_.setCurrentAndTargetValue(liveConsole_ < 0 ? 1.0f : 0.0f);
        for (std::size_t k = 0; k < micGains_.size(); ++k) {
            micGains_[k].reset(rate, 0.01);
            micGains_[k].setCurrentAndTargetValue(static_cast<int>(k) == liveConsole_ ? 1.0f
                                                                                      : 0.0f);
        }
    }
    void processBlock(juce::AudioBuffer<float>& buffer, juce::MidiBuffer&) override {
        const int frames = buffer.getNumSamples();
        std::fill_n(mix_.data(), frames, 0.0f);
        const float* left = buffer.getReadPointer(0);
        const float* right = buffer.getReadPointer(1);
        for (int i = 0; i < frames; ++i)
            floorMono_[static_cast<std::size_t>(i)] = 0.5f * (left[i] + right[i]);
        mixWithGain(mix_.data(), floorMono_.data(), frames, floorGain_);
        for (std::size_t k = 0; k < micGains_.size(); ++k)
            mixWithGain(mix_.data(), buffer.getReadPointer(2 + static_cast<int>(k)), frames,
                        micGains_[k]);
        buffer.copyFrom(0, 0, mix_.data(), frames);
    }

private:
    std::vector<juce::SmoothedValue<float>> micGains_;
    juce::SmoothedValue<float> floorGain_;
    std::vector<float> mix_, floorMono_;
    int liveConsole_;
};

// A console's headphones: the floor or the relay channel, sidetone, tone, volume, limiter.
// Inputs: floor left, floor right, relay channel, own mic. Output: the headphone feed.
class ConsoleNode final : public ConferenceNode {
public:
    explicit ConsoleNode(bool hearsRelay) : ConferenceNode(4, 1), hearsRelay_(hearsRelay) {}
    const juce::String getName() const override { return "console"; }
    using AudioProcessor::processBlock;
    void prepareToPlay(double rate, int block) override {
        mix_.assign(static_cast<std::size_t>(block), 0.0f);
        floorMono_.assign(static_cast<std::size_t>(block), 0.0f);
        for (auto* gain : {&floorGain_, &relayGain_, &sidetone_, &volume_})
            gain->reset(rate, 0.01);
        floorGain_.setCurrentAndTargetValue(hearsRelay_ ? 0.0f : 1.0f);
        relayGain_.setCurrentAndTargetValue(hearsRelay_ ? 1.0f : 0.0f);
        sidetone_.setCurrentAndTargetValue(0.0f);
        volume_.setCurrentAndTargetValue(1.0f);
        bass_.setCoefficients(juce::IIRCoefficients::makeLowShelf(rate, 250.0, 0.7, 1.0));
        treble_.setCoefficients(juce::IIRCoefficients::makeHighShelf(rate, 4000.0, 0.7, 1.0));
        releasePerSample_ = static_cast<float>(std::exp(-1.0 / (0.1 * rate)));
    }
    void processBlock(juce::AudioBuffer<float>& buffer, juce::MidiBuffer&) override {
        const int frames = buffer.getNumSamples();
        float* phones = mix_.data();
        std::fill_n(phones, frames, 0.0f);
        const float* left = buffer.getReadPointer(0);
        const float* right = buffer.getReadPointer(1);
        if (floorGain_.isSmoothing() || floorGain_.getTargetValue() != 0.0f) {
            for (int i = 0; i < frames; ++i)
                floorMono_[static_cast<std::size_t>(i)] = 0.5f * (left[i] + right[i]);
            mixWithGain(phones, floorMono_.data(), frames, floorGain_);
        }
        mixWithGain(phones, buffer.getReadPointer(2), frames, relayGain_);
        mixWithGain(phones, buffer.getReadPointer(3), frames, sidetone_);
        if (toneIsOn_) {
            bass_.processSamples(phones, frames);
            treble_.processSamples(phones, frames);
        }
        if (volume_.isSmoothing() || volume_.getTargetValue() != 1.0f)
            for (int i = 0; i < frames; ++i)
                phones[i] *= volume_.getNextValue();
        limit(phones, frames);
        buffer.copyFrom(0, 0, phones, frames);
    }

private:
    // A peak limiter with instant attack: the same fast path as the engine's when at rest.
    void limit(float* phones, int frames) {
        if (envelope_ <= kCeiling) {
            float peak = 0.0f;
            for (int i = 0; i < frames; ++i)
                peak = std::max(peak, std::fabs(phones[i]));
            if (peak <= kCeiling)
                return;
        }
        for (int i = 0; i < frames; ++i) {
            envelope_ = std::max(std::fabs(phones[i]), envelope_ * releasePerSample_);
            if (envelope_ > kCeiling)
                phones[i] *= kCeiling / envelope_;
        }
    }

    static constexpr float kCeiling = 0.5f; // -6 dBFS, the engine's default
    bool hearsRelay_;
    bool toneIsOn_ = false; // flat, as the engine's consoles start
    juce::SmoothedValue<float> floorGain_, relayGain_, sidetone_, volume_;
    juce::IIRFilter bass_, treble_;
    float envelope_ = 0.0f;
    float releasePerSample_ = 1.0f;
    std::vector<float> mix_, floorMono_;
};

} // namespace

struct ProcessorGraphConference::Parts {
    Graph graph;
    Graph::NodeID input, output;
    std::map<std::string, Graph::NodeID> channelNodes; // by channel id
    int languageCapacity = 0;                          // output channels before the phones
    int consoleNodes = 0;                              // console nodes so far
    juce::AudioBuffer<float> buffer;
    juce::AudioBuffer<float> signal; // what the inputs hold at the start of every block
    juce::MidiBuffer midi;

    void connect(Graph::NodeID from, int fromChannel, Graph::NodeID to, int toChannel,
                 Graph::UpdateKind update) {
        graph.addConnection({{from, fromChannel}, {to, toChannel}}, update);
    }

    // A channel node for channel `channelIndex`, with a mic input per console of its booth
    // (`liveConsole` of them on air, or -1), wired to the floor and the graph's output.
    Graph::NodeID addChannel(const std::string& id, int channelIndex, int consoles, int liveConsole,
                             Graph::UpdateKind last) {
        const Graph::NodeID channel =
            graph.addNode(std::make_unique<ChannelNode>(consoles, liveConsole), {}, kLater)->nodeID;
        channelNodes[id] = channel;
        connect(input, 0, channel, 0, kLater);
        connect(input, 1, channel, 1, kLater);
        connect(channel, 0, output, channelIndex, last);
        return channel;
    }

    // The console nodes of `booth`, whose channel node exists: its mics into the channel
    // node, the floor or relay and the mic into each console node, each into its headphones.
    std::vector<Graph::NodeID> addConsoles(const Booth& booth, Graph::UpdateKind last) {
        std::vector<Graph::NodeID> added;
        const Graph::NodeID channel = channelNodes.at(booth.outputs.front());
        const auto consoleCount = static_cast<int>(booth.consoles.size());
        for (int k = 0; k < consoleCount; ++k) {
            const int console = consoleNodes++;
            const bool relay = booth.relay.has_value();
            const Graph::NodeID node =
                graph.addNode(std::make_unique<ConsoleNode>(relay), {}, kLater)->nodeID;
            connect(input, 2 + console, channel, 2 + k, kLater);
            connect(input, 0, node, 0, kLater);
            connect(input, 1, node, 1, kLater);
            if (relay)
                connect(channelNodes.at(*booth.relay), 0, node, 2, kLater);
            connect(input, 2 + console, node, 3, kLater);
            connect(node, 0, output, languageCapacity + console,
                    k + 1 == consoleCount ? last : kLater);
            added.push_back(node);
        }
        return added;
    }

    static constexpr auto kLater = Graph::UpdateKind::async;
    std::vector<Graph::NodeID> addedLive; // nodes added after construction
    int consolesAtStart = 0;
};

ProcessorGraphConference::ProcessorGraphConference(const Session& session, double sampleRate,
                                                   std::uint32_t frames, int spareLanguages)
    : parts_(std::make_unique<Parts>()) {
    juce::MessageManager::getInstance(); // this thread is the message thread from now on
    int consoleCapacity = 0;
    for (const Booth& booth : session.booths)
        consoleCapacity += static_cast<int>(booth.consoles.size());
    consoleCapacity += 2 * spareLanguages;
    Parts& p = *parts_;
    p.languageCapacity = static_cast<int>(session.channels.size()) + spareLanguages;
    const int inputs = 2 + consoleCapacity;
    const int outputs = p.languageCapacity + consoleCapacity;
    const auto block = static_cast<int>(frames);
    p.graph.setPlayConfigDetails(inputs, outputs, sampleRate, block);
    using IO = Graph::AudioGraphIOProcessor;
    p.input = p.graph.addNode(std::make_unique<IO>(IO::audioInputNode), {}, Parts::kLater)->nodeID;
    p.output =
        p.graph.addNode(std::make_unique<IO>(IO::audioOutputNode), {}, Parts::kLater)->nodeID;

    // Nodes and connections first, each update deferred; prepareToPlay() then builds the
    // graph once, on this (the message) thread.
    for (std::size_t c = 0; c < session.channels.size(); ++c)
        p.addChannel(session.channels[c].id, static_cast<int>(c), 2, 0, Parts::kLater);
    for (const Booth& booth : session.booths)
        p.addConsoles(booth, Parts::kLater);
    p.consolesAtStart = p.consoleNodes;
    p.graph.prepareToPlay(sampleRate, block);

    p.buffer.setSize(std::max(inputs, outputs), block);
    p.signal.setSize(inputs, block);
    for (int c = 0; c < inputs; ++c)
        p.signal.copyFrom(c, 0, inputSignal(static_cast<std::size_t>(c), frames).data(), block);
    for (int i = 0; i < 100; ++i)
        process();
}

ProcessorGraphConference::~ProcessorGraphConference() = default;

void ProcessorGraphConference::process() {
    Parts& p = *parts_;
    for (int c = 0; c < p.signal.getNumChannels(); ++c)
        p.buffer.copyFrom(c, 0, p.signal, c, 0, p.signal.getNumSamples());
    p.graph.processBlock(p.buffer, p.midi);
}

namespace {
template <typename Change> double secondsFor(Change&& change) {
    const auto start = std::chrono::steady_clock::now();
    change();
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}
} // namespace

double ProcessorGraphConference::addChannel(const Session& bigger) {
    Parts& p = *parts_;
    return secondsFor([&] {
        const auto index = static_cast<int>(bigger.channels.size()) - 1;
        p.addedLive.push_back(
            p.addChannel(bigger.channels.back().id, index, 2, -1, Graph::UpdateKind::sync));
    });
}

double ProcessorGraphConference::addBooth(const Session& bigger) {
    Parts& p = *parts_;
    return secondsFor([&] {
        for (const Graph::NodeID node :
             p.addConsoles(bigger.booths.back(), Graph::UpdateKind::sync))
            p.addedLive.push_back(node);
    });
}

void ProcessorGraphConference::removeAdded() {
    Parts& p = *parts_;
    for (std::size_t i = 0; i < p.addedLive.size(); ++i)
        p.graph.removeNode(p.addedLive[i],
                           i + 1 == p.addedLive.size() ? Graph::UpdateKind::sync : Parts::kLater);
    p.addedLive.clear();
    p.consoleNodes = p.consolesAtStart;
}

bool ProcessorGraphConference::everyOutputCarriesSignal() const {
    const Parts& p = *parts_;
    const int outputs = p.languageCapacity + p.consoleNodes;
    for (int c = 0; c < outputs; ++c) {
        const bool spare = c >= static_cast<int>(p.channelNodes.size()) && c < p.languageCapacity;
        if (!spare && !carriesSignal(p.buffer.getReadPointer(c),
                                     static_cast<std::size_t>(p.buffer.getNumSamples())))
            return false;
    }
    return true;
}

int ProcessorGraphConference::nodeCount() const {
    return parts_->graph.getNumNodes();
}

int ProcessorGraphConference::connectionCount() const {
    return static_cast<int>(parts_->graph.getConnections().size());
}

} // namespace dragoman::bench
