// Recordings as a listener gets them: Ogg Opus files written by the recorder, decoded by
// opus-tools' own opusdec (an independent decoder) and measured with Goertzel filters; tags
// read back with opusinfo.
#include "record/Recorder.h"

#include "files/WavFile.h"
#include "support/CommandOutput.h"
#include "support/Opusdec.h"
#include "support/ToneRig.h"

#include <array>
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <numbers>
#include <unistd.h>

using namespace dragoman;
using namespace dragoman::test;
namespace fs = std::filesystem;

namespace {

std::vector<float> decoded(const fs::path& opus) {
    std::vector<float> audio = decodeWithOpusdec(opus);
    INFO(opus.string());
    REQUIRE_FALSE(audio.empty());
    return audio;
}

struct TempDirectory {
    fs::path path = fs::temp_directory_path() / ("dragoman-rec-" + std::to_string(getpid()));
    TempDirectory() { fs::remove_all(path); }
    ~TempDirectory() { fs::remove_all(path); }
};

} // namespace

TEST_CASE("Opus recordings at the default settings keep 125 Hz to 15 kHz (ISO 20108)", "[record]") {
    const TempDirectory dir;
    fs::create_directories(dir.path);
    // A third-octave-ish ladder of tones, one after another, each 0.4 s at -20 dBFS.
    const std::vector<double> tones{125, 250, 500, 1000, 2000, 4000, 8000, 12500, 15000};
    constexpr double kRate = 48000.0, kSeconds = 0.4, kAmplitude = 0.1;
    const auto toneFrames = static_cast<std::size_t>(kSeconds * kRate);
    std::vector<float> signal;
    for (const double f : tones)
        for (std::size_t i = 0; i < toneFrames; ++i)
            signal.push_back(
                static_cast<float>(kAmplitude * std::sin(2.0 * std::numbers::pi * f *
                                                         static_cast<double>(i) / kRate)));
    const fs::path file = dir.path / "ladder.opus";
    {
        const auto recording = createOpusRecording(file.string(), 1, kRate, OpusSettings{}, {});
        for (std::size_t at = 0; at < signal.size(); at += 960)
            recording->write(signal.data() + at, static_cast<std::uint32_t>(std::min<std::size_t>(
                                                     960, signal.size() - at)));
    }
    const std::vector<float> out = decoded(file);
    REQUIRE(out.size() >= signal.size());
    for (std::size_t t = 0; t < tones.size(); ++t) {
        // The middle of each tone (opusdec trims the encoder's pre-skip: no offset to undo).
        const std::size_t begin = t * toneFrames + toneFrames / 4, end = begin + toneFrames / 2;
        const double level = toneAmplitude(out, begin, end, tones[t], kRate);
        INFO(tones[t] << " Hz decoded at " << 20.0 * std::log10(level / kAmplitude) << " dB");
        CHECK(level > kAmplitude * 0.708); // within 3 dB
        CHECK(level < kAmplitude * 1.413);
    }
}

TEST_CASE("an Opus recording never replaces a file, and names its language in the tags",
          "[record]") {
    const TempDirectory dir;
    fs::create_directories(dir.path);
    const fs::path file = dir.path / "en.opus";
    {
        const auto recording =
            createOpusRecording(file.string(), 1, 48000.0, OpusSettings{},
                                {"Korea-US online summit: English (en)", "en", "en",
                                 "Korea-US online summit", "2026-11-25T09:00:00+0000"});
        const std::vector<float> silence(48000, 0.0f);
        recording->write(silence.data(), 48000);
    }
    const std::string info = commandOutput("opusinfo '" + file.string() + "' 2>&1");
    INFO(info);
    CHECK_THAT(info, Catch::Contains("TITLE=Korea-US online summit: English (en)"));
    CHECK_THAT(info, Catch::Contains("LANGUAGE=en"));
    CHECK_THAT(info, Catch::Contains("ALBUM=Korea-US online summit"));
    CHECK_THAT(info, Catch::Contains("DATE=2026-11-25T09:00:00+0000"));
    const auto size = fs::file_size(file);
    CHECK_THROWS_WITH(createOpusRecording(file.string(), 1, 48000.0, OpusSettings{}, {}),
                      Catch::Contains("en.opus: File exists"));
    CHECK(fs::file_size(file) == size);
}

