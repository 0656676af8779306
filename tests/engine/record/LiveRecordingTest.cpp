// `dragoman run` recording on a real JACK device (jackd's dummy driver) as it would through a
// conference day: killed with SIGKILL, every file still decodes (opusdec) up to within a
// second of the kill; on a disk that fills up (a real tmpfs of 96 KB, in a private mount
// namespace), the audio goes on, the error names the file and the reason, and recording
// resumes in a new part once there is room again. A recording that takes a channel's program
// feed decodes at the feed's loudness target.
#include "support/Goertzel.h"
#include "support/JackFixture.h"
#include "support/Loudness.h"
#include "support/Opusdec.h"

#include <array>
#include <catch2/catch.hpp>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>
#include <unistd.h>

using namespace dragoman;
using namespace dragoman::test;
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

// The summit with a "recording" section writing into `directory`.
void writeRecordingSession(const std::string& path, const std::string& directory) {
    std::string session = fileText(DRAGOMAN_SOURCE_DIR "/docs/examples/summit.json");
    session.insert(session.rfind('}'), ", \"recording\": {\"directory\": \"" + directory + "\"}");
    std::ofstream(path) << session;
}

std::vector<fs::path> opusFiles(const fs::path& directory) {
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(directory))
        if (entry.path().extension() == ".opus")
            files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    return files;
}

bool feedFloorAndMics(ToneProbe& probe) {
    return probe.waitForPort("dragoman:in_3", 10.0) && probe.feedAll("dragoman:in_");
}

} // namespace

TEST_CASE("after kill -9, every recording decodes up to within a second of the kill", "[record]") {
    const JackServer jack;
    REQUIRE(jack.ready());
    const std::string base = "/tmp/dragoman-kill-" + std::to_string(getpid());
    const fs::path directory = base + "-recordings";
    fs::remove_all(directory);
    writeRecordingSession(base + ".json", directory.string());
    ChildProcess dragoman({DRAGOMAN_BINARY, "run", base + ".json", "--device", "system",
                           "--osc-port", "0", "--log-format", "json"},
                          base + ".log");
    ToneProbe probe("dragoman-probe", kFloorAndThreeMics, 1);
    REQUIRE(probe.ok());
    REQUIRE(waitForText(base + ".log", "\"event\":\"run.started\"", 15.0));
    const auto started = Clock::now();
    REQUIRE(feedFloorAndMics(probe));
    std::this_thread::sleep_for(std::chrono::seconds(4));
    dragoman.signal(SIGKILL);
    const double ran = std::chrono::duration<double>(Clock::now() - started).count();
    dragoman.wait(5.0);

    const std::vector<fs::path> files = opusFiles(directory);
    REQUIRE(files.size() == 4); // floor, ko, en, ja
    for (const fs::path& file : files) {
        const std::vector<float> audio = decodeWithOpusdec(file);
        const double seconds = static_cast<double>(audio.size()) / 48000.0;
        INFO(file.filename().string()
             << ": " << seconds << " s decoded of " << ran << " s run before the kill");
        CHECK(seconds >= ran - 1.0);
        if (file.filename().string().find("_floor_") != std::string::npos && audio.size() > 48000)
            CHECK(toneAmplitude(audio, audio.size() - 48000, audio.size(), 440.0, 48000.0) >
                  kPresent); // the floor tone, right up to the end
    }
    fs::remove_all(directory);
    std::remove((base + ".json").c_str());
    std::remove((base + ".log").c_str());
}

