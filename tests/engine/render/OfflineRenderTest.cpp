// The offline renderer with real WAV files, and the summit example end to end: tones in
// place of the speakers, checked against the script's expected routing at every step.
#include "render/OfflineRender.h"

#include "files/WavFile.h"
#include "render/Demo.h"
#include "render/SpeechSynth.h"
#include "session/SessionJson.h"
#include "support/Goertzel.h"
#include "support/Loudness.h"

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <numbers>
#include <sstream>

using namespace dragoman;
using dragoman::test::toneAmplitude;

namespace {

Audio tone(double frequency, double seconds, double rate = 48000.0) {
    Audio audio{rate, 1, std::vector<float>(static_cast<std::size_t>(seconds * rate))};
    for (std::size_t i = 0; i < audio.samples.size(); ++i)
        audio.samples[i] = static_cast<float>(
            0.25 * std::sin(2.0 * std::numbers::pi * frequency * static_cast<double>(i) / rate));
    return audio;
}

std::filesystem::path freshDirectory(const std::string& name) {
    const auto dir = std::filesystem::temp_directory_path() / name;
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    return dir;
}

const std::vector<std::pair<std::string, double>> kTone = {
    {"floor", 440.0}, {"ko-en-1", 620.0}, {"ko-en-2", 830.0}, {"ja-1", 1070.0}};

std::string sourcesIn(const OfflineRenderResult& result, const std::string& output, double from,
                      double to) {
    const RenderedSignal* signal = result.find(output);
    REQUIRE(signal != nullptr);
    return dragoman::test::tonesPresent(signal->samples, static_cast<std::size_t>(from * 48000),
                                        static_cast<std::size_t>(to * 48000), kTone, 48000);
}

} // namespace

TEST_CASE("the summit script routes every source where the rules say, at every step", "[render]") {
    OfflineRenderRequest request = demoRequest();
    for (const auto& [source, frequency] : kTone)
        request.inputs[source] = tone(frequency, 30.0);
    const OfflineRenderResult result = renderOffline(request);
    REQUIRE(result.outputs.size() == 6);

    // {from, to, output, expected sources}: the script's expectations, from domain.md's rules.
    struct Step {
        double from, to;
        const char* output;
        const char* expected;
    };
    const Step steps[] = {
        {0.0, 0.45, "channel-en", "floor"},      // nobody on air: auto-floor
        {0.9, 5.9, "channel-en", "ko-en-1"},     // ko-en-1 interprets ko -> en
        {1.4, 5.9, "channel-ja", "ja-1"},        // ja-1 on air
        {1.4, 5.9, "phones-ja-1", "ko-en-1"},    // ...relaying from en
        {1.4, 5.9, "channel-ko", "floor"},       // ko is the floor language
        {6.1, 6.45, "channel-en", "ko-en-1"},    // ko-en-2 waits (booth interlock)
        {6.6, 8.9, "channel-en", "ko-en-2"},     // handover done
        {9.1, 9.7, "channel-en", "silence"},     // cough: no floor comes back
        {9.9, 11.9, "channel-en", "ko-en-2"},    // cough released
        {12.5, 19.9, "channel-ko", "ko-en-2"},   // floor en: the booth moved to ko
        {12.5, 19.9, "channel-en", "floor"},     // ...and en carries the floor
        {12.5, 19.9, "phones-ja-1", "floor"},    // ja-1 hears English directly
        {12.5, 19.9, "channel-ja", "ja-1"},      //
        {24.5, 27.9, "channel-en", "ko-en-2"},   // floor ko again: back to en
        {24.5, 27.9, "phones-ja-1", "ko-en-2"},  // ja-1 back on relay
        {24.5, 27.9, "phones-ko-en-1", "floor"}, // the off-air interpreter listens
        {28.5, 28.9, "channel-en", "floor"},     // last mic off: auto-floor
        {29.5, 30.0, "channel-ja", "floor"},     //
    };
    for (const Step& step : steps) {
        INFO(step.output << " from " << step.from << " s to " << step.to << " s");
        CHECK(sourcesIn(result, step.output, step.from, step.to) == step.expected);
    }
}

