// Web listeners end to end, against the real things: `dragoman run` on JACK's dummy driver
// with a tone per source feeds a real Janus (Debian's package, Streaming plugin), whose
// mountpoints it creates through the HTTP API; the live listener page (web/live.html, Debian's
// janus.js) plays them in real headless Chromium over WebRTC, and the page's own audio graph is
// measured for each source's tone. Runs in a private network namespace (tests/CMakeLists.txt
// starts this program under `unshare -n`): WebRTC needs an address Janus will offer, and
// nothing may leave the machine.
#include "janus/JanusClient.h"
#include "support/CommandOutput.h"
#include "support/IcecastFixture.h" // freePort
#include "support/JackFixture.h"
#include "support/JanusFixture.h"
#include "support/OscClient.h"

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
using json = nlohmann::json;

namespace {

using Clock = std::chrono::steady_clock;

// How a test sets Janus up for the summit's web listeners.
struct LiveOptions {
    bool srtp = false;        // RTP to Janus encrypted (keys given through the API)
    bool janusConfig = false; // mountpoints in Janus's jcfg from `dragoman janus-config`
    int secondJanus = 0;      // the HTTP port of a second Janus fed the same (0: none)
    std::string foreignJcfg;  // mountpoints of someone else's in Janus's configuration
};

// The summit with web listeners on `janus`: the floor and every channel.
std::string writeSession(const std::string& path, const std::string& janus, int firstPort,
                         const LiveOptions& options) {
    json session = json::parse(fileText(DRAGOMAN_SOURCE_DIR "/docs/examples/summit.json"));
    for (const char* unused : {"streams", "recording", "remoteBooths", "osc"})
        session.erase(unused);
    session["webListeners"] = {{"janus", janus},
                               {"adminKey", JanusServer::kAdminKey},
                               {"secret", "web-listeners-test"},
                               {"rtpHost", "127.0.0.1"},
                               {"firstPort", firstPort},
                               {"firstId", 900},
                               {"srtp", options.srtp}};
    if (options.secondJanus != 0)
        session["webListeners"]["moreServers"] = {
            {{"janus", "http://127.0.0.1:" + std::to_string(options.secondJanus) + "/janus"},
             {"adminKey", JanusServer::kAdminKey},
             {"firstPort", firstPort + 100}}};
    std::ofstream(path) << session.dump(2);
    return path;
}

// The mountpoints' jcfg lines as `dragoman janus-config` writes them, or "".
std::string janusConfigOf(const std::string& session, const LiveOptions& options) {
    return options.janusConfig ? commandOutput(std::string(DRAGOMAN_BINARY) + " janus-config " +
                                               session + " 2>/dev/null")
                               : options.foreignJcfg;
}

std::string quotedArgument(const std::string& text) {
    return "'" + text + "'";
}

const std::string kTones = R"({"floor": 440, "mic 1": 620, "mic 2": 830, "mic 3": 1070})";

// A running summit with web listeners: JACK, Janus, dragoman run fed a tone per source, with
// ko-en-1 on air on en (ja carries the floor by auto-floor), and the page's site.
struct LiveSummit {
    explicit LiveSummit(LiveOptions options = {})
        : network(preparePrivateNetwork()), base("/tmp/dragoman-live-" + std::to_string(getpid())),
          janusPort(freePort()),
          session(writeSession(base + ".json",
                               "http://127.0.0.1:" + std::to_string(janusPort) + "/janus",
                               21000 + (getpid() % 200) * 20, options)),
          janus(janusPort, janusConfigOf(session, options)) {
        if (options.secondJanus != 0)
            second = std::make_unique<JanusServer>(options.secondJanus, "", "41000-41999");
        oscPort = std::to_string(20000 + (getpid() + 31) % 20000);
        dragoman = std::make_unique<ChildProcess>(
            std::vector<std::string>{DRAGOMAN_BINARY, "run", session, "--device", "system",
                                     "--osc-port", oscPort},
            base + ".log");
    }
    ~LiveSummit() {
        dragoman.reset();
        std::remove((base + ".json").c_str());
        std::remove((base + ".log").c_str());
    }
    // Everything up, a tone per source, ko-en-1 on air; else false, having said what is not.
    bool start() {
        if (!network || !jack.ready() || !janus.ready() || (second && !second->ready())) {
            WARN("network namespace " << network << ", JACK " << jack.ready() << ", Janus "
                                      << janus.ready() << ": " << janus.log());
            return false;
        }
        if (!probe.ok() || !probe.waitForPort("dragoman:in_3", 10.0) ||
            !probe.feedAll("dragoman:in_"))
            return false;
        if (!waitForText(base + ".log", "mountpoint=903", 20.0)) {
            WARN("no mountpoints made: " << fileText(base + ".log"));
            return false;
        }
        ChildProcess press(
            {"oscsend", "localhost", oscPort, "/dragoman/console/ko-en-1/mic", "i", "1"});
        return press.wait(5.0) == 0;
    }

