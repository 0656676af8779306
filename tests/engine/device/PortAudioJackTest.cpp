// `dragoman run` on a real audio device with no sound card: jackd's dummy driver, reached
// through PortAudio's JACK host API. A probe client feeds a tone per source into dragoman's
// input ports and records its outputs; the program reports its latency, runs for the time it
// was given, counts xruns and exits cleanly. Its structured log is read as an operator's
// script would: JSON lines, found by event name.
#include "support/Goertzel.h"
#include "support/JackFixture.h"
#include "support/JackLoop.h"
#include "support/JsonLog.h"
#include "support/OscClient.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <chrono>
#include <cmath>
#include <csignal>
#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <optional>
#include <pthread.h>
#include <sstream>
#include <sys/stat.h>
#include <thread>

using namespace dragoman::test;

TEST_CASE("dragoman devices lists the host APIs' devices with channels and rates", "[device]") {
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

TEST_CASE("dragoman run routes a real JACK device's channels through the session", "[device]") {
    const JackServer jack;
    REQUIRE(jack.ready());
    const std::string log = "/tmp/dragoman-run-test-" + std::to_string(getpid()) + ".log";
    ChildProcess dragoman({DRAGOMAN_BINARY, "run", DRAGOMAN_SOURCE_DIR "/docs/examples/summit.json",
                           "--device", "system", "--block", "256", "--seconds", "6", "--log-format",
                           "json"},
                          log);
    ToneProbe probe("dragoman-probe", kFloorAndThreeMics, 6);
    REQUIRE(probe.ok());
    // PortAudio's JACK ports count from 0. Device inputs: floor, then the mics; outputs:
    // channels ko, en, ja, then the phones.
    REQUIRE(probe.waitForPort("dragoman:out_5", 10.0));
    REQUIRE(probe.feedAll("dragoman:in_"));
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
    const auto lines = jsonLog(text);
    const nlohmann::json started = logEvent(lines, "run.started");
    REQUIRE(started.is_object());
    CHECK(started["level"] == "info");
    CHECK(started["device"] == "system");
    CHECK(started["host_api"] == "JACK Audio Connection Kit");
    CHECK(started["inputs"] == 4);
    CHECK(started["outputs"] == 6);
    CHECK(started["rate_hz"] == 48000.0);
    CHECK(started["block_frames"] == 256);
    CHECK(started["latency_out_ms"].get<double>() > 0.0);
    const nlohmann::json stopped = logEvent(lines, "run.stopped");
    REQUIRE(stopped.is_object());
    CHECK(stopped["xruns"].is_number()); // counted, not demanded to be zero
    CHECK(stopped["audio_s"].get<double>() > 5.0);
    CHECK(stopped["device_losses"] == 0);
    CHECK(stopped["dropped_keys"] == 0); // every key reached the audio thread
    CHECK(stopped["dropped_events"] == 0);
    CHECK_FALSE(logEvent(lines, "booth").is_object()); // booth events only at debug level
    CHECK_THAT(text, !Catch::Contains("on air:"));     // no status line when not a terminal
    std::remove(log.c_str());
}

TEST_CASE("a device input that delivers NaN is counted and logged, and the channels stay clean",
          "[device]") {
    const JackServer jack;
    REQUIRE(jack.ready());
    const std::string log = "/tmp/dragoman-nan-test-" + std::to_string(getpid()) + ".log";
    ChildProcess dragoman({DRAGOMAN_BINARY, "run", DRAGOMAN_SOURCE_DIR "/docs/examples/summit.json",
                           "--device", "system", "--seconds", "30", "--log-format", "json"},
                          log);
    // The floor is a broken source (a NaN every 100th sample), and auto-floor puts it on
    // every channel: each channel stays finite and still carries the floor's tone.
    ToneProbe probe("dragoman-probe", {{std::string("floor") + kNonFiniteSuffix, 440.0}}, 3);
    REQUIRE(probe.ok());
    REQUIRE(probe.waitForPort("dragoman:out_5", 10.0));
    REQUIRE(probe.connectSource(0, "dragoman:in_0"));
    for (std::size_t c = 0; c < 3; ++c) // channels ko, en, ja
        REQUIRE(probe.connectInput("dragoman:out_" + std::to_string(c), c));
    REQUIRE(probe.record(1.0));
    for (std::size_t c = 0; c < 3; ++c) {
        INFO("channel output " << c);
        const std::vector<float>& channel = probe.recorded(c);
        CHECK(
            std::all_of(channel.begin(), channel.end(), [](float x) { return std::isfinite(x); }));
        CHECK(toneAmplitude(channel, 24000, 48000, 440.0, 48000.0) > kPresent);
    }
    // The log says so: at once, then at most every 10 s.
    REQUIRE(waitForText(log, "\"input.non_finite\"", 10.0));
    const nlohmann::json warned = logEvent(jsonLog(fileText(log)), "input.non_finite");
    REQUIRE(warned.is_object());
    CHECK(warned["level"] == "warning");
    CHECK(warned["input"] == "floor 1");
    CHECK(warned["samples"].get<double>() > 0.0);
    dragoman.signal(SIGTERM);
    CHECK(dragoman.wait(10.0) == 0);
    std::remove(log.c_str());
}

TEST_CASE("hostile session files on reload, by SIGHUP or OSC, never stop or change the session",
          "[device]") {
    const JackServer jack;
    REQUIRE(jack.ready());
    const std::string base = "/tmp/dragoman-hostile-reload-" + std::to_string(getpid());
    const std::string sessionFile = base + ".json", log = base + ".log";
    const std::string original = fileText(DRAGOMAN_SOURCE_DIR "/docs/examples/summit.json");
    std::ofstream(sessionFile) << original;
    const std::string oscPort = std::to_string(20000 + (getpid() + 29) % 20000);
    ChildProcess dragoman(
        {DRAGOMAN_BINARY, "run", sessionFile, "--device", "system", "--osc-port", oscPort}, log);
    ToneProbe probe("dragoman-probe", {{"floor", 440.0}}, 1);
    REQUIRE(probe.ok());
    REQUIRE(probe.waitForPort("dragoman:out_5", 10.0));
    REQUIRE(probe.connectSource(0, "dragoman:in_0"));
    REQUIRE(probe.connectInput("dragoman:out_2", 0)); // channel ja: the floor (auto-floor)
    OscClient surface(std::stoi(oscPort));
    auto refusals = [&] {
        const std::string text = fileText(log);
        std::size_t n = 0;
        for (auto at = text.find("session file refused"); at != std::string::npos;
             at = text.find("session file refused", at + 1))
            ++n;
        return n;
    };
    auto stillRunning = [&](std::size_t refused) {
        for (int i = 0; i < 200 && refusals() < refused; ++i)
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        CHECK(refusals() == refused);
        CHECK(dragoman.running());
        REQUIRE(probe.record(1.0)); // ja carries the floor as before
        CHECK(toneAmplitude(probe.recorded(0), 24000, 48000, 440.0, 48000.0) > kPresent);
        lo_message ping = lo_message_new(); // and the remote control answers
        surface.send(ping, "/dragoman/ping");
        CHECK(!surface.receive(500).empty());
    };
    std::size_t refused = 0;

    // A number out of range, 100,000 brackets, a 6 MB file: each refused by SIGHUP.
    std::string overflow = original;
    overflow.replace(overflow.find("48000.0"), 7, "1e400");
    const std::string deep = std::string(100000, '[') + std::string(100000, ']');
    const std::string huge = "{\"name\": \"" + std::string(6 * 1024 * 1024, 'x') + "\"}";
    for (const std::string* text : std::vector<const std::string*>{&overflow, &deep, &huge}) {
        std::ofstream(sessionFile, std::ios::trunc) << *text;
        dragoman.signal(SIGHUP);
        stillRunning(++refused);
    }
    // A FIFO in place of the file: no writer ever comes, and the main loop must not wait.
    std::remove(sessionFile.c_str());
    REQUIRE(mkfifo(sessionFile.c_str(), 0600) == 0);
    dragoman.signal(SIGHUP);
    stillRunning(++refused);
    // Over OSC: /dev/zero, which never ends, and the FIFO.
    for (const char* path : {"/dev/zero", sessionFile.c_str()}) {
        lo_message load = lo_message_new();
        lo_message_add_string(load, path);
        surface.send(load, "/dragoman/session/load");
        stillRunning(++refused);
    }
    std::remove(sessionFile.c_str());
    dragoman.signal(SIGTERM);
    CHECK(dragoman.wait(10.0) == 0);
    const std::string text = fileText(log);
    INFO(text.substr(0, 20000));
    CHECK_THAT(text, Catch::Contains("number overflow parsing '1e400'"));
    CHECK_THAT(text, Catch::Contains("nested deeper than 32 levels"));
    CHECK_THAT(text, Catch::Contains("more than the 4 MiB it may be"));
    CHECK_THAT(text, Catch::Contains("is not a regular file"));
    // No line quotes more than a short excerpt of what it refused.
    std::istringstream lines(text);
    std::size_t longest = 0;
    for (std::string line; std::getline(lines, line);)
        longest = std::max(longest, line.size());
    CHECK(longest < 1000);
    std::remove(log.c_str());
}

TEST_CASE("a reload asked for while dragoman run starts is kept for it, never its end",
          "[device]") {
    // Found in CI: a SIGHUP that came while the device opened on a busy machine ended the
    // process (the default action), before its handler was set. The child starts with SIGHUP
    // blocked, so the signal waits, sent at once, for whatever dragoman does first with it.
    const JackServer jack;
    REQUIRE(jack.ready());
    const std::string base = "/tmp/dragoman-early-reload-" + std::to_string(getpid());
    const std::string sessionFile = base + ".json", log = base + ".log";
    std::ofstream(sessionFile) << fileText(DRAGOMAN_SOURCE_DIR "/docs/examples/summit.json");
    sigset_t hangup, before;
    sigemptyset(&hangup);
    sigaddset(&hangup, SIGHUP);
    pthread_sigmask(SIG_BLOCK, &hangup, &before);
    ChildProcess dragoman({DRAGOMAN_BINARY, "run", sessionFile, "--device", "system", "--seconds",
                           "60", "--log-format", "json"},
                          log);
    pthread_sigmask(SIG_SETMASK, &before, nullptr);
    dragoman.signal(SIGHUP);
    ToneProbe probe("dragoman-probe", {{"floor", 440.0}}, 1);
    REQUIRE(probe.ok());
    REQUIRE(probe.waitForPort("dragoman:out_5", 30.0));
    CHECK(waitForText(log, "\"session.reloaded\"", 30.0));
    INFO(fileText(log).substr(0, 4000));
    CHECK(logEvent(jsonLog(fileText(log)), "session.reloaded").is_object());
    REQUIRE(dragoman.running());
    REQUIRE(probe.connectSource(0, "dragoman:in_0"));
    REQUIRE(probe.connectInput("dragoman:out_2", 0)); // channel ja: the floor (auto-floor)
    REQUIRE(probe.record(1.0));
    CHECK(toneAmplitude(probe.recorded(0), 24000, 48000, 440.0, 48000.0) > kPresent);
    dragoman.signal(SIGTERM);
    CHECK(dragoman.wait(10.0) == 0);
    std::remove(sessionFile.c_str());
    std::remove(log.c_str());
}

TEST_CASE("SIGHUP reloads the session live, a bad file is refused and the session stays",
          "[device]") {
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
    // Until the reload has gone live (within 10 s): ja falls silent.
    bool silent = false;
    for (int attempt = 0; attempt < 10 && !silent; ++attempt) {
        REQUIRE(probe.record(1.0));
        silent = toneAmplitude(probe.recorded(0), 24000, 48000, 440.0, 48000.0) < kAbsent;
    }
    CHECK(silent);
    CHECK(dragoman.running());
    CHECK_THAT(fileText(log), !Catch::Contains("next start")); // all of that went live

    // An edit that only a restart applies (OSC on another port): live, and the log says so.
    std::string withOsc = edited;
    withOsc.insert(withOsc.find('{') + 1, "\"osc\": {\"address\": \"127.0.0.1\", \"port\": 0},");
    std::ofstream(sessionFile) << withOsc;
    dragoman.signal(SIGHUP);
    for (int i = 0; i < 100 && fileText(log).find("next start") == std::string::npos; ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    CHECK(dragoman.running());

    dragoman.signal(SIGTERM);
    CHECK(dragoman.wait(10.0) == 0);
    const std::string text = fileText(log);
    INFO(text);
    CHECK_THAT(text, Catch::Contains("error session file refused, the running session stays  "
                                     "file=" +
                                     sessionFile));
    CHECK_THAT(text, Catch::Contains("malformed JSON"));
    CHECK_THAT(text, Catch::Contains("info  session file live  file=" + sessionFile));
    CHECK_THAT(text, Catch::Contains("warning osc: the remote control address changes at the next "
                                     "start  file=" +
                                     sessionFile));
    std::remove(sessionFile.c_str());
    std::remove(log.c_str());
}

TEST_CASE("the session's I/O map puts each signal on the device channel it names", "[device]") {
    const JackServer jack;
    REQUIRE(jack.ready());
    const std::string base = "/tmp/dragoman-iomap-" + std::to_string(getpid());
    std::string session = fileText(DRAGOMAN_SOURCE_DIR "/docs/examples/summit.json");
    // The floor on device input 4, ja-1's mic on input 1; channel en on output 1, ja-1's
    // phones on output 2, the talkback to the technician on output 3.
    session.insert(session.rfind('}'), R"(, "io": {"floor": [4], "mics": {"ja-1": 1},
        "channels": {"en": 1}, "phones": {"ja-1": 2}, "talkback": 3})");
    std::ofstream(base + ".json") << session;
    const std::string oscPort = std::to_string(20000 + (getpid() + 47) % 20000);
    ChildProcess dragoman({DRAGOMAN_BINARY, "run", base + ".json", "--device", "system",
                           "--seconds", "30", "--osc-port", oscPort},
                          base + ".log");
    ToneProbe probe("dragoman-probe", {{"floor", 440.0}, {"ja-1", 620.0}, {"unmapped", 830.0}}, 3);
    REQUIRE(probe.ok());
    REQUIRE(probe.waitForPort("dragoman:out_2", 10.0));
    REQUIRE(probe.connectSource(0, "dragoman:in_3")); // device input 4: the floor
    REQUIRE(probe.connectSource(1, "dragoman:in_0")); // device input 1: ja-1's mic
    REQUIRE(probe.connectSource(2, "dragoman:in_1")); // device input 2: nothing mapped
    REQUIRE(probe.connectInput("dragoman:out_0", 0)); // channel en
    REQUIRE(probe.connectInput("dragoman:out_1", 1)); // phones ja-1
    REQUIRE(probe.connectInput("dragoman:out_2", 2)); // the talkback
    REQUIRE(probe.record(2.0));
    for (std::size_t o = 0; o < 2; ++o) {
        INFO("output " << o);
        CHECK(probe.heard(o, 24000) == "floor"); // and not the unmapped input's tone
    }
    CHECK(probe.heard(2, 24000) == "silence"); // nobody holds the talkback key

    // ja-1 holds its talkback key (over OSC): the technician's output carries its mic, and
    // only that.
    OscClient osc(std::stoi(oscPort));
    lo_message down = lo_message_new();
    lo_message_add_int32(down, 1);
    osc.send(down, "/dragoman/console/ja-1/talkback");
    std::string talkback;
    for (int attempt = 0; attempt < 10 && talkback != "ja-1"; ++attempt) {
        REQUIRE(probe.record(1.0));
        talkback = probe.heard(2, 12000);
    }
    CHECK(talkback == "ja-1");
    CHECK(probe.heard(0, 12000) == "floor"); // not on the channel
    dragoman.signal(SIGTERM);
    CHECK(dragoman.wait(10.0) == 0);

    // A map naming a channel the device lacks: a clear error naming the field, exit 2.
    const std::string mapped = R"("ja-1": 2})";
    session.replace(session.find(mapped), mapped.size(), R"("ja-1": 12})");
    std::ofstream(base + ".json") << session;
    ChildProcess refused({DRAGOMAN_BINARY, "run", base + ".json", "--device", "system"},
                         base + ".log");
    CHECK(refused.wait(10.0) == 2);
    CHECK_THAT(
        fileText(base + ".log"),
        Catch::Contains(R"(error cannot open the audio device  )"
                        R"(reason="io.phones.ja-1: device output 12, but \"system\" has 8")"));
    std::remove((base + ".json").c_str());
    std::remove((base + ".log").c_str());
}

// What dragoman's `output` plays while the probe feeds the floor and the three mics into
// dragoman's first four inputs (outputs: channels ko, en, ja, then the phones).
std::string whatOutputPlays(int output) {
    ToneProbe probe("dragoman-probe", kFloorAndThreeMics, 1);
    if (!probe.ok() || !probe.waitForPort("dragoman:out_5", 15.0))
        return "no dragoman ports";
    if (!probe.feedAll("dragoman:in_"))
        return "no connection";
    if (!probe.connectInput("dragoman:out_" + std::to_string(output), 0) || !probe.record(1.0))
        return "no connection";
    return probe.heard(0, 24000);
}

std::string whatEnPlays() {
    return whatOutputPlays(1);
}

// What `output` plays once it plays `expected`, or after 10 tries (a second each) what it
// plays then: a key or a reload takes effect at the machine's pace, not at a fixed time.
std::string untilOutputPlays(int output, const std::string& expected) {
    std::string playing = whatOutputPlays(output);
    for (int attempt = 1; attempt < 10 && playing != expected; ++attempt)
        playing = whatOutputPlays(output);
    return playing;
}

TEST_CASE("MIDI hardware keys work consoles, light up, and are learnt over OSC", "[device]") {
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
    ChildProcess dragoman({DRAGOMAN_BINARY, "run", base + ".json", "--device", "system",
                           "--osc-port", oscPort, "--log-level", "debug"},
                          base + ".log");
    for (int i = 0;
         i < 150 && fileText(base + ".log").find("MIDI controller found") == std::string::npos; ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    INFO(fileText(base + ".log"));
    REQUIRE_THAT(fileText(base + ".log"),
                 Catch::Contains("MIDI controller found  device=dragoman-test-keys "
                                 "keys=dragoman-test-keys:keys lights=dragoman-test-keys:lights"));
    CHECK(whatEnPlays() == "floor");

    // The mic key: pressed and released, as a hardware button does. ko-en-1 goes on air on en
    // and the key's light comes on.
    controller.send(0x90, 36, 127);
    controller.send(0x80, 36, 0);
    controller.send(0xB0, 99, 12); // unmapped: ignored
    CHECK(untilOutputPlays(1, "mic 1") == "mic 1");
    const std::vector<std::uint32_t> lights = controller.received();
    CHECK(std::find(lights.begin(), lights.end(), 0x90247Fu) != lights.end()); // note 36, 127

    // MIDI learn: ja-1's mic-toggle on whatever key comes next (note 40 on channel 2), asked
    // for by an OSC surface, which is told what was learnt and where it was saved.
    OscClient surface(std::stoi(oscPort));
    lo_message learn = lo_message_new();
    for (const char* argument : {"dragoman-test-keys", "ja-1", "mic-toggle"})
        lo_message_add_string(learn, argument);
    surface.send(learn, "/dragoman/midi/learn");
    CHECK(surface.receive(300) ==
          std::vector<std::string>{"/dragoman/ok \"/dragoman/midi/learn\""});
    controller.send(0x91, 40, 100); // learnt: does nothing yet
    controller.send(0x81, 40, 0);
    CHECK(surface.receive(500) ==
          std::vector<std::string>{"/dragoman/midi/learnt \"dragoman-test-keys\" \"ja-1\" "
                                   "\"mic-toggle\" \"note\" 40 2 \"" +
                                   base + ".json\""});
    CHECK(whatOutputPlays(2) == "floor"); // ja: auto-floor still (ja-1 not on air)
    controller.send(0x91, 40, 100);       // now it works ja-1's mic
    controller.send(0x81, 40, 0);
    CHECK(untilOutputPlays(2, "mic 3") == "mic 3");
    dragoman.signal(SIGTERM);
    CHECK(dragoman.wait(10.0) == 0);
    const std::string saved = fileText(base + ".json");
    CHECK_THAT(saved, Catch::Contains(R"("console": "ja-1",)"));
    CHECK_THAT(saved, Catch::Contains(R"("note": 40,)"));
    const std::string text = fileText(base + ".log");
    INFO(text);
    CHECK_THAT(text, Catch::Contains("MIDI key learnt and saved  device=dragoman-test-keys "
                                     "console=ja-1 key=mic-toggle number=40 file=" +
                                     base + ".json"));
    // At debug level the booth events are logged: ko-en-1 went on air from its MIDI key.
    CHECK_THAT(text, Catch::Contains("debug console ko-en-1: ON AIR on en, hears floor  at_s="));
    std::remove((base + ".json").c_str());
    std::remove((base + ".log").c_str());
}

TEST_CASE("when the JACK server restarts, dragoman run reopens the device and consoles keep state",
          "[device]") {
    std::optional<JackServer> jack(std::in_place);
    REQUIRE(jack->ready());
    const std::string log = "/tmp/dragoman-lost-" + std::to_string(getpid()) + ".log";
    const std::string oscPort = std::to_string(20000 + getpid() % 20000);
    ChildProcess dragoman({DRAGOMAN_BINARY, "run", DRAGOMAN_SOURCE_DIR "/docs/examples/summit.json",
                           "--device", "system", "--osc-port", oscPort, "--log-format", "json"},
                          log);
    CHECK(whatEnPlays() == "floor"); // auto-floor: nobody on air
    // ko-en-1 goes on air, pressed over OSC with liblo's own oscsend, as the guide shows.
    ChildProcess press(
        {"oscsend", "localhost", oscPort, "/dragoman/console/ko-en-1/mic", "i", "1"});
    CHECK(press.wait(5.0) == 0);
    CHECK(untilOutputPlays(1, "mic 1") == "mic 1"); // once auto-floor has faded out

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
    const auto lines = jsonLog(text);
    const nlohmann::json osc = logEvent(lines, "osc.listening");
    CHECK(osc["address"] == "127.0.0.1");
    CHECK(osc["port"] == std::stoi(oscPort));
    const nlohmann::json lost = logEvent(lines, "device.lost");
    CHECK(lost["level"] == "warning");
    CHECK(lost["reason"] == "the stream on \"system\" stopped (device lost)");
    const nlohmann::json back = logEvent(lines, "device.back");
    CHECK(back["device"] == "system");
    CHECK_THAT(back["message"].get<std::string>(), Catch::StartsWith("device back after "));
    CHECK(logEvent(lines, "run.stopped")["device_losses"] == 1);
    CHECK_THAT(text, !Catch::Contains("ALSA lib")); // the host's library chatter is dropped
    std::remove(log.c_str());
}

TEST_CASE("at a terminal, dragoman run keeps a status line of levels, on-air and xruns",
          "[device]") {
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

TEST_CASE("dragoman run adds not one sample to the device's round trip, at 64 and 256 frames",
          "[device]") {
    for (const int period : {64, 256}) {
        const JackServer jack(8, period);
        REQUIRE(jack.ready());
        ChildProcess dragoman({DRAGOMAN_BINARY, "run",
                               DRAGOMAN_SOURCE_DIR "/docs/examples/summit.json", "--device",
                               "system", "--osc-port", "0"});
        ImpulseProbe probe("roundtrip-probe");
        const PassThrough pass;
        REQUIRE(probe.ok());
        REQUIRE(probe.waitForPort("dragoman:out_1", 30.0));
        // JACK's own loop: out, through a client that copies, back in (the cycle's one wait).
        const std::vector<long> reference =
            probe.loopDelays("passthrough:in", "passthrough:out", 9);
        // The same loop through Dragoman: the floor in, English out (nobody on air: English
        // carries the floor at unity gain).
        const std::vector<long> through = probe.loopDelays("dragoman:in_0", "dragoman:out_1", 9);
        INFO("period " << period);
        REQUIRE(reference.size() == 9);
        REQUIRE(through.size() == 9);
        CHECK(medianOf(reference) == period);
        CHECK(medianOf(through) == medianOf(reference));
    }
}