TEST_CASE("the recorder writes the floor and each language channel to its own file", "[record]") {
    const TempDirectory dir;
    Session session = summitSession();
    session.recording = RecordingSettings{};
    session.recording->directory = dir.path.string();
    session.recording->wav = true;
    ToneRig rig(session, 48000.0);
    const auto start = std::chrono::system_clock::now();
    std::vector<std::string> paths;
    {
        Recorder recorder(session, rig.engine().layout(), 48000.0, start);
        rig.afterEachBlock([&recorder](const AudioBuffers& io) { recorder.capture(io); });
        rig.run(1.0);
        rig.engine().press("ko-en-1", {ConsoleKey::Mic, Switch::On}); // on air on en
        rig.run(3.0);
        paths = recorder.paths();
        const auto reports = recorder.takeReports();
        REQUIRE(reports.size() == 4); // started: floor, ko, en, ja
        for (const RecorderReport& r : reports)
            CHECK(r.kind == RecorderReport::Kind::Started);
        rig.afterEachBlock({});
    }
    REQUIRE(paths.size() == 8); // Opus and WAV per signal
    auto path = [&](const std::string& signal, const char* extension) {
        return recordingFileStem(dir.path.string(), session.name, signal, start, 1) + extension;
    };
    CHECK_THAT(path("en", ".opus"),
               Catch::Matches(".*/korea-us-online-summit_en_\\d{4}-\\d\\d-\\d\\d_\\d\\d-\\d\\d-"
                              "\\d\\d\\.opus"));
    const double floorTone = rig.toneOf("floor"), micTone = rig.toneOf("ko-en-1");
    // The floor file carries the floor throughout; en carries the floor (auto-floor) and then
    // ko-en-1 alone; ja relays en.
    const std::vector<float> floor = decoded(path("floor", ".opus"));
    const std::vector<float> en = decoded(path("en", ".opus"));
    CHECK(floor.size() >= 4 * 48000 - 960);
    CHECK(toneAmplitude(floor, 48000 * 2, 48000 * 4, floorTone, 48000.0) > kPresent);
    CHECK(toneAmplitude(en, 12000, 36000, floorTone, 48000.0) > kPresent);
    CHECK(toneAmplitude(en, 48000 * 2, 48000 * 4, micTone, 48000.0) > kPresent);
    CHECK(toneAmplitude(en, 48000 * 2, 48000 * 4, floorTone, 48000.0) < kPresent / 4);
    // The WAV beside it is the same signal, sample for sample.
    const Audio wav = readAudioFile(path("en", ".wav"));
    REQUIRE(wav.frames() == 4 * 48000);
    CHECK(std::abs(wav.channel(0)[48000 * 3] - rig.output("channel en")[48000 * 3]) < 1e-5f);
}

TEST_CASE("when the writer falls behind, capture drops whole blocks and the loss is reported",
          "[record]") {
    const TempDirectory dir;
    Session session = summitSession();
    session.recording = RecordingSettings{};
    session.recording->directory = dir.path.string();
    session.recording->opus = {510, 10, 10}; // the dearest encoding: four of them in one writer
    ToneRig rig(session, 48000.0);
    // Rendered offline, a minute of audio arrives far faster than one writer thread encodes
    // four signals, as if the disk had stalled. The audio side never waits for it.
    constexpr double kSeconds = 60.0;
    std::map<std::string, double> lost; // by signal
    std::vector<std::string> paths;
    {
        Recorder recorder(session, rig.engine().layout(), 48000.0);
        rig.afterEachBlock([&recorder](const AudioBuffers& io) { recorder.capture(io); });
        rig.run(kSeconds);
        rig.afterEachBlock({});
        paths = recorder.paths();
        recorder.finish();
        for (const RecorderReport& report : recorder.takeReports())
            if (report.kind == RecorderReport::Kind::Overrun)
                lost[report.signal] += report.lostSeconds;
    }
    double totalLost = 0.0;
    for (const auto& [signal, seconds] : lost)
        totalLost += seconds;
    CHECK(totalLost > 1.0); // each ring holds 10 s; the rest of the minute could not wait
    // Everything not reported lost is in the files, whole blocks only.
    REQUIRE(paths.size() == 4);
    for (const std::string& path : paths) {
        // session_signal_date_time.opus
        const std::string name = fs::path(path).filename().string();
        const auto first = name.find('_');
        const std::string signal = name.substr(first + 1, name.find('_', first + 1) - first - 1);
        const double kept = static_cast<double>(decoded(path).size()) / 48000.0;
        INFO(path << ": " << kept << " s kept, " << lost[signal] << " s reported lost");
        CHECK(std::abs(kept + lost[signal] - kSeconds) < 0.1);
    }
}