    bool network;
    JackServer jack;
    std::string base;
    int janusPort;
    std::string session;
    JanusServer janus;
    std::unique_ptr<JanusServer> second; // with LiveOptions::secondJanus
    std::string oscPort;
    std::unique_ptr<ChildProcess> dragoman;
    ToneProbe probe{"dragoman-probe", kFloorAndThreeMics, 1};
    LivePageSite site;
};

// The page on `janus` (default: the summit's first) driven through English, the original
// and 日本語.
json drivePage(const LiveSummit& summit, const std::string& extra, std::string janus = "") {
    const std::string command =
        "python3 " DRAGOMAN_SOURCE_DIR "/tests/web/drive-live-page.py " +
        quotedArgument(summit.site.url(janus.empty() ? summit.janus.api() : janus)) + " en ja " +
        quotedArgument(kTones) + " " +
        quotedArgument(R"({"en": "mic 1", "ja": "floor", "floor": "floor"})") + " " + extra;
    const std::string report = commandOutput(command);
    const json page = json::parse(report, nullptr, false);
    INFO(report);
    REQUIRE(page.is_object());
    return page;
}

// The loudest tones of a step, as the driver measured them.
std::vector<std::string> loudest(const json& step) {
    std::vector<std::pair<double, std::string>> tones;
    for (const auto& [name, amplitude] : step["tones"].items())
        if (amplitude.get<double>() > 0.05)
            tones.emplace_back(-amplitude.get<double>(), name);
    std::sort(tones.begin(), tones.end());
    std::vector<std::string> names;
    for (const auto& tone : tones)
        names.push_back(tone.second);
    return names;
}

} // namespace

