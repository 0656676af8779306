// The `dragoman` program as a user runs it: exit codes, messages, files; rendered files are
// read back with sox, an independent WAV reader.
#include "support/CommandOutput.h"

#include <array>
#include <catch2/catch.hpp>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>
#include <utility>
#include <vector>

using dragoman::test::commandOutput;

namespace {

struct Run {
    int status;
    std::string output;
};

Run run(const std::string& arguments) {
    const std::string command = std::string(DRAGOMAN_BINARY) + " " + arguments + " 2>&1";
    FILE* pipe = popen(command.c_str(), "r");
    REQUIRE(pipe != nullptr);
    std::string output;
    std::array<char, 4096> buffer{};
    while (fgets(buffer.data(), static_cast<int>(buffer.size()), pipe) != nullptr)
        output += buffer.data();
    const int status = pclose(pipe);
    return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, output};
}

const std::string kSource = DRAGOMAN_SOURCE_DIR;

} // namespace

TEST_CASE("dragoman validate: 0 for a valid session, 1 and every problem otherwise", "[headless]") {
    const Run ok = run("validate " + kSource + "/docs/examples/summit.json");
    CHECK(ok.status == 0);
    CHECK_THAT(ok.output, Catch::Contains("valid (3 channels, 2 booths, 3 consoles)"));

    const auto bad = std::filesystem::temp_directory_path() / "dragoman-bad-session.json";
    std::ifstream in(kSource + "/docs/examples/summit.json");
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    text.replace(text.find("\"b\": \"ko\""), 9, "\"b\": \"fr\"");
    text.replace(text.find("\"relay\": \"en\""), 13, "\"relay\": \"ja\"");
    std::ofstream(bad) << text;
    const Run invalid = run("validate " + bad.string());
    CHECK(invalid.status == 1);
    CHECK_THAT(invalid.output,
               Catch::Contains("booths[0].outputs.b: unknown language channel \"fr\""));
    CHECK_THAT(invalid.output, Catch::Contains("booths[1].relay: relay loop"));

    std::ofstream(bad) << "{\n  \"schema\": 1,,\n}";
    const Run malformed = run("validate " + bad.string());
    CHECK(malformed.status == 1);
    CHECK_THAT(malformed.output, Catch::Contains("line 2, column"));
}

TEST_CASE("dragoman demo writes every channel and a timeline, readable by sox", "[headless]") {
    const auto dir = std::filesystem::temp_directory_path() / "dragoman-demo-test";
    std::filesystem::remove_all(dir);
    const Run demo = run("demo --out " + dir.string());
    REQUIRE(demo.status == 0);
    CHECK_THAT(demo.output, Catch::Contains("console ko-en-2: ON AIR on ko"));
    for (const char* name : {"channel-ko", "channel-en", "channel-ja", "phones-ko-en-1",
                             "phones-ko-en-2", "phones-ja-1"}) {
        INFO(name);
        const std::string file = (dir / (std::string(name) + ".wav")).string();
        CHECK(commandOutput("soxi -V1 -r " + file) == "48000\n");
        CHECK(commandOutput("soxi -V1 -D " + file) == "30.000000\n");
        // Speech, not silence: sox's RMS level of the whole file.
        const std::string stats = commandOutput("sox -V1 " + file + " -n stat 2>&1");
        CHECK_THAT(stats, Catch::Contains("RMS     amplitude"));
        const auto at = stats.find("RMS     amplitude:");
        CHECK(std::stod(stats.substr(at + 18)) > 0.01);
    }
    CHECK(std::filesystem::file_size(dir / "timeline.txt") > 500);
}

TEST_CASE("dragoman render: a clear error for a bad option or input", "[headless]") {
    const Run noOut = run("render " + kSource + "/docs/examples/summit.json");
    CHECK(noOut.status == 1);
    CHECK_THAT(noOut.output, Catch::Contains("render needs --out DIR"));
    const Run missing =
        run("render " + kSource +
            "/docs/examples/summit.json --out /tmp/x --input floor=/nonexistent.wav");
    CHECK(missing.status == 2);
    CHECK_THAT(missing.output, Catch::Contains("cannot read audio file /nonexistent.wav"));
    // A WAV cut short (sox writes it, 16-bit: 96000 bytes a second) is a file that cannot be
    // read whole: 2, with what its header promised.
    const std::string cut = "/tmp/dragoman-cli-cut-" + std::to_string(getpid()) + ".wav";
    REQUIRE(std::system(("sox -n -r 48000 -c 1 -b 16 " + cut + " synth 1 sine 440").c_str()) == 0);
    std::filesystem::resize_file(cut, std::filesystem::file_size(cut) - 96000 + 960);
    const Run truncated =
        run("render " + kSource + "/docs/examples/summit.json --out /tmp/x --input floor=" + cut);
    CHECK(truncated.status == 2);
    CHECK_THAT(truncated.output, Catch::Contains("cannot read audio file " + cut) &&
                                     Catch::Contains("promises 1.000 s of audio but the file "
                                                     "holds 0.010 s"));
    std::remove(cut.c_str());
    const Run twice = run("render " + kSource + "/docs/examples/summit.json --out /tmp/x " +
                          "--input floor=a.wav --input floor=b.wav");
    CHECK(twice.status == 1);
    CHECK_THAT(twice.output, Catch::Contains("--input floor is given twice"));
    const Run unknown = run("frobnicate");
    CHECK(unknown.status == 2);
    CHECK_THAT(unknown.output, Catch::Contains("unknown command \"frobnicate\""));
}