TEST_CASE("the demo's timeline matches the reviewed golden file", "[render]") {
    const OfflineRenderResult result = renderOffline(demoRequest());
    std::ifstream golden(std::filesystem::path(DRAGOMAN_SOURCE_DIR) /
                         "tests/engine/render/summit-timeline.golden");
    REQUIRE(golden);
    std::ostringstream expected;
    expected << golden.rdbuf();
    CHECK(result.timeline == expected.str());
}

TEST_CASE("render reads and writes real WAV files", "[render]") {
    const auto dir = freshDirectory("dragoman-render-test");
    const Audio floor = tone(440.0, 2.0);
    writeWavFile(dir / "floor.wav", 48000.0, 1, floor.samples);
    const Audio mic = tone(620.0, 2.0);
    writeWavFile(dir / "mic.wav", 48000.0, 1, mic.samples);

    OfflineRenderRequest request;
    request.session = parseSession(summitSessionJson()).session;
    request.inputs["floor"] = readAudioFile(dir / "floor.wav");
    request.inputs["ja-1"] = readAudioFile(dir / "mic.wav");
    request.cues = parseCueList(R"([{"time": 0.5, "console": "ja-1", "action": "mic-on"}])").cues;
    const OfflineRenderResult result = renderOffline(request);
    writeRenderResult(result, dir / "out");

    const Audio ja = readAudioFile(dir / "out" / "channel-ja.wav");
    CHECK(ja.sampleRate == 48000.0);
    CHECK(ja.frames() == 96000);
    const auto jaSamples = ja.channel(0);
    CHECK(toneAmplitude(jaSamples, 48000, 96000, 620.0, 48000.0) > 0.2);
    CHECK(toneAmplitude(jaSamples, 48000, 96000, 440.0, 48000.0) < 0.0025);
    CHECK(toneAmplitude(jaSamples, 0, 20000, 440.0, 48000.0) > 0.2);
    CHECK(std::filesystem::exists(dir / "out" / "phones-ko-en-2.wav"));
    CHECK(std::filesystem::file_size(dir / "out" / "timeline.txt") > 0);
}

TEST_CASE("a render to a directory streams the same samples and timeline as one in memory",
          "[render]") {
    // The demo: 30 s (many chunks), cues falling inside chunks, every output.
    const auto dir = freshDirectory("dragoman-render-stream-test");
    const OfflineRenderRequest request = demoRequest();
    std::map<std::string, std::filesystem::path> files;
    for (const auto& [source, audio] : request.inputs) {
        files[source] = dir / (source + ".wav");
        writeWavFile(files[source], audio.sampleRate, audio.channels, audio.samples);
    }
    const RenderReport streamed = renderToDirectory(request, files, dir / "out");
    const OfflineRenderResult inMemory = renderOffline(request);
    CHECK(streamed.frames == 30 * 48000);
    CHECK(streamed.timeline == inMemory.timeline);
    REQUIRE(inMemory.outputs.size() > 4);
    for (const RenderedSignal& signal : inMemory.outputs) {
        INFO(signal.name);
        const Audio file = readAudioFile(dir / "out" / (signal.name + ".wav"));
        CHECK(file.samples == signal.samples);
    }
}