TEST_CASE("web listeners hear their language live through Janus and switch on the same "
          "connection",
          "[web][janus]") {
    LiveSummit summit;
    REQUIRE(summit.start());

    fs::create_directories(DRAGOMAN_SCREENSHOT_DIR);
    const fs::path screenshot = fs::path(DRAGOMAN_SCREENSHOT_DIR) / "live-listener-page.png";
    fs::remove(screenshot);
    // The page stays on its last language (日本語) until `hold` exists: Janus counts every 2 s,
    // and a page that moved on could be missed.
    const std::string hold = summit.base + ".hold";
    std::remove(hold.c_str());
    auto driven = std::async(std::launch::async, [&] {
        return drivePage(summit, "--screenshot " + screenshot.string() + " --hold-file " + hold);
    });
    // Meanwhile OSC's state shows the listener.
    OscClient osc(std::stoi(summit.oscPort));
    CHECK(osc.waitForState("/dragoman/web-listeners/ja 1", 60));
    std::ofstream(hold) << "seen\n";
    const json page = driven.get();
    std::remove(hold.c_str());
    INFO(page.dump(2));

    // One button per language channel (the floor is the balance, not a language), in the
    // channel's own name and script, marked with its language.
    REQUIRE(page["buttons"].is_array());
    REQUIRE(page["buttons"].size() == 3);
    CHECK(page["buttons"][0]["lang"] == "ko");
    CHECK_THAT(page["buttons"][0]["label"].get<std::string>(), Catch::StartsWith("한국어"));
    CHECK_THAT(page["buttons"][1]["label"].get<std::string>(), Catch::StartsWith("English"));
    CHECK_THAT(page["buttons"][2]["label"].get<std::string>(), Catch::StartsWith("日本語"));
    CHECK(fs::exists(screenshot));

    // English: ko-en-1's tone alone, and the page says an interpreter is on air.
    CHECK(loudest(page["first"]) == std::vector<std::string>{"mic 1"});
    CHECK(page["first"]["carries"] == "interpretation");
    // "More original": the floor's mountpoint comes in and the floor is what plays.
    CHECK(loudest(page["original"]).at(0) == "floor");
    // 日本語 on the same connection (switch): the floor, by auto-floor, and the page says so.
    CHECK(loudest(page["second"]) == std::vector<std::string>{"floor"});
    CHECK(page["second"]["carries"] == "floor");
    CHECK_THAT(page["second"]["carrying"].get<std::string>(),
               Catch::Contains("No interpreter on air"));
    CHECK(page["second"]["reconnects"] == 0);
    CHECK(page["marker"] == 42); // the page was never reloaded

    // The listener count rose with the page and fell when it closed (the page says goodbye to
    // Janus as its tab closes): the 0 counted after the 1. (English's may fall between two
    // counts: the page is there for a second or two.)
    auto fellAfterRising = [&](const std::string& signal) {
        const std::string log = fileText(summit.base + ".log");
        const std::size_t rose = log.find("web listeners  signal=" + signal + " listeners=1");
        return rose != std::string::npos &&
               log.find("web listeners  signal=" + signal + " listeners=0", rose) !=
                   std::string::npos;
    };
    for (int i = 0; i < 200 && !fellAfterRising("ja"); ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    CHECK(fellAfterRising("ja"));

    // Janus's own view: a mountpoint per signal, fed.
    dragoman::JanusClient client(summit.janus.api(), "");
    const json list = client.streaming({{"request", "list"}});
    CHECK(list["list"].size() == 4);
    summit.dragoman->signal(SIGTERM);
    CHECK(summit.dragoman->wait(10.0) == 0);
}

TEST_CASE("a listener's page hears again by itself after Janus restarts, and dragoman run makes "
          "its mountpoints again",
          "[web][janus]") {
    LiveOptions options;
    options.srtp = true; // and the RTP to Janus encrypted
    LiveSummit summit(options);
    REQUIRE(summit.start());

    const std::string flag = summit.base + ".restart";
    std::remove(flag.c_str());
    std::remove((flag + ".ready").c_str());
    auto page =
        std::async(std::launch::async, [&] { return drivePage(summit, "--restart-file " + flag); });
    bool restarted = false;
    const auto until = Clock::now() + std::chrono::seconds(120);
    while (Clock::now() < until && !restarted) {
        if (fs::exists(flag + ".ready")) {
            summit.janus.stop(SIGKILL);
            restarted = summit.janus.start();
            std::ofstream(flag) << "restarted\n";
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    REQUIRE(restarted);
    const json report = page.get();
    INFO(report.dump(2));
    const json& back = report["restart"];
    CHECK(loudest(back["measure"]) == std::vector<std::string>{"floor"}); // ja, as before
    CHECK(back["measure"]["reconnects"].get<int>() >= 1);
    CHECK(back["marker"] == 42); // by itself: no reload
    CHECK(back["seconds"].get<double>() < 20.0);
    WARN("audio back in the page " << back["seconds"].get<double>()
                                   << " s after Janus was restarted");

    // dragoman run noticed (at its next listener count, within 2 s) and made the mountpoints
    // again; the page heard them again, so they must be there already.
    CHECK(waitForText(summit.base + ".log", "Janus does not answer", 10.0));
    CHECK(waitForText(summit.base + ".log", "made again in Janus  signal=ja mountpoint=903", 10.0));
    std::remove(flag.c_str());
    std::remove((flag + ".ready").c_str());
}

TEST_CASE("mountpoints written into Janus's configuration by dragoman janus-config are adopted "
          "and fed",
          "[web][janus]") {
    LiveOptions options;
    options.janusConfig = true;
    LiveSummit summit(options);
    REQUIRE(summit.start());
    // Janus had them from its file before dragoman run started: taken as they are.
    const std::string log = fileText(summit.base + ".log");
    CHECK_THAT(log, Catch::Contains("mountpoint ready in Janus  signal=en mountpoint=902"));
    CHECK_THAT(log, !Catch::Contains("made again"));
    dragoman::JanusClient client(summit.janus.api(), "");
    const json info =
        client.streaming({{"request", "info"}, {"id", 902}, {"secret", "web-listeners-test"}});
    INFO(info.dump(2));
    CHECK(info["info"]["description"] == "English");
    CHECK(info["info"]["viewers"] == 0);
    // And a listener hears them as if dragoman run had made them.
    const json page = drivePage(summit, "");
    INFO(page.dump(2));
    CHECK(loudest(page["first"]) == std::vector<std::string>{"mic 1"});
    CHECK(page["first"]["carries"] == "interpretation");
    CHECK(loudest(page["second"]) == std::vector<std::string>{"floor"});
}

TEST_CASE("a second Janus fed the same packets serves listeners of its own", "[web][janus]") {
    LiveOptions options;
    options.secondJanus = freePort();
    LiveSummit summit(options);
    REQUIRE(summit.start());
    REQUIRE(waitForText(summit.base + ".log",
                        "signal=ja mountpoint=903 janus=" + summit.second->api(), 20.0));
    // A listener on each server at once: each hears English, then 日本語.
    auto onSecond =
        std::async(std::launch::async, [&] { return drivePage(summit, "", summit.second->api()); });
    const json first = drivePage(summit, "");
    const json second = onSecond.get();
    for (const json* page : {&first, &second}) {
        INFO(page->dump(2));
        CHECK(loudest((*page)["first"]) == std::vector<std::string>{"mic 1"});
        CHECK(loudest((*page)["second"]) == std::vector<std::string>{"floor"});
    }
    // Both servers' listeners counted (by Janus each) and logged per server.
    const std::string log = fileText(summit.base + ".log");
    CHECK_THAT(log, Catch::Contains("signal=en listeners=1 janus=" + summit.janus.api()));
    CHECK_THAT(log, Catch::Contains("signal=en listeners=1 janus=" + summit.second->api()));
}

TEST_CASE("a mountpoint id that someone else holds in Janus is refused with the reason, the "
          "others are fed",
          "[web][janus]") {
    LiveOptions options;
    options.foreignJcfg = "theirs: {\n  type = \"rtp\"\n  id = 902\n"
                          "  secret = \"someone-else\"\n  audio = true\n"
                          "  audioport = 39990\n  audiopt = 111\n"
                          "  audiocodec = \"opus\"\n}\n";
    LiveSummit summit(options);
    REQUIRE(summit.start());
    CHECK(waitForText(summit.base + ".log", "mountpoint 902 exists and is not ours", 10.0));
    const std::string log = fileText(summit.base + ".log");
    INFO(log);
    CHECK_THAT(log, Catch::Contains("Janus refused a web listeners' mountpoint"));
    CHECK_THAT(log, Catch::Contains("ready in Janus  signal=ja mountpoint=903"));
    // Theirs is untouched.
    dragoman::JanusClient client(summit.janus.api(), "");
    const json info =
        client.streaming({{"request", "info"}, {"id", 902}, {"secret", "someone-else"}});
    CHECK(info["info"]["media"][0]["port"] == 39990);
}

TEST_CASE("a server at Janus's address that answers in the wrong shapes never stops dragoman run",
          "[web][janus]") {
    REQUIRE(preparePrivateNetwork()); // loopback up, in this test's own namespace
    const JackServer jack;
    REQUIRE(jack.ready());
    const int port = freePort();
    const std::string base = "/tmp/dragoman-hostile-janus-" + std::to_string(getpid());
    ChildProcess hostile(
        {"python3", DRAGOMAN_SOURCE_DIR "/tests/web/hostile-janus.py", std::to_string(port), "900"},
        base + "-server.log");
    LiveOptions options;
    writeSession(base + ".json", "http://127.0.0.1:" + std::to_string(port) + "/janus", 21500,
                 options);
    ChildProcess dragoman(
        {DRAGOMAN_BINARY, "run", base + ".json", "--device", "system", "--osc-port", "0"},
        base + ".log");
    // Its answers are read for what they hold: a mountpoint whose info has no secret of ours is
    // not ours (refused, with the reason), and counts in text are passed over, round after
    // round, while the run goes on.
    CHECK(waitForText(base + ".log", "mountpoint 901 exists and is not ours", 20.0));
    CHECK(waitForText(base + ".log", "ready in Janus  signal=floor mountpoint=900", 20.0));
    CHECK(waitForText(base + "-server.log", "info 3", 30.0));
    CHECK(dragoman.running());
    const std::string log = fileText(base + ".log");
    INFO(log);
    CHECK_THAT(log, !Catch::Contains("listeners=")); // no count was made up from "many"
    dragoman.signal(SIGTERM);
    CHECK(dragoman.wait(10.0) == 0);
    std::remove((base + ".json").c_str());
    std::remove((base + ".log").c_str());
    std::remove((base + "-server.log").c_str());
}
