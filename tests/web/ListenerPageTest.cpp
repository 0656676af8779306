// The listener page (web/listen.html) in a real browser: headless Chromium, driven over the
// DevTools protocol by tests/web/drive-chromium.py, opens the page from a real Icecast
// server that `dragoman run` streams to, lists the languages in their own names, plays the
// one tapped, and switches to another without reloading the page.
#include "support/CommandOutput.h"
#include "support/IcecastFixture.h"
#include "support/JackFixture.h"

#include <array>
#include <catch2/catch.hpp>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <thread>
#include <unistd.h>

using namespace dragoman::test;
namespace fs = std::filesystem;

namespace {

// Icecast's own web root (its status pages) plus the listener page, as the install script
// sets it up.
fs::path listenerWebRoot() {
    const fs::path root = "/tmp/dragoman-webroot-" + std::to_string(getpid());
    fs::remove_all(root);
    fs::copy("/usr/share/icecast2/web", root, fs::copy_options::recursive);
    fs::copy_file(DRAGOMAN_SOURCE_DIR "/web/listen.html", root / "listen.html");
    fs::copy_file(DRAGOMAN_SOURCE_DIR "/web/listener.css", root / "listener.css");
    return root;
}

} // namespace

TEST_CASE("the listener page lists the languages and switches between them without reloading",
          "[web]") {
    const JackServer jack;
    REQUIRE(jack.ready());
    const fs::path webRoot = listenerWebRoot();
    IcecastServer icecast(freePort(), webRoot.string());
    REQUIRE(icecast.ready());
    const std::string base = "/tmp/dragoman-page-" + std::to_string(getpid());
    icecast.writeStreamingSession(base + ".json");
    ChildProcess dragoman(
        {DRAGOMAN_BINARY, "run", base + ".json", "--device", "system", "--osc-port", "0"},
        base + ".log");
    ToneProbe probe("dragoman-probe", kFloorAndThreeMics, 1);
    REQUIRE(probe.ok());
    REQUIRE(probe.waitForPort("dragoman:in_3", 10.0));
    REQUIRE(probe.feedAll("dragoman:in_"));
    for (int i = 0; i < 200 && fileText(base + ".log").find("signal=ja") == std::string::npos; ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(50));

    // Also what the docs show: the page on a phone-sized screen, English playing.
    fs::create_directories(DRAGOMAN_SCREENSHOT_DIR);
    const fs::path screenshot = fs::path(DRAGOMAN_SCREENSHOT_DIR) / "listener-page.png";
    fs::remove(screenshot);
    const std::string report = commandOutput(
        "python3 " DRAGOMAN_SOURCE_DIR "/tests/web/drive-chromium.py http://127.0.0.1:" +
        std::to_string(icecast.port()) + "/listen.html /en.opus /ja.opus " + screenshot.string());
    INFO(report);
    const auto page = nlohmann::json::parse(report, nullptr, false);
    REQUIRE(page.is_object());
    // One button per language, in its own name and marked with its language.
    REQUIRE(page["buttons"].is_array());
    REQUIRE(page["buttons"].size() == 2);
    CHECK(page["buttons"][0]["mount"] == "/en.opus");
    CHECK(page["buttons"][0]["lang"] == "en");
    CHECK_THAT(page["buttons"][0]["label"].get<std::string>(), Catch::StartsWith("English"));
    CHECK(page["buttons"][1]["lang"] == "ja");
    CHECK_THAT(page["buttons"][1]["label"].get<std::string>(), Catch::StartsWith("日本語"));
    CHECK(page["title"] == "Korea-US online summit");
    CHECK(fs::exists(screenshot));
    // Tapping English plays the en mount; tapping 日本語 then plays ja, in the same page.
    for (const auto& [step, mount] : {std::pair{"first", "/en.opus"}, {"second", "/ja.opus"}}) {
        const auto& state = page[step];
        INFO(step);
        CHECK(state["playing"] == mount);
        CHECK_THAT(state["src"].get<std::string>(), Catch::Contains(mount));
        CHECK(state["paused"] == false);
        CHECK(state["time"].get<double>() > 1.0);
        CHECK(state["pressed"] == nlohmann::json::array({mount}));
        CHECK(state["marker"] == 42); // the page was not reloaded
    }
    dragoman.signal(SIGTERM);
    CHECK(dragoman.wait(10.0) == 0);
    fs::remove_all(webRoot);
    std::remove((base + ".json").c_str());
    std::remove((base + ".log").c_str());
}
