// Session and cue files as an attacker or a careless operator makes them: numbers out of
// range, nesting 100,000 deep, a FIFO or /dev/zero in place of the file, a file too large, a
// string of 50 MB, ids that would become bad file names or OSC addresses. Each is one clear
// problem naming its field or its line and column, quoted short, and never a crash, a hang or
// an exception.
#include "render/CueList.h"
#include "render/Demo.h"
#include "session/SessionJson.h"

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sys/stat.h>
#include <unistd.h>

using namespace dragoman;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

std::string listing(const Problems& problems) {
    std::string text;
    for (const Problem& p : problems)
        text += p.describe() + "\n";
    return text;
}

// The summit with `edit` applied, as text.
template <typename Edit> std::string summitWith(Edit edit) {
    json session = json::parse(std::string(summitSessionJson()));
    edit(session);
    return session.dump();
}

fs::path scratch(const std::string& name) {
    return fs::temp_directory_path() / ("dragoman-hostile-" + std::to_string(getpid()) + name);
}

} // namespace

TEST_CASE("a number out of range is a problem with its line and column, not an exception",
          "[session]") {
    std::string text(summitSessionJson());
    const std::string rate = "\"sampleRate\": 48000.0";
    const auto at = text.find(rate);
    REQUIRE(at != std::string::npos);
    text.replace(at, rate.size(), "\"sampleRate\": 1e400");
    const SessionLoad load = parseSession(text);
    INFO(listing(load.problems));
    REQUIRE(load.problems.size() == 1);
    CHECK_THAT(load.problems[0].message,
               Catch::Contains("number overflow parsing '1e400'") && Catch::Contains("at line"));
}

TEST_CASE("an integer field holding a huge number is out of range, not undefined behaviour",
          "[session]") {
    const SessionLoad load =
        parseSession(summitWith([](json& s) { s["booths"][0]["consoles"][0]["seat"] = 1e300; }));
    INFO(listing(load.problems));
    CHECK(listing(load.problems).find("booths[0].consoles[0].seat: is out of range") !=
          std::string::npos);
}

TEST_CASE("nesting 100,000 deep is refused before anything walks it", "[session]") {
    const std::string deep = std::string(100000, '[') + std::string(100000, ']');
    for (const std::string& text : std::vector<std::string>{deep, "{\"name\": " + deep + "}"}) {
        const SessionLoad load = parseSession(text);
        REQUIRE(load.problems.size() == 1);
        CHECK_THAT(load.problems[0].message,
                   Catch::Contains("nested deeper than 32 levels at line 1, column"));
        const CueListLoad cues = parseCueList(text);
        REQUIRE(cues.problems.size() == 1);
        CHECK_THAT(cues.problems[0].message, Catch::Contains("nested deeper than 32 levels"));
    }
    // Brackets inside strings are text, not nesting.
    const SessionLoad named =
        parseSession(summitWith([](json& s) { s["name"] = std::string(1000, '['); }));
    CHECK(named.ok());
}

TEST_CASE("a 50 MB unterminated string is quoted in a few dozen characters", "[session]") {
    const std::string text = "{\"name\": \"" + std::string(50 * 1024 * 1024, 'a');
    const SessionLoad load = parseSession(text);
    REQUIRE(load.problems.size() == 1);
    INFO(load.problems[0].describe().substr(0, 400));
    CHECK(load.problems[0].describe().size() < 400);
    CHECK_THAT(load.problems[0].message, Catch::Contains("line 1"));
}

