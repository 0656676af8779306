// The baseline the engine is measured against: a conference's routing as a JUCE developer
// would build it, a juce::AudioProcessorGraph with one node per language channel and one per
// console, wired to the graph's audio input (floor, mics) and output (channels, headphones).
// Nodes do what the engine does per signal: ramped gains, the floor or relay in the
// headphones, sidetone, tone (bypassed when flat, as the engine's is), volume and a peak
// limiter. JUCE stays out of this header, so benchmarks that do not use it need no JUCE flags.
#pragma once

#include "session/Session.h"

#include <cstdint>
#include <memory>

namespace dragoman::bench {

class ProcessorGraphConference {
public:
    // Builds the graph for `session` with the first console of every booth on air. The graph's
    // input and output have room for `spareLanguages` more languages (with their booths), so
    // that adding one is only nodes and connections. Call from the thread that runs the
    // benchmarks: it becomes JUCE's message thread, where graph changes rebuild at once.
    ProcessorGraphConference(const Session& session, double sampleRate, std::uint32_t frames,
                             int spareLanguages = 0);
    ~ProcessorGraphConference();
    ProcessorGraphConference(const ProcessorGraphConference&) = delete;
    ProcessorGraphConference& operator=(const ProcessorGraphConference&) = delete;

    // One block through the graph (inputs hold a signal, as the engine's rig does).
    void process();
    // Live changes, each batched so the graph rebuilds once, returning once it has (seconds
    // taken): the last channel of `bigger` as a channel node; the last booth of `bigger` (whose
    // channel is there) as console nodes. removeAdded() takes every added node out again.
    double addChannel(const Session& bigger);
    double addBooth(const Session& bigger);
    void removeAdded();
    // After process(): whether every channel and headphone output holds a signal (a graph
    // that renders nothing would measure nothing).
    bool everyOutputCarriesSignal() const;
    int nodeCount() const;
    int connectionCount() const;

private:
    struct Parts;
    std::unique_ptr<Parts> parts_;
};

} // namespace dragoman::bench