TEST_CASE("a full disk stops a recording with a clear error, audio goes on, recording resumes",
          "[record]") {
    const JackServer jack;
    REQUIRE(jack.ready());
    const std::string base = "/tmp/dragoman-full-" + std::to_string(getpid());
    const fs::path disk = base + "-disk", kept = base + "-kept";
    fs::remove_all(disk);
    fs::remove_all(kept);
    fs::create_directories(disk);
    fs::create_directories(kept);
    writeRecordingSession(base + ".json", (disk / "rec").string());
    // A private mount namespace (no privileges needed) with a 96 KB tmpfs, half of it taken by
    // a ballast file that is removed after 6 s; the files are copied out at the end.
    const std::string script =
        "mount -t tmpfs -o size=96k tmpfs '" + disk.string() + "' && head -c 48k /dev/zero > '" +
        disk.string() + "/ballast' && { " DRAGOMAN_BINARY " run '" + base +
        ".json' --device system --osc-port 0 --seconds 12 & pid=$!; sleep 6; rm '" + disk.string() +
        "/ballast'; wait $pid; status=$?; cp '" + disk.string() + "'/rec/* '" + kept.string() +
        "/'; exit $status; }";
    ChildProcess dragoman({"unshare", "-Urm", "sh", "-c", script}, base + ".log");
    ToneProbe probe("dragoman-probe", kFloorAndThreeMics, 1);
    REQUIRE(probe.ok());
    REQUIRE(feedFloorAndMics(probe));
    REQUIRE(waitForText(base + ".log", "No space left on device", 6.0));
    // The disk is full: the language channels still carry the floor.
    REQUIRE(probe.connectInput("dragoman:out_1", 0)); // channel en
    REQUIRE(probe.record(1.0));
    CHECK(probe.heard(0, 24000) == "floor");
    CHECK(dragoman.wait(20.0) == 0);

    const std::string log = fileText(base + ".log");
    INFO(log);
    CHECK_THAT(log, Catch::Contains("error cannot write the recording; kept what it has, the "
                                    "other signals go on, retrying every 5 s in a new part"));
    CHECK_THAT(log, Catch::Contains("reason=\"" + (disk / "rec").string()));
    CHECK_THAT(log, Catch::Contains("recording again, in a new part  signal="));
    // Part 1 of each signal decodes up to the failure, part 2 from the resume on.
    const std::vector<fs::path> files = opusFiles(kept);
    std::size_t parts = 0;
    for (const fs::path& file : files) {
        INFO(file.filename().string());
        CHECK_FALSE(decodeWithOpusdec(file).empty());
        if (file.filename().string().find("_part2.opus") != std::string::npos)
            ++parts;
    }
    CHECK(files.size() >= 5);
    CHECK(parts >= 1);
    fs::remove_all(disk);
    fs::remove_all(kept);
    std::remove((base + ".json").c_str());
    std::remove((base + ".log").c_str());
}

// Channel en's program feed (normalised to -23 LUFS under -1 dBTP) recorded instead of the
// channel: nobody is on air, so en carries the floor's 440 Hz tone at -12 dBFS, far louder than
// -23 LUFS; the recording, decoded by opusdec, meets the target once the gain has settled.
TEST_CASE("a recording of a program feed decodes at the feed's loudness target",
          "[record][program]") {
    const JackServer jack;
    REQUIRE(jack.ready());
    const std::string base = "/tmp/dragoman-program-" + std::to_string(getpid());
    const fs::path directory = base + "-recordings";
    fs::remove_all(directory);
    std::string session = fileText(DRAGOMAN_SOURCE_DIR "/docs/examples/summit.json");
    const std::string en = R"("id": "en",)";
    session.insert(session.find(en) + en.size(),
                   R"( "program": {"loudnessLufs": -23, "truePeakDbtp": -1, "delayMs": 200},)");
    session.insert(session.rfind('}'), ", \"recording\": {\"directory\": \"" + directory.string() +
                                           R"(", "signals": ["en"], "feed": "program"})");
    std::ofstream(base + ".json") << session;
    ChildProcess dragoman({DRAGOMAN_BINARY, "run", base + ".json", "--device", "system",
                           "--osc-port", "0", "--seconds", "12"},
                          base + ".log");
    ToneProbe probe("dragoman-probe", kFloorAndThreeMics, 1);
    REQUIRE(probe.ok());
    REQUIRE(feedFloorAndMics(probe));
    CHECK(dragoman.wait(60.0) == 0);
    INFO(fileText(base + ".log"));

    const std::vector<fs::path> files = opusFiles(directory);
    REQUIRE(files.size() == 1);
    CHECK(files.front().filename().string().find("_en_") != std::string::npos);
    const std::vector<float> audio = decodeWithOpusdec(files.front());
    REQUIRE(audio.size() > 8 * 48000);
    CHECK(toneAmplitude(audio, audio.size() - 48000, audio.size(), 440.0, 48000.0) > 0.01);
    // The last five seconds: the gain settled within the first (12 dB/s down).
    const Loudness loudness = measureLoudness(audio, 48000.0, audio.size() - 5 * 48000);
    INFO("decoded: " << loudness.integratedLufs << " LUFS, " << loudness.truePeakDbtp << " dBTP");
    CHECK(std::fabs(loudness.integratedLufs + 23.0) <= 1.0);
    // Opus may overshoot a peak a little on decoding: the limiter's -1 dBTP leaves room.
    CHECK(loudness.truePeakDbtp <= -0.5);
    // Beside it, its loudness log: the summary of what went into the encoder.
    fs::path log = files.front();
    log.replace_extension(".loudness.jsonl");
    const std::string summary = fileText(log.string());
    INFO(summary);
    CHECK(summary.find("\"summary\":true") != std::string::npos);
    const std::size_t peakAt = summary.rfind("\"truePeakDbtp\":");
    REQUIRE(peakAt != std::string::npos);
    CHECK(std::stod(summary.substr(peakAt + 15)) <= -1.0); // the limiter's ceiling, exactly
    fs::remove_all(directory);
    std::remove((base + ".json").c_str());
    std::remove((base + ".log").c_str());
}