TEST_CASE("a short device gap becomes silence of its length, so file time stays wall time",
          "[record]") {
    const TempDirectory dir;
    Session session = summitSession();
    session.recording = RecordingSettings{};
    session.recording->directory = dir.path.string();
    session.recording->signals = {"floor"};
    ToneRig rig(session, 48000.0);
    const auto start = std::chrono::system_clock::now();
    {
        Recorder recorder(session, rig.engine().layout(), 48000.0, start);
        rig.afterEachBlock([&recorder](const AudioBuffers& io) { recorder.capture(io); });
        rig.run(1.0);
        // The device is gone for 2 s, noticed in two retries (0.5 s, then 1.5 s).
        recorder.markGap(0.5, start + std::chrono::milliseconds(1500));
        recorder.markGap(1.5, start + std::chrono::seconds(3));
        rig.run(1.0);
        rig.afterEachBlock({});
        recorder.finish();
        for (const RecorderReport& r : recorder.takeReports())
            CHECK(r.kind == RecorderReport::Kind::Started);
    }
    const std::vector<float> floor =
        decoded(recordingFileStem(dir.path.string(), session.name, "floor", start, 1) + ".opus");
    const double tone = rig.toneOf("floor");
    CHECK(floor.size() >= 4 * 48000 - 960);
    CHECK(floor.size() <= 4 * 48000 + 960);
    CHECK(toneAmplitude(floor, 12000, 36000, tone, 48000.0) > kPresent);
    CHECK(toneAmplitude(floor, 60000, 132000, tone, 48000.0) < kPresent / 100);
    CHECK(toneAmplitude(floor, 48000 * 3 + 12000, 48000 * 4 - 12000, tone, 48000.0) > kPresent);
    CHECK_FALSE(fs::exists(recordingFileStem(dir.path.string(), session.name, "floor", start, 2) +
                           ".opus"));
}

TEST_CASE("a device gap longer than silence fills ends the file, a new part is dated after it",
          "[record]") {
    const TempDirectory dir;
    Session session = summitSession();
    session.recording = RecordingSettings{};
    session.recording->directory = dir.path.string();
    session.recording->signals = {"floor", "en"};
    ToneRig rig(session, 48000.0);
    const auto start = std::chrono::system_clock::now();
    const auto resume = start + std::chrono::seconds(36);
    std::vector<RecorderReport> reports;
    {
        Recorder recorder(session, rig.engine().layout(), 48000.0, start);
        rig.afterEachBlock([&recorder](const AudioBuffers& io) { recorder.capture(io); });
        rig.run(1.0);
        recorder.markGap(10.0, start + std::chrono::seconds(11)); // silence, so far
        recorder.markGap(25.0, resume);                           // 35 s: too long
        rig.run(1.0);
        rig.afterEachBlock({});
        recorder.finish();
        reports = recorder.takeReports();
    }
    std::map<std::string, double> gapParts;
    for (const RecorderReport& r : reports)
        if (r.kind == RecorderReport::Kind::GapPart)
            gapParts[r.signal] = r.lostSeconds;
    CHECK(gapParts == std::map<std::string, double>{{"en", 35.0}, {"floor", 35.0}});
    auto stem = [&](int part) {
        return recordingFileStem(dir.path.string(), session.name, "floor", start, part);
    };
    const double tone = rig.toneOf("floor");
    // The first part: the audio, then the 10 s of silence written before the gap grew.
    const std::vector<float> first = decoded(stem(1) + ".opus");
    CHECK(first.size() >= 11 * 48000 - 960);
    CHECK(first.size() <= 11 * 48000 + 960);
    CHECK(toneAmplitude(first, 12000, 36000, tone, 48000.0) > kPresent);
    // The second: the audio after the gap, from its first frame, dated when it came back.
    const std::vector<float> second = decoded(stem(2) + ".opus");
    CHECK(second.size() >= 48000 - 960);
    CHECK(second.size() <= 48000 + 960);
    CHECK(toneAmplitude(second, 12000, 36000, tone, 48000.0) > kPresent);
    const std::time_t resumed = std::chrono::system_clock::to_time_t(resume);
    std::tm local{};
    localtime_r(&resumed, &local);
    char date[64];
    std::strftime(date, sizeof date, "DATE=%Y-%m-%dT%H:%M:%S", &local);
    CHECK_THAT(commandOutput("opusinfo '" + stem(2) + ".opus' 2>&1"), Catch::Contains(date));
}

