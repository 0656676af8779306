// Cue lists: parsing, ordering and errors that name the cue at fault.
#include "render/CueList.h"

#include <catch2/catch.hpp>

using namespace dragoman;

TEST_CASE("a cue list is read and sorted by time", "[render]") {
    const CueListLoad load = parseCueList(R"([
        {"time": 2, "console": "ja-1", "action": "mic-on"},
        {"time": 1, "action": "floor-language", "language": "en"},
        {"time": 3, "console": "ja-1", "action": "output", "slot": "b"},
        {"time": 4, "console": "ja-1", "action": "listen", "source": "en"},
        {"time": 5, "console": "ja-1", "action": "volume", "db": -6},
        {"time": 6, "console": "ja-1", "action": "help", "on": true}
    ])");
    REQUIRE(load.ok());
    REQUIRE(load.cues.size() == 6);
    CHECK(load.cues[0].kind == Cue::Kind::FloorLanguage);
    CHECK(load.cues[0].language == "en");
    CHECK(load.cues[1].press == KeyPress{ConsoleKey::Mic, Switch::On});
    CHECK(load.cues[2].press == KeyPress{ConsoleKey::Output, OutputSlot::B});
    CHECK(load.cues[3].press ==
          KeyPress{ConsoleKey::Listen, ListenChoice{ListenSource::Kind::Channel, "en"}});
    CHECK(load.cues[4].press == KeyPress{ConsoleKey::HeadphoneVolume, Decibels{-6.0f}});
    CHECK(load.cues[5].press == KeyPress{ConsoleKey::Help, Switch::On});
}

TEST_CASE("cue errors name the cue and field", "[render]") {
    const CueListLoad load = parseCueList(R"([
        {"time": 1, "console": "ja-1", "action": "mic-onn"},
        {"console": "ja-1", "action": "mic-on"},
        {"time": 2, "console": "ja-1", "action": "output", "slot": "d"},
        {"time": -1, "console": "ja-1", "action": "mic-on"},
        {"time": 3, "console": "ja-1", "action": "bass"}
    ])");
    REQUIRE(load.problems.size() == 5);
    CHECK(load.problems[0].describe() == "cues[0].action: unknown action \"mic-onn\"");
    CHECK(load.problems[1].describe() == "cues[1].time: missing required field");
    CHECK(load.problems[2].describe() == "cues[2].slot: expected \"a\", \"b\" or \"c\", got \"d\"");
    CHECK(load.problems[3].describe() == "cues[3].time: cue times start at 0");
    CHECK(load.problems[4].describe() == "cues[4].db: missing required field");
    CHECK_THAT(parseCueList("[{").problems.at(0).message, Catch::Contains("line 1, column 3"));
}