TEST_CASE("render refuses inputs it cannot use, naming them", "[render]") {
    OfflineRenderRequest request;
    request.session = parseSession(summitSessionJson()).session;
    SECTION("another sample rate") {
        request.inputs["floor"] = tone(440.0, 0.5, 44100.0);
        CHECK_THROWS_WITH(renderOffline(request),
                          "input floor is 44100 Hz but the session renders at 48000 Hz "
                          "(use --rate 44100 to render at the input's rate)");
        request.sampleRate = 44100.0;
        CHECK_NOTHROW(renderOffline(request));
    }
    SECTION("an unknown source") {
        request.inputs["fr-1"] = tone(440.0, 0.5);
        CHECK_THROWS_WITH(renderOffline(request),
                          "input fr-1: no floor or console of that name in the session");
    }
    SECTION("a cue for an unknown console") {
        request.cues = parseCueList(R"([{"time": 0, "console": "x", "action": "mic-on"}])").cues;
        CHECK_THROWS_WITH(renderOffline(request), "cues[0].console: unknown console \"x\"");
    }
    SECTION("a stereo mic") {
        Audio stereo{48000.0, 2, std::vector<float>(2000, 0.0f)};
        request.inputs["ja-1"] = stereo;
        CHECK_THROWS_WITH(renderOffline(request), "input ja-1 has 2 channels; expected 1");
    }
}

TEST_CASE("the shipped cue list is the demo's", "[render]") {
    const CueListLoad shipped = loadCueListFile(std::filesystem::path(DRAGOMAN_SOURCE_DIR) /
                                                "docs/examples/summit-cues.json");
    REQUIRE(shipped.ok());
    const CueListLoad builtIn = parseCueList(summitCuesJson());
    REQUIRE(shipped.cues.size() == builtIn.cues.size());
    for (std::size_t i = 0; i < shipped.cues.size(); ++i) {
        CHECK(shipped.cues[i].action == builtIn.cues[i].action);
        CHECK(shipped.cues[i].timeSeconds == builtIn.cues[i].timeSeconds);
    }
}

// An offline render of a session with a program feed writes it beside its channel: ja-1's
// speech normalised to -16 LUFS (the web's target) and 100 ms late, as a live run makes it.
TEST_CASE("render writes each program feed at its loudness target and its delay",
          "[render][program]") {
    OfflineRenderRequest request = demoRequest();
    request.cues = parseCueList(R"([{"time": 0.1, "console": "ja-1", "action": "mic-on"}])").cues;
    request.durationSeconds = 40.0;
    ProgramFeed web;
    web.loudnessLufs = -16.0;
    web.delayMs = 100.0;
    request.session.channels[2].program = web; // ja
    Audio speech;
    speech.sampleRate = 48000.0;
    speech.channels = 1;
    speech.samples = synthesizeSpeech({}, 40.0, 48000.0);
    request.inputs["ja-1"] = speech;
    const OfflineRenderResult result = renderOffline(request);
    const RenderedSignal* channel = result.find("channel-ja");
    const RenderedSignal* program = result.find("program-ja");
    REQUIRE(channel != nullptr);
    REQUIRE(program != nullptr);
    CHECK(result.find("program-en") == nullptr); // no program feed
    // The last 30 s, after the gain found its level.
    const test::Loudness raw = test::measureLoudness(channel->samples, 48000.0, 10 * 48000);
    const test::Loudness normalised = test::measureLoudness(program->samples, 48000.0, 10 * 48000);
    INFO("channel " << raw.integratedLufs << " LUFS, program " << normalised.integratedLufs
                    << " LUFS, " << normalised.truePeakDbtp << " dBTP");
    CHECK(std::fabs(raw.integratedLufs + 16.0) > 3.0);
    CHECK(std::fabs(normalised.integratedLufs + 16.0) <= 1.0);
    CHECK(normalised.truePeakDbtp <= -1.0);
    // 100 ms late: the program matches the channel best 4800 frames on.
    const auto similarity = [&](std::size_t lag) {
        double sum = 0.0;
        for (std::size_t i = 20 * 48000; i < 21 * 48000; ++i)
            sum += static_cast<double>(channel->samples[i]) *
                   static_cast<double>(program->samples[i + lag]);
        return sum;
    };
    CHECK(similarity(4800) > 0.0);
    CHECK(similarity(4800) > 2.0 * std::fabs(similarity(4700)));
    CHECK(similarity(4800) > 2.0 * std::fabs(similarity(4900)));
}