// A 997 Hz sine with a peak of 0.1 is -23.0 LUFS on one channel (EBU Tech 3341's reference
// less the second channel's 3 dB), and its true peak -20 dBTP; twice the level is 6 dB more.
TEST_CASE("a recording's loudness log has a line per minute as it goes and a summary when closed",
          "[record][program]") {
    const TempDirectory dir;
    fs::create_directories(dir.path);
    const fs::path log = dir.path / "en.loudness.jsonl";
    constexpr double kRate = 48000.0;
    const auto lines = [&log] {
        std::vector<nlohmann::json> all;
        std::ifstream in(log);
        for (std::string line; std::getline(in, line);)
            all.push_back(nlohmann::json::parse(line));
        return all;
    };
    std::uint64_t frame = 0;
    const auto play = [&frame](LoudnessLog& into, double seconds, double peak) {
        std::vector<float> block(960);
        for (std::uint64_t end = frame + static_cast<std::uint64_t>(seconds * kRate);
             frame < end;) {
            for (float& s : block)
                s = static_cast<float>(peak * std::sin(2.0 * std::numbers::pi * 997.0 *
                                                       static_cast<double>(frame++) / kRate));
            into.add(block.data(), static_cast<std::uint32_t>(block.size()));
        }
    };
    {
        LoudnessLog loudness(log.string(), 1, kRate);
        play(loudness, 59.0, 0.1);
        CHECK(lines().empty()); // not a minute yet
        play(loudness, 1.0, 0.1);
        REQUIRE(lines().size() == 1); // written at once: a kill now keeps it
        play(loudness, 70.0, 0.2);
        CHECK(loudness.problem().empty());
    }
    const std::vector<nlohmann::json> written = lines();
    INFO(nlohmann::json(written).dump(1));
    REQUIRE(written.size() == 3);
    CHECK(written[0]["minute"] == 1);
    CHECK(written[0]["shortTermLufs"].get<double>() == Approx(-23.0).margin(0.15));
    CHECK(written[0]["integratedLufs"].get<double>() == Approx(-23.0).margin(0.15));
    CHECK(written[0]["truePeakDbtp"].get<double>() == Approx(-20.0).margin(0.15));
    CHECK(written[1]["minute"] == 2);
    CHECK(written[1]["shortTermLufs"].get<double>() == Approx(-17.0).margin(0.15));
    CHECK(written[1]["truePeakDbtp"].get<double>() == Approx(-14.0).margin(0.15)); // its own
    CHECK(written[2]["summary"] == true);
    CHECK(written[2]["seconds"].get<double>() == Approx(130.0));
    CHECK(written[2]["truePeakDbtp"].get<double>() == Approx(-14.0).margin(0.15));
    const double integrated = written[2]["integratedLufs"].get<double>();
    CHECK(integrated > -20.0); // energy-weighted: nearer the louder 70 s
    CHECK(integrated < -17.0);
    CHECK(written[2]["loudnessRangeLu"].get<double>() == Approx(6.0).margin(0.5));
}

TEST_CASE("a loudness log that cannot be written says so and takes nothing else down",
          "[record][program]") {
    LoudnessLog loudness("/nonexistent-dir/en.loudness.jsonl", 1, 48000.0);
    const std::vector<float> minute(48000 * 60, 0.25f);
    loudness.add(minute.data(), static_cast<std::uint32_t>(minute.size()));
    CHECK(loudness.problem() == "/nonexistent-dir/en.loudness.jsonl: not written");
}