TEST_CASE("dragoman run: a clear error for a bad option or session, in the chosen log format",
          "[headless]") {
    const Run level = run("run " + kSource + "/docs/examples/summit.json --log-level verbose");
    CHECK(level.status == 2);
    CHECK_THAT(level.output,
               Catch::Contains("--log-level is one of debug, info, warn, error, not \"verbose\""));
    const Run format = run("run " + kSource + "/docs/examples/summit.json --log-format xml");
    CHECK(format.status == 2);
    CHECK_THAT(format.output, Catch::Contains("--log-format is text or json, not \"xml\""));

    // An invalid session never reaches a device: each problem is an error event with its file.
    const std::string bad = "/tmp/dragoman-run-bad-" + std::to_string(getpid()) + ".json";
    std::ofstream(bad) << R"({"schema": 1, "floor": {"language": "ko"}, "channels": [],
                             "booths": [{"id": "x", "outputs": {"a": "fr"}, "consoles": []}]})";
    const Run invalid = run("run " + bad + " --log-format json");
    CHECK(invalid.status == 1);
    INFO(invalid.output);
    CHECK_THAT(
        invalid.output,
        Catch::Contains(R"("level":"error","event":"session.problem","message":)"
                        R"("booths[0].outputs.a: unknown language channel \"fr\"","file":")" +
                        bad + "\"}"));
    std::remove(bad.c_str());
}

TEST_CASE("dragoman render refuses arguments out of range with 1, naming the argument",
          "[headless]") {
    const std::string summit = "render " + kSource + "/docs/examples/summit.json --out /tmp/x ";
    const std::vector<std::pair<std::string, std::string>> refused = {
        {"--seconds -3", "--seconds must be more than 0"},
        {"--seconds nan", "--seconds must be more than 0"},
        {"--seconds 1e12", "at most 86400"},
        {"--seconds soon", "--seconds expects a number, got \"soon\""},
        {"--rate 0", "--rate must be 44100 to 192000 Hz, got 0"},
        {"--rate 1000", "--rate must be 44100 to 192000 Hz, got 1000"},
        {"--block nan", "--block must be 1 to 65536 frames"},
        {"--block 2.5", "--block must be a whole number of frames"},
        {"--volume 3", "unknown option --volume"},
        {"--seconds", "--seconds needs a value"}};
    for (const auto& [arguments, message] : refused) {
        INFO(arguments);
        const Run r = run(summit + arguments);
        CHECK(r.status == 1);
        CHECK_THAT(r.output, Catch::Contains(message));
    }
}

TEST_CASE("dragoman render: cues that do not fit exit 1 alike, cues after the end are named",
          "[headless]") {
    const std::string cues = "/tmp/dragoman-cli-cues-" + std::to_string(getpid()) + ".json";
    const std::string out = "/tmp/dragoman-cli-out-" + std::to_string(getpid());
    const std::string render =
        "render " + kSource + "/docs/examples/summit.json --out " + out + " --cues " + cues;
    // An unknown console and an unknown action: both refused input, both 1.
    std::ofstream(cues) << R"([{"time": 1, "console": "fr-1", "action": "mic-on"}])";
    const Run console = run(render);
    CHECK(console.status == 1);
    CHECK_THAT(console.output, Catch::Contains("cues[0].console: unknown console \"fr-1\""));
    std::ofstream(cues) << R"([{"time": 1, "console": "ko-en-1", "action": "dance"}])";
    CHECK(run(render).status == 1);
    // A cue after --seconds: rendered, and the cue named as not applied.
    std::ofstream(cues) << R"([{"time": 0.5, "console": "ko-en-1", "action": "mic-on"},
                               {"time": 5, "console": "ko-en-1", "action": "mic-off"}])";
    const Run late = run(render + " --seconds 2");
    CHECK(late.status == 0);
    CHECK_THAT(late.output, Catch::Contains("warning: cues[1] at 5 s is after the render's end "
                                            "(2 s): not applied"));
    // Without --seconds the render runs past its last cue, which is applied.
    const Run whole = run(render);
    CHECK(whole.status == 0);
    CHECK_THAT(whole.output, !Catch::Contains("warning"));
    std::remove(cues.c_str());
    std::filesystem::remove_all(out);
}
