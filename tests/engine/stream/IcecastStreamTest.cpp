// Language channels streamed by `dragoman run` to a real Icecast 2 server, listened to as a
// player does (HTTP GET of the mount) and decoded by opusdec: each mount carries its own
// channel's tone, says its name and language, and comes back after the server restarts
// while the audio goes on; a server killed or stopped under a running session never ends it.
#include "support/Goertzel.h"
#include "support/IcecastFixture.h"
#include "support/JackFixture.h"
#include "support/Opusdec.h"

#include <catch2/catch.hpp>
#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <future>
#include <nlohmann/json.hpp>
#include <thread>
#include <unistd.h>

using namespace dragoman::test;
namespace fs = std::filesystem;

namespace {

// What a listener of the mount hears over `seconds`: the last second, named by tone.
std::string listen(int port, const std::string& mount, double seconds) {
    const std::string body = httpGet(port, mount, seconds);
    const fs::path file =
        "/tmp/dragoman-listen-" + std::to_string(getpid()) + fs::path(mount).filename().string();
    std::ofstream(file, std::ios::binary) << body;
    const std::vector<float> audio = decodeWithOpusdec(file);
    fs::remove(file);
    if (audio.size() < 48000)
        return "nothing (" + std::to_string(body.size()) + " bytes)";
    return tonesPresent(audio, audio.size() - 48000, audio.size(), kFloorAndThreeMics, 48000.0);
}

std::size_t count(const std::string& text, const std::string& what) {
    std::size_t n = 0;
    for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1))
        ++n;
    return n;
}

bool waitForCount(const std::string& file, const std::string& text, std::size_t n, double seconds) {
    const auto until = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
    while (count(fileText(file), text) < n)
        if (std::chrono::steady_clock::now() > until)
            return false;
        else
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
    return true;
}

} // namespace

