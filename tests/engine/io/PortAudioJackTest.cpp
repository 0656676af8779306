// `dragoman run` on a real audio device with no sound card: jackd's dummy driver, reached
// through PortAudio's JACK host API. A probe client feeds a tone per source into dragoman's
// input ports and records its outputs; the program reports its latency, runs for the time it
// was given, counts xruns and exits cleanly.
#include "../../support/Goertzel.h"
#include "../../support/JackFixture.h"

#include <catch2/catch.hpp>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <fstream>
#include <optional>
#include <sstream>
#include <thread>

using namespace dragoman::test;

namespace {

// A whole file, or "" if it cannot be read.
std::string fileText(const std::string& path) {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

} // namespace

TEST_CASE("dragoman devices lists the host APIs' devices with channels and rates") {
    const JackServer jack;
    REQUIRE(jack.ready());
    const std::string log = "/tmp/dragoman-devices-" + std::to_string(getpid()) + ".log";
    ChildProcess devices({DRAGOMAN_BINARY, "devices"}, log);
    CHECK(devices.wait(10.0) == 0);
    const std::string text = fileText(log);
    INFO(text);
    CHECK_THAT(
        text,
        Catch::Matches(
            R"([\s\S]*JACK Audio Connection Kit\s+system\s+in\s+8\s+out\s+8\s+48000 Hz[\s\S]*)"));
    std::remove(log.c_str());
}

TEST_CASE("dragoman run routes a real JACK device's channels through the session") {
    const JackServer jack;
    REQUIRE(jack.ready());
    const std::string log = "/tmp/dragoman-run-test-" + std::to_string(getpid()) + ".log";
    ChildProcess dragoman({DRAGOMAN_BINARY, "run", DRAGOMAN_SOURCE_DIR "/docs/examples/summit.json",
                           "--device", "system", "--block", "256", "--seconds", "6"},
                          log);
    ToneProbe probe("dragoman-probe", kFloorAndThreeMics, 6);
    REQUIRE(probe.ok());
    // PortAudio's JACK ports count from 0. Device inputs: floor, then the mics; outputs:
    // channels ko, en, ja, then the phones.
    REQUIRE(probe.waitForPort("dragoman:out_5", 10.0));
    for (std::size_t s = 0; s < 4; ++s)
        REQUIRE(probe.connectSource(s, "dragoman:in_" + std::to_string(s)));
    for (std::size_t o = 0; o < 6; ++o)
        REQUIRE(probe.connectInput("dragoman:out_" + std::to_string(o), o));
    REQUIRE(probe.record(2.0));
    for (std::size_t o = 0; o < 6; ++o) {
        INFO("output " << o + 1);
        CHECK(probe.heard(o, 24000) == "floor");
    }
    CHECK(dragoman.wait(10.0) == 0);
    const std::string text = fileText(log);
    INFO(text);
    CHECK_THAT(text, Catch::Contains("on system (JACK Audio Connection Kit): 4 in, 6 out, "
                                     "48000 Hz, 256 frames; latency in"));
    CHECK_THAT(text, Catch::Contains("xruns"));    // counted, not demanded to be zero
    CHECK_THAT(text, !Catch::Contains("on air:")); // no status line when not a terminal
    std::remove(log.c_str());
}

TEST_CASE("SIGHUP reloads the session live; a bad file is refused and the session stays") {
    const JackServer jack;
    REQUIRE(jack.ready());
    const std::string base = "/tmp/dragoman-reload-" + std::to_string(getpid());
    const std::string sessionFile = base + ".json", log = base + ".log";
    const std::string original = fileText(DRAGOMAN_SOURCE_DIR "/docs/examples/summit.json");
    std::ofstream(sessionFile) << original;
    ChildProcess dragoman(
        {DRAGOMAN_BINARY, "run", sessionFile, "--device", "system", "--seconds", "20"}, log);
    ToneProbe probe("dragoman-probe", {{"floor", 440.0}}, 1);
    REQUIRE(probe.ok());
    REQUIRE(probe.waitForPort("dragoman:out_5", 10.0));
    REQUIRE(probe.connectSource(0, "dragoman:in_0"));
    REQUIRE(probe.connectInput("dragoman:out_2", 0)); // channel ja
    REQUIRE(probe.record(1.0));
    CHECK(toneAmplitude(probe.recorded(0), 24000, 48000, 440.0, 48000.0) > kPresent);

    // A broken file: refused, and ja keeps carrying the floor.
    std::ofstream(sessionFile) << "{ \"schema\": 1, ";
    dragoman.signal(SIGHUP);
    REQUIRE(probe.record(1.0));
    CHECK(toneAmplitude(probe.recorded(0), 24000, 48000, 440.0, 48000.0) > kPresent);

    // A good edit: auto-floor off on ja, so the unattended channel goes silent, live.
    std::string edited = original;
    const auto ja = edited.find("\"id\": \"ja\"");
    const auto enabled = edited.find("\"enabled\": true", ja);
    edited.replace(enabled, 15, "\"enabled\": false");
    std::ofstream(sessionFile) << edited;
    dragoman.signal(SIGHUP);
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    REQUIRE(probe.record(1.0));
    CHECK(toneAmplitude(probe.recorded(0), 24000, 48000, 440.0, 48000.0) < kAbsent);
    CHECK(dragoman.running());

    dragoman.signal(SIGTERM);
    CHECK(dragoman.wait(10.0) == 0);
    const std::string text = fileText(log);
    INFO(text);
    CHECK_THAT(text, Catch::Contains("not reloaded, the running session stays"));
    CHECK_THAT(text, Catch::Contains("malformed JSON"));
    CHECK_THAT(text, Catch::Contains("dragoman: reloaded " + sessionFile));
    std::remove(sessionFile.c_str());
    std::remove(log.c_str());
}

TEST_CASE("the session's I/O map puts each signal on the device channel it names") {
    const JackServer jack;
    REQUIRE(jack.ready());
    const std::string base = "/tmp/dragoman-iomap-" + std::to_string(getpid());
    std::string session = fileText(DRAGOMAN_SOURCE_DIR "/docs/examples/summit.json");
    // The floor on device input 4; channel en on output 1, ja-1's phones on output 2.
    session.insert(session.rfind('}'), R"(, "io": {"floor": [4], "channels": {"en": 1},
        "phones": {"ja-1": 2}})");
    std::ofstream(base + ".json") << session;
    ChildProcess dragoman(
        {DRAGOMAN_BINARY, "run", base + ".json", "--device", "system", "--seconds", "8"},
        base + ".log");
    ToneProbe probe("dragoman-probe", {{"floor", 440.0}, {"unmapped", 620.0}}, 2);
    REQUIRE(probe.ok());
    REQUIRE(probe.waitForPort("dragoman:out_1", 10.0));
    REQUIRE(probe.connectSource(0, "dragoman:in_3")); // device input 4: the floor
    REQUIRE(probe.connectSource(1, "dragoman:in_0")); // device input 1: nothing mapped
    REQUIRE(probe.connectInput("dragoman:out_0", 0)); // channel en
    REQUIRE(probe.connectInput("dragoman:out_1", 1)); // phones ja-1
    REQUIRE(probe.record(2.0));
    for (std::size_t o = 0; o < 2; ++o) {
        INFO("output " << o);
        CHECK(probe.heard(o, 24000) == "floor"); // and not the unmapped input's tone
    }
    dragoman.signal(SIGTERM);
    CHECK(dragoman.wait(10.0) == 0);

