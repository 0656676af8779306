// The standalone app and the plugin feed web listeners as `dragoman run` does, against the real
// things: the real processor renders the summit in real time with a tone per source, feeds a
// real Janus (Debian's package) whose mountpoints it makes through the HTTP API, and a real
// headless Chromium on the live listener page (web/live.html) hears English and then 日本語;
// the engineer view counts the listener while it listens. Runs in a private network namespace
// (tests/CMakeLists.txt starts it under `unshare -n`), as the web listener tests do.
#include "DragomanEditor.h"
#include "DragomanProcessor.h"
#include "EngineerView.h"
#include "ProcessorDesk.h"
#include "RealTimeProcessor.h"
#include "janus/JanusClient.h"
#include "session/SessionJson.h"
#include "support/CommandOutput.h"
#include "support/EditorSnapshot.h"
#include "support/IcecastFixture.h" // freePort
#include "support/JanusFixture.h"

#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <future>
#include <map>
#include <nlohmann/json.hpp>
#include <unistd.h>

using namespace dragoman;
using namespace dragoman::plugin;
using namespace dragoman::test;
using json = nlohmann::json;

namespace {

// The summit with web listeners on `janus`: the floor and every channel.
Session summitWithWebListeners(const std::string& janus, int firstPort) {
    std::ifstream file(DRAGOMAN_SOURCE_DIR "/docs/examples/summit.json");
    json session = json::parse(file);
    for (const char* unused : {"streams", "recording", "remoteBooths", "osc"})
        session.erase(unused);
    session["webListeners"] = {{"janus", janus},
                               {"adminKey", JanusServer::kAdminKey},
                               {"secret", "app-web-listeners-test"},
                               {"rtpHost", "127.0.0.1"},
                               {"firstPort", firstPort},
                               {"firstId", 900}};
    const SessionLoad load = parseSession(session.dump());
    REQUIRE(load.ok());
    return load.session;
}

int countOf(const DragomanProcessor& processor, const std::string& signal) {
    const auto found = processor.webListeners().find(signal);
    return found == processor.webListeners().end() ? -1 : found->second;
}

std::string quoted(const std::string& text) {
    return "'" + text + "'";
}

} // namespace

TEST_CASE("the app feeds web listeners through Janus, and its engineer view counts them",
          "[web][janus][gui]") {
    REQUIRE(preparePrivateNetwork());
    JanusServer janus(freePort());
    REQUIRE(janus.ready());
    LivePageSite site;
    DragomanProcessor processor(
        summitWithWebListeners(janus.api(), 23000 + static_cast<int>(getpid() % 200) * 20));
    processor.prepareToPlay(48000.0, 256);
    REQUIRE(processor.webListenerProblem().empty());
    processor.pressKey("ko-en-1", ConsoleKey::Mic, 1.0f); // on air on en; ja has the floor
    RealTimeAudio audio(processor);

    // Every signal's mountpoint made in Janus, and said in the engineer view's notes.
    const bool ready = pollUntil(processor, 20.0, [&] {
        return std::count_if(processor.webListenerNotes().begin(),
                             processor.webListenerNotes().end(), [](const std::string& note) {
                                 return note.find("ready in Janus") != std::string::npos;
                             }) == 4;
    });
    INFO(janus.log());
    REQUIRE(ready);
    CHECK(processor.webListeners().size() == 4); // all counted, none listening yet
    CHECK(countOf(processor, "en") == 0);

    // A listener: English, the original, then 日本語 on the same connection, where the page
    // stays until `hold` exists (Janus counts every 2 s: a page that moved on could be missed).
    const std::string hold = "/tmp/dragoman-app-web-hold-" + std::to_string(getpid());
    std::remove(hold.c_str());
    auto driven = std::async(std::launch::async, [&] {
        return commandOutput(
            "python3 " DRAGOMAN_SOURCE_DIR "/tests/web/drive-live-page.py " +
            quoted(site.url(janus.api())) + " en ja " +
            quoted(R"({"floor": 440, "mic 1": 620, "mic 2": 830, "mic 3": 1070})") + " " +
            quoted(R"({"en": "mic 1", "ja": "floor", "floor": "floor"})") + " --hold-file " + hold);
    });
    ProcessorDesk desk(processor);
    gui::EngineerView view(desk);
    // Chromium starting beside a full ctest -j2 has taken over a minute to reach the second
    // language (a fresh-clone run counted nothing in 60 s, then heard every step right).
    bool counted = pollUntil(processor, 150.0, [&] { return countOf(processor, "ja") == 1; });
    view.refresh();
    CHECK(counted);
    CHECK(view.webListenersCaption("ja") == "1 web listener");
    CHECK(view.webListenersCaption("ko") == "0 web listeners");
    if (counted) { // the view as the engineer sees it, with the listener (docs/ shows it)
        DragomanEditor editor(processor);
        editor.setSize(1100, 640);
        editor.showTab(0);
        snapshot(editor, "engineer-view-web-listeners.png");
    }
    std::ofstream(hold) << "seen\n";
    while (driven.wait_for(std::chrono::milliseconds(30)) != std::future_status::ready)
        processor.pollEngine(); // the page's state messages follow the engine's state
    const std::string report = driven.get();
    std::remove(hold.c_str());
    const json page = json::parse(report, nullptr, false);
    INFO(report);
    REQUIRE(page.is_object());

    // What the listener heard: ko-en-1 on English, the floor on 日本語 (auto-floor), said so.
    auto loudest = [](const json& step) {
        std::string name;
        double most = 0.05;
        for (const auto& [tone, amplitude] : step["tones"].items())
            if (amplitude.get<double>() > most) {
                most = amplitude.get<double>();
                name = tone;
            }
        return name;
    };
    CHECK(loudest(page["first"]) == "mic 1");
    CHECK(page["first"]["carries"] == "interpretation");
    CHECK(loudest(page["second"]) == "floor");
    CHECK(page["second"]["carries"] == "floor");

    // The page closed: the counts fall back to none.
    INFO("en " << countOf(processor, "en") << ", ja " << countOf(processor, "ja"));
    CHECK(pollUntil(processor, 20.0, [&] {
        return countOf(processor, "en") == 0 && countOf(processor, "ja") == 0;
    }));
}

