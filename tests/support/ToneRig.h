// Drives a real Engine with a distinct sine tone per source (floor and every console mic),
// in blocks of a fixed or random size, and records every output; a test then asks which
// source's tone is in which output over which time window.
#pragma once

#include "Engine.h"
#include "Goertzel.h"

#include <functional>
#include <map>
#include <random>
#include <string>
#include <vector>

namespace dragoman::test {

struct BlockSizes {
    std::uint32_t fixed = 256; // used when random is false
    bool random = false;       // 1 to 4096 frames, seeded
    std::uint32_t seed = 7;
};

class ToneRig {
public:
    ToneRig(const Session& session, double sampleRate, BlockSizes blocks = {});

    Engine& engine() { return engine_; }
    // Changes the session and feeds and records the new layout from the next block on (as a
    // host would: buffers are addressed by port, so existing signals keep their buffers).
    void loadSession(const Session& session);
    double sampleRate() const { return sampleRate_; }
    double now() const { return static_cast<double>(frame_) / sampleRate_; }

    // Renders `seconds` more and records the outputs.
    void run(double seconds);
    // Called with each block's buffers right after Engine::process, as a host's recorder is.
    void afterEachBlock(std::function<void(const AudioBuffers&)> f) { afterBlock_ = std::move(f); }

    // Replaces a source's tone frequency (0 = silent) or its whole signal.
    void setTone(const std::string& source, double frequency) { tone_[source] = frequency; }
    void setSignal(const std::string& source, std::vector<float> samples);

    double toneOf(const std::string& source) const { return tone_.at(source); }
    // The source's tone amplitude in `output` ("channel en", "phones ja-1", "talkback") over
    // [from, to) s.
    double level(const std::string& output, const std::string& source, double from,
                 double to) const;
    const std::vector<float>& output(const std::string& name) const { return outputs_.at(name); }
    // The quietest 2 ms of `output` in [from, to) s, as RMS: a gap in a handover shows here.
    double quietestRms(const std::string& output, double from, double to) const;
    std::size_t frameAt(double seconds) const {
        return static_cast<std::size_t>(seconds * sampleRate_);
    }

private:
    void refreshLayout();
    float sourceSample(const std::string& source, std::uint64_t frame) const;

    double sampleRate_;
    Engine engine_;
    BlockSizes blocks_;
    std::mt19937 random_;
    std::uint64_t frame_ = 0;
    EngineLayout layout_;
    std::map<std::string, double> tone_; // by source: "floor" or a console id
    std::map<std::string, std::vector<float>> signals_;
    std::map<std::string, std::vector<float>> outputs_; // by output name
    std::function<void(const AudioBuffers&)> afterBlock_;
};

// The summit example, and variants used across tests.
Session summitSession();
// The summit with booth ko-en's interlock set to `mode`.
Session summitWithBoothInterlock(InterlockMode mode);
// summit plus an "en" booth that also feeds en (for channel interlock).
Session summitWithEnglishBooth();

// The summit with console ko-en-2 a remote console, hosted on 127.0.0.1 at `port`, with this
// secret.
inline const std::string kRemoteSecret = "ko-en-2 remote secret 4711";
Session summitWithRemoteConsole(int port);
// summit plus a "fr" channel and a "fr" booth (fr-1, fr-2, relaying en) inserted first, so
// that every existing console's position in the session moves.
Session summitWithFrenchBooth();
// `session` with a program feed on channels en (a ducked floor bed) and ko, each normalised to
// -23 LUFS under -1 dBTP and `delayMs` late.
Session withProgramFeeds(Session session, double delayMs = 0.0);

} // namespace dragoman::test