    // A map naming a channel the device lacks: a clear error naming the field, exit 2.
    const std::string mapped = R"("ja-1": 2})";
    session.replace(session.find(mapped), mapped.size(), R"("ja-1": 12})");
    std::ofstream(base + ".json") << session;
    ChildProcess refused({DRAGOMAN_BINARY, "run", base + ".json", "--device", "system"},
                         base + ".log");
    CHECK(refused.wait(10.0) == 2);
    CHECK_THAT(fileText(base + ".log"),
               Catch::Contains("io.phones.ja-1: device output 12, but \"system\" has 8"));
    std::remove((base + ".json").c_str());
    std::remove((base + ".log").c_str());
}

// What dragoman's `output` plays while the probe feeds the floor and the three mics into
// dragoman's first four inputs (outputs: channels ko, en, ja, then the phones).
std::string whatOutputPlays(int output) {
    ToneProbe probe("dragoman-probe", kFloorAndThreeMics, 1);
    if (!probe.ok() || !probe.waitForPort("dragoman:out_5", 15.0))
        return "no dragoman ports";
    for (std::size_t s = 0; s < 4; ++s)
        if (!probe.connectSource(s, "dragoman:in_" + std::to_string(s)))
            return "no connection";
    if (!probe.connectInput("dragoman:out_" + std::to_string(output), 0) || !probe.record(1.0))
        return "no connection";
    return probe.heard(0, 24000);
}

std::string whatEnPlays() {
    return whatOutputPlays(1);
}

