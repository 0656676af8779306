// The booth log of `dragoman run` on jackd's dummy driver: keys pressed over OSC (on air, a
// handover request, the boothmate taking over, a message, away) come out as JSON lines in order,
// with who, where and how long, and the day's lines for every console when the run ends.
#include "support/JackFixture.h"
#include "support/OscClient.h"

#include <catch2/catch.hpp>
#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

using namespace dragoman::test;

namespace {

std::vector<nlohmann::json> linesOf(const std::string& directory) {
    std::vector<nlohmann::json> lines;
    std::error_code error;
    for (const auto& entry : std::filesystem::directory_iterator(directory, error)) {
        std::istringstream text(fileText(entry.path().string()));
        for (std::string line; std::getline(text, line);)
            lines.push_back(nlohmann::json::parse(line));
    }
    return lines;
}

bool has(const std::vector<nlohmann::json>& lines, const std::string& event,
         const std::string& console) {
    return std::any_of(lines.begin(), lines.end(), [&](const nlohmann::json& j) {
        return j.value("event", "") == event && j.value("console", "") == console;
    });
}

lo_message one(int value) {
    lo_message m = lo_message_new();
    lo_message_add_int32(m, value);
    return m;
}

} // namespace

TEST_CASE("dragoman run keeps a booth log: on air, handover, away, and each console's day",
          "[device][booth-log]") {
    const JackServer jack;
    REQUIRE(jack.ready());
    const std::string base = "/tmp/dragoman-booth-log-" + std::to_string(getpid());
    const std::string directory = base + "-dir";
    std::filesystem::remove_all(directory);
    nlohmann::json session =
        nlohmann::json::parse(fileText(DRAGOMAN_SOURCE_DIR "/docs/examples/summit.json"));
    session["boothLog"] = {{"directory", directory}};
    std::ofstream(base + ".json") << session.dump(2);
    const std::string oscPort = std::to_string(20000 + (getpid() + 31) % 20000);
    ChildProcess dragoman({DRAGOMAN_BINARY, "run", base + ".json", "--device", "system",
                           "--osc-port", oscPort, "--log-format", "json"},
                          base + ".log");
    OscClient osc(std::stoi(oscPort));
    // Each step waits for its line in the log (flushed line by line), 10 s at most.
    auto logged = [&](const std::string& event, const std::string& console) {
        for (int i = 0; i < 200; ++i) {
            if (has(linesOf(directory), event, console))
                return true;
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
        return false;
    };
    REQUIRE(logged("started", ""));
    osc.send(one(1), "/dragoman/console/ko-en-1/mic");
    REQUIRE(logged("on_air", "ko-en-1"));
    osc.send(one(1), "/dragoman/console/ko-en-1/handover-request");
    REQUIRE(logged("handover_requested", "ko-en-1"));
    osc.send(one(1), "/dragoman/console/ko-en-2/mic");
    REQUIRE(logged("on_air", "ko-en-2"));
    lo_message quick = lo_message_new();
    for (const char* text : {"ko-en-2", "technician", "floor-sound-bad", "crackles"})
        lo_message_add_string(quick, text);
    osc.send(quick, "/dragoman/quick");
    REQUIRE(logged("message", "ko-en-2"));
    osc.send(one(1), "/dragoman/console/ko-en-1/away");
    REQUIRE(logged("away", "ko-en-1"));
    dragoman.signal(SIGTERM);
    CHECK(dragoman.wait(10.0) == 0);

    const auto lines = linesOf(directory);
    INFO(nlohmann::json(lines).dump(1));
    REQUIRE(std::filesystem::exists(directory));
    std::vector<std::string> events;
    for (const auto& j : lines) {
        if (j["event"] != "day")
            events.push_back(j["event"].get<std::string>() + " " + j.value("console", ""));
        CHECK(j["time"].get<std::string>().size() == 24); // 2026-12-03T06:01:02.123Z
    }
    CHECK(events == std::vector<std::string>{"started ", "on_air ko-en-1",
                                             "handover_requested ko-en-1", "off_air ko-en-1",
                                             "handover_request_ended ko-en-1", "on_air ko-en-2",
                                             "message ko-en-2", "away ko-en-1"});
    for (const auto& j : lines) {
        if (j["event"] == "on_air" && j["console"] == "ko-en-1") {
            CHECK(j["booth"] == "ko-en");
            CHECK(j["channel"] == "en");
        }
        if (j["event"] == "off_air")
            CHECK(j["seconds"].get<double>() > 0.0);
        if (j["event"] == "message") {
            CHECK(j["to"] == "technician");
            CHECK(j["quick"] == "floor-sound-bad");
            CHECK(j["words"] == "Floor sound bad: crackles");
        }
    }
    // The day: one line per console, with time on air and the hearing dose.
    for (const std::string console : {"ko-en-1", "ko-en-2", "ja-1"}) {
        INFO(console);
        const auto day = std::find_if(lines.begin(), lines.end(), [&](const nlohmann::json& j) {
            return j["event"] == "day" && j["console"] == console;
        });
        REQUIRE(day != lines.end());
        CHECK((*day)["dose_percent"].get<double>() >= 0.0);
        CHECK((*day)["hearing_warnings"] == 0);
        if (console != "ja-1")
            CHECK((*day)["on_air_s"].get<double>() >= 0.0);
    }
    std::filesystem::remove_all(directory);
    std::remove((base + ".json").c_str());
    std::remove((base + ".log").c_str());
}