TEST_CASE("only a regular session file of at most 4 MiB is read", "[session]") {
    SECTION("a FIFO, which would block the reader until someone writes") {
        const fs::path fifo = scratch(".fifo");
        REQUIRE(mkfifo(fifo.c_str(), 0600) == 0);
        const SessionLoad load = loadSessionFile(fifo);
        const CueListLoad cues = loadCueListFile(fifo);
        fs::remove(fifo);
        REQUIRE(load.problems.size() == 1);
        CHECK_THAT(load.problems[0].message, Catch::Contains("is not a regular file"));
        REQUIRE(cues.problems.size() == 1);
        CHECK_THAT(cues.problems[0].message, Catch::Contains("is not a regular file"));
    }
    SECTION("/dev/zero, which never ends") {
        const SessionLoad load = loadSessionFile("/dev/zero");
        REQUIRE(load.problems.size() == 1);
        CHECK(load.problems[0].message ==
              "session file: /dev/zero is not a regular file (a directory, a FIFO or a device)");
    }
    SECTION("a directory") {
        CHECK_THAT(loadSessionFile(fs::temp_directory_path()).problems.at(0).message,
                   Catch::Contains("is not a regular file"));
    }
    SECTION("a file over the size") {
        const fs::path big = scratch(".json");
        std::ofstream(big) << summitWith(
            [](json& s) { s["name"] = std::string(kMostSessionFileBytes, 'x'); });
        const SessionLoad load = loadSessionFile(big);
        fs::remove(big);
        REQUIRE(load.problems.size() == 1);
        CHECK_THAT(load.problems[0].message, Catch::Contains("more than the 4 MiB it may be"));
    }
    SECTION("a file under the size reads as ever") {
        const fs::path file = scratch(".json");
        std::ofstream(file) << summitSessionJson();
        const SessionLoad load = loadSessionFile(file);
        fs::remove(file);
        CHECK(load.ok());
    }
}

TEST_CASE("ids are letters, digits, - _ and ., at most 64 characters", "[session]") {
    const std::vector<std::string> bad = {std::string("ko\0en", 5), "ko/en", "../etc",
                                          std::string(100000, 'k'), "ko en", "ko-en-1\n"};
    for (const std::string& id : bad) {
        for (const char* where : {"booth", "console"}) {
            const SessionLoad load = parseSession(summitWith([&](json& s) {
                if (std::string(where) == "booth")
                    s["booths"][0]["id"] = id;
                else
                    s["booths"][0]["consoles"][0]["id"] = id;
            }));
            INFO(where << " id of " << id.size() << " characters");
            INFO(listing(load.problems).substr(0, 2000));
            const std::string path =
                std::string(where) == "booth" ? "booths[0].id" : "booths[0].consoles[0].id";
            bool named = false;
            for (const Problem& p : load.problems) {
                named = named || p.path == path;
                CHECK(p.describe().size() < 300); // quoted short
            }
            CHECK(named);
        }
    }
    for (const std::string& id : std::vector<std::string>{"ko-en_1.b", "A", std::string(64, 'k')})
        CHECK(parseSession(summitWith([&](json& s) {
                  s["booths"][0]["consoles"][0]["id"] = id;
              })).ok());
}

TEST_CASE("an unknown field of a megabyte's name is named in a short path", "[session]") {
    const SessionLoad load =
        parseSession(summitWith([](json& s) { s[std::string(1 << 20, 'z')] = 1; }));
    REQUIRE(load.problems.size() == 1);
    CHECK(load.problems[0].describe().size() < 200);
    CHECK_THAT(load.problems[0].message, Catch::Contains("unknown field"));
}

TEST_CASE("a MIDI key's channel is 1 to 16 or left out for any, and a remote address is an IP",
          "[session]") {
    auto withMidiChannel = [](std::optional<int> channel) {
        return summitWith([&](json& s) {
            json key = {{"console", "ko-en-1"}, {"key", "mic"}, {"note", 60}};
            if (channel)
                key["channel"] = *channel;
            s["midi"] = json::array({{{"device", "nanoKONTROL2"}, {"keys", {key}}}});
        });
    };
    CHECK(parseSession(withMidiChannel(std::nullopt)).ok());
    CHECK(parseSession(withMidiChannel(16)).ok());
    const SessionLoad zero = parseSession(withMidiChannel(0));
    REQUIRE(zero.problems.size() == 1);
    CHECK(zero.problems[0].path == "midi[0].keys[0].channel");
    CHECK_THAT(zero.problems[0].message, Catch::Contains("0 is not a MIDI channel"));
    CHECK(parseSession(withMidiChannel(17)).problems.at(0).path == "midi[0].keys[0].channel");

    const SessionLoad remote = parseSession(summitWith([](json& s) {
        s["remoteBooths"] = {{"address", "not-an-ip"},
                             {"port", 7000},
                             {"consoles", {{"ko-en-2", "a secret of some length"}}}};
    }));
    REQUIRE(remote.problems.size() == 1);
    CHECK(remote.problems[0].describe() ==
          "remoteBooths.address: \"not-an-ip\" is not an IPv4 or IPv6 address");
}