TEST_CASE("MIDI hardware keys work consoles, light up, and are learnt over OSC") {
    const JackServer jack;
    REQUIRE(jack.ready());
    MidiProbe controller("dragoman-test-keys");
    REQUIRE(controller.ok());
    const std::string base = "/tmp/dragoman-midi-" + std::to_string(getpid());
    std::string session = fileText(DRAGOMAN_SOURCE_DIR "/docs/examples/summit.json");
    session.insert(session.rfind('}'), R"(, "midi": [{"device": "dragoman-test-keys",
        "keys": [{"console": "ko-en-1", "key": "mic-toggle", "note": 36}]}])");
    std::ofstream(base + ".json") << session;
    const std::string oscPort = std::to_string(20000 + (getpid() + 7) % 20000);
    ChildProcess dragoman(
        {DRAGOMAN_BINARY, "run", base + ".json", "--device", "system", "--osc-port", oscPort},
        base + ".log");
    for (int i = 0; i < 150 && fileText(base + ".log").find("MIDI: keys from") == std::string::npos;
         ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    INFO(fileText(base + ".log"));
    REQUIRE_THAT(fileText(base + ".log"),
                 Catch::Contains("MIDI: keys from dragoman-test-keys:keys, lights to "
                                 "dragoman-test-keys:lights"));
    CHECK(whatEnPlays() == "floor");

    // The mic key: pressed and released, as a hardware button does. ko-en-1 goes on air on en
    // and the key's light comes on.
    controller.send(0x90, 36, 127);
    controller.send(0x80, 36, 0);
    controller.send(0xB0, 99, 12); // unmapped: ignored
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    CHECK(whatEnPlays() == "mic 1");
    const std::vector<std::uint32_t> lights = controller.received();
    CHECK(std::find(lights.begin(), lights.end(), 0x90247Fu) != lights.end()); // note 36, 127

    // MIDI learn: ja-1's mic-toggle on whatever key comes next (note 40 on channel 2).
    ChildProcess learn({"oscsend", "localhost", oscPort, "/dragoman/midi/learn", "sss",
                        "dragoman-test-keys", "ja-1", "mic-toggle"});
    CHECK(learn.wait(5.0) == 0);
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    controller.send(0x91, 40, 100); // learnt: does nothing yet
    controller.send(0x81, 40, 0);
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    CHECK(whatOutputPlays(2) == "floor"); // ja: auto-floor still (ja-1 not on air)
    controller.send(0x91, 40, 100);       // now it works ja-1's mic
    controller.send(0x81, 40, 0);
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    CHECK(whatOutputPlays(2) == "mic 3");
    dragoman.signal(SIGTERM);
    CHECK(dragoman.wait(10.0) == 0);
    const std::string saved = fileText(base + ".json");
    CHECK_THAT(saved, Catch::Contains(R"("console": "ja-1",)"));
    CHECK_THAT(saved, Catch::Contains(R"("note": 40,)"));
    CHECK_THAT(fileText(base + ".log"), Catch::Contains("saved the learnt MIDI key in " + base));
    std::remove((base + ".json").c_str());
    std::remove((base + ".log").c_str());
}

TEST_CASE("when the JACK server restarts, dragoman run reopens the device; consoles keep state") {
    std::optional<JackServer> jack(std::in_place);
    REQUIRE(jack->ready());
    const std::string log = "/tmp/dragoman-lost-" + std::to_string(getpid()) + ".log";
    const std::string oscPort = std::to_string(20000 + getpid() % 20000);
    ChildProcess dragoman({DRAGOMAN_BINARY, "run", DRAGOMAN_SOURCE_DIR "/docs/examples/summit.json",
                           "--device", "system", "--osc-port", oscPort},
                          log);
    CHECK(whatEnPlays() == "floor"); // auto-floor: nobody on air
    // ko-en-1 goes on air, pressed over OSC with liblo's own oscsend, as the guide shows.
    ChildProcess press(
        {"oscsend", "localhost", oscPort, "/dragoman/console/ko-en-1/mic", "i", "1"});
    CHECK(press.wait(5.0) == 0);
    std::this_thread::sleep_for(std::chrono::milliseconds(500)); // auto-floor fades out
    CHECK(whatEnPlays() == "mic 1");

    // The server goes away under the running program (SIGTERM: a SIGKILLed jackd never leaves
    // JACK's eight-server registry), stays away a moment, and comes back.
    jack.reset();
    std::this_thread::sleep_for(std::chrono::seconds(1));
    CHECK(dragoman.running());
    jack.emplace();
    REQUIRE(jack->ready());
    CHECK(whatEnPlays() == "mic 1"); // still on air: the console state outlived the device
    CHECK(dragoman.running());
    dragoman.signal(SIGTERM);
    CHECK(dragoman.wait(10.0) == 0);
    const std::string text = fileText(log);
    INFO(text);
    CHECK_THAT(text, Catch::Contains("dragoman: OSC remote control on 127.0.0.1:" + oscPort));
    CHECK_THAT(text, Catch::Contains("dragoman: device lost: the stream on \"system\" "
                                     "stopped (device lost); console state kept"));
    CHECK_THAT(text, Catch::Contains("dragoman: device back after "));
    CHECK_THAT(text, Catch::Contains("device lost 1 times"));
    CHECK_THAT(text, !Catch::Contains("ALSA lib")); // the host's library chatter is dropped
    std::remove(log.c_str());
}

TEST_CASE("at a terminal, dragoman run keeps a status line of levels, on-air and xruns") {
    const JackServer jack;
    REQUIRE(jack.ready());
    const std::string log = "/tmp/dragoman-tty-" + std::to_string(getpid()) + ".log";
    // script(1) gives the program a pseudo-terminal, as an engineer's shell would.
    const std::string command = std::string(DRAGOMAN_BINARY) + " run " + DRAGOMAN_SOURCE_DIR +
                                "/docs/examples/summit.json --device system --seconds 3";
    ChildProcess dragoman({"script", "-qfec", command, "/dev/null"}, log);
    CHECK(dragoman.wait(15.0) == 0);
    const std::string text = fileText(log);
    INFO(text);
    CHECK_THAT(text, Catch::Contains("\r\033[Kfloor "));
    CHECK_THAT(text, Catch::Contains(" dBFS | on air: - | xruns "));
    std::remove(log.c_str());
}