TEST_CASE("each language channel streams to its own Icecast mount and survives a restart",
          "[stream]") {
    const JackServer jack;
    REQUIRE(jack.ready());
    IcecastServer icecast(freePort());
    REQUIRE(icecast.ready());
    const std::string base = "/tmp/dragoman-stream-" + std::to_string(getpid());
    icecast.writeStreamingSession(base + ".json");
    const std::string oscPort = std::to_string(20000 + (getpid() + 13) % 20000);
    ChildProcess dragoman(
        {DRAGOMAN_BINARY, "run", base + ".json", "--device", "system", "--osc-port", oscPort},
        base + ".log");
    ToneProbe probe("dragoman-probe", kFloorAndThreeMics, 1);
    REQUIRE(probe.ok());
    REQUIRE(probe.waitForPort("dragoman:in_3", 10.0));
    REQUIRE(probe.feedAll("dragoman:in_"));
    REQUIRE(waitForCount(base + ".log", "info  streaming  signal=", 2, 10.0));

    // Icecast lists both mounts with the channel's name and description. (Its JSON status is
    // not valid JSON while it is still filling in a new source's statistics: asked again.)
    nlohmann::json status;
    for (int i = 0; i < 50 && !status["icestats"]["source"].is_array(); ++i) {
        status =
            nlohmann::json::parse(httpGet(icecast.port(), "/status-json.xsl", 1.0), nullptr, false);
        if (status.is_discarded())
            status = nlohmann::json::object();
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    INFO(status.dump(2));
    const auto& sources = status["icestats"]["source"];
    REQUIRE(sources.is_array());
    REQUIRE(sources.size() == 2);
    CHECK(sources[0]["server_name"] == "English");
    CHECK(sources[0]["server_description"] == "Korea-US online summit: English (en)");
    CHECK(sources[1]["server_name"] == "日本語");

    // ko-en-1 goes on air on en; ja has no interpreter and carries the floor (auto-floor).
    ChildProcess press(
        {"oscsend", "localhost", oscPort, "/dragoman/console/ko-en-1/mic", "i", "1"});
    CHECK(press.wait(5.0) == 0);
    // A listener on each mount (en until it carries the interpreter: the key and Icecast's
    // burst of older audio take the machine's time, within five tries).
    auto ja =
        std::async(std::launch::async, [&] { return listen(icecast.port(), "/ja.opus", 3.0); });
    std::string en = listen(icecast.port(), "/en.opus", 3.0);
    for (int attempt = 1; attempt < 5 && en != "mic 1"; ++attempt)
        en = listen(icecast.port(), "/en.opus", 3.0);
    CHECK(en == "mic 1");
    CHECK(ja.get() == "floor");

    // The server goes away and comes back: meanwhile en still carries ko-en-1 on the device,
    // and the mounts reconnect by themselves.
    REQUIRE(icecast.restart());
    REQUIRE(probe.connectInput("dragoman:out_1", 0)); // channel en on the device
    REQUIRE(probe.record(1.0));
    CHECK(probe.heard(0, 24000) == "mic 1");
    REQUIRE(waitForCount(base + ".log", "info  streaming  signal=", 4, 15.0));
    en = listen(icecast.port(), "/en.opus", 3.0);
    for (int attempt = 1; attempt < 5 && en != "mic 1"; ++attempt)
        en = listen(icecast.port(), "/en.opus", 3.0);
    CHECK(en == "mic 1");

    dragoman.signal(SIGTERM);
    CHECK(dragoman.wait(10.0) == 0);
    const std::string log = fileText(base + ".log");
    INFO(log);
    CHECK_THAT(log, Catch::Contains("warning cannot stream to the server; audio and recordings go "
                                    "on, retrying  signal=en url=http://127.0.0.1:"));
    std::remove((base + ".json").c_str());
    std::remove((base + ".log").c_str());
}

TEST_CASE("a stream server killed or stopped never ends dragoman run, and its mounts come back",
          "[stream][streams]") {
    const JackServer jack;
    REQUIRE(jack.ready());
    IcecastServer icecast(freePort());
    REQUIRE(icecast.ready());
    const std::string base = "/tmp/dragoman-stream-gone-" + std::to_string(getpid());
    icecast.writeStreamingSession(base + ".json");
    ChildProcess dragoman(
        {DRAGOMAN_BINARY, "run", base + ".json", "--device", "system", "--osc-port", "0"},
        base + ".log");
    ToneProbe probe("dragoman-probe", kFloorAndThreeMics, 1);
    REQUIRE(probe.ok());
    REQUIRE(probe.waitForPort("dragoman:in_3", 10.0));
    REQUIRE(probe.feedAll("dragoman:in_"));
    const std::string streaming = "info  streaming  signal=";
    const std::string lost = "cannot stream to the server";
    REQUIRE(waitForCount(base + ".log", streaming, 2, 10.0));

    // Killed, the kernel closes its sockets under the sender (a write then raises SIGPIPE);
    // stopped, it closes them itself. Either way both mounts notice, the session runs on,
    // and the mounts are back soon after the server is.
    std::size_t connections = 2;
    for (const int signal : {SIGKILL, SIGTERM}) {
        INFO("the server ended by signal " << signal);
        icecast.stop(signal);
        // The mounts notice when they next write (a 20 ms block later) and say so once each.
        REQUIRE(waitForCount(base + ".log", lost, connections, 10.0));
        probe.connectInput("dragoman:out_1", 0);
        REQUIRE(probe.record(1.0)); // the device still runs: channel en carries the floor
        CHECK(probe.heard(0, 24000) == "floor");
        CHECK(dragoman.running());
        REQUIRE(icecast.start());
        const auto back = std::chrono::steady_clock::now();
        connections += 2;
        REQUIRE(waitForCount(base + ".log", streaming, connections, 15.0));
        const double seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - back).count();
        INFO("both mounts streaming again " << seconds << " s after the server was back");
        CHECK(seconds < 5.0);
        CHECK(listen(icecast.port(), "/ja.opus", 3.0) == "floor");
    }
    dragoman.signal(SIGTERM);
    CHECK(dragoman.wait(10.0) == 0); // not 141, a SIGPIPE
    std::remove((base + ".json").c_str());
    std::remove((base + ".log").c_str());
}