TEST_CASE("a session edited in the app takes its web listeners' mountpoints along: a channel "
          "removed is gone from Janus, a channel renamed says its new name",
          "[web][janus][gui]") {
    REQUIRE(preparePrivateNetwork());
    JanusServer janus(freePort());
    REQUIRE(janus.ready());
    DragomanProcessor processor(
        summitWithWebListeners(janus.api(), 23000 + static_cast<int>(getpid() % 200) * 20 + 10));
    processor.prepareToPlay(48000.0, 256);
    RealTimeAudio audio(processor);
    JanusClient client(janus.api(), "");
    // The mountpoints Janus lists: id -> the name their metadata gives.
    auto listed = [&] {
        std::map<int, std::string> names;
        const json list = client.streaming({{"request", "list"}});
        for (const json& entry : list["list"])
            names[entry["id"].get<int>()] =
                json::parse(entry["metadata"].get<std::string>())["name"].get<std::string>();
        return names;
    };
    const std::map<int, std::string> before = {
        {900, "Floor"}, {901, "한국어"}, {902, "English"}, {903, "日本語"}};
    REQUIRE(pollUntil(processor, 20.0, [&] { return listed() == before; }));

    // ja removed (its booth now works into en, from the floor), en renamed.
    Session edited = processor.session();
    edited.channels.pop_back();
    edited.channels[1].name = "English (US)";
    edited.booths[1].outputs = {"en"};
    edited.booths[1].relay.reset();
    const Problems problems = processor.applySession(edited);
    INFO((problems.empty() ? std::string() : problems.front().describe()));
    REQUIRE(problems.empty());
    const std::map<int, std::string> after = {
        {900, "Floor"}, {901, "한국어"}, {902, "English (US)"}};
    const bool followed = pollUntil(processor, 20.0, [&] { return listed() == after; });
    CHECK(followed);
    CHECK(std::any_of(processor.webListenerNotes().begin(), processor.webListenerNotes().end(),
                      [](const std::string& note) {
                          return note.starts_with("mountpoint 903, no longer in the session");
                      }));
}

TEST_CASE("the app says why it cannot feed web listeners at a rate other than 48 kHz",
          "[web][janus][gui]") {
    DragomanProcessor processor(summitWithWebListeners("http://127.0.0.1:9/janus", 23990));
    processor.prepareToPlay(44100.0, 256);
    CHECK(processor.webListenerProblem() ==
          "web listeners need 48000 Hz; the audio runs at 44100 Hz");
    processor.prepareToPlay(48000.0, 256);
    CHECK(processor.webListenerProblem().empty());
}
