// Which edits of a running session wait for the next start: each named, and none for edits
// the engine takes live.
#include "session/SessionChanges.h"

#include "support/ToneRig.h"

#include <catch2/catch.hpp>

using namespace dragoman;
using Catch::Contains;

TEST_CASE("edits the engine takes live wait for nothing", "[session]") {
    const Session running = test::summitSession();
    Session edited = running;
    edited.channels[2].autoFloor.enabled = false;
    edited.booths[0].interlock = InterlockMode::Interlock;
    edited.floor.language = "en";
    edited.limiter.ceilingDbfs = -10.0;
    edited.booths[0].consoles.pop_back(); // a console removed goes at once
    CHECK(changesAppliedAtNextStart(running, edited).empty());
}

TEST_CASE("new consoles and channels, device, recording, streams, remote and OSC are named",
          "[session]") {
    const Session running = test::summitSession();
    const Session withFrench = test::summitWithFrenchBooth();
    const auto later = changesAppliedAtNextStart(running, withFrench);
    REQUIRE(later.size() == 2);
    CHECK_THAT(later[0], Contains("new consoles") && Contains("fr-1, fr-2"));
    CHECK_THAT(later[1], Contains("new language channels") && Contains("fr"));

    Session recorded = running;
    recorded.recording = RecordingSettings{};
    Session recordedWithFrench = withFrench;
    recordedWithFrench.recording = RecordingSettings{};
    CHECK_THAT(changesAppliedAtNextStart(recorded, recordedWithFrench).back(),
               Contains("new language channels are recorded from the next start"));
    recorded.recording->signals = {"floor", "en"}; // not the new channel
    recordedWithFrench.recording->signals = recorded.recording->signals;
    CHECK(changesAppliedAtNextStart(recorded, recordedWithFrench).size() == 2);

    Session everything = running;
    everything.io = IoMap{};
    everything.sampleRate = 44100.0;
    everything.osc = OscSettings{};
    everything.recording = RecordingSettings{};
    everything.streams = StreamSettings{};
    everything.remoteBooths = RemoteBoothSettings{};
    const auto all = changesAppliedAtNextStart(running, everything);
    REQUIRE(all.size() == 6);
    const char* named[] = {"io:", "sampleRate:", "osc:", "recording:", "streams:", "remoteBooths:"};
    for (std::size_t i = 0; i < all.size(); ++i)
        CHECK_THAT(all[i], Catch::StartsWith(named[i]));
}

TEST_CASE("a new program feed is named as reaching outputs at the next start, a changed one not",
          "[session][program]") {
    const Session running = test::withProgramFeeds(test::summitSession()); // en, ko
    Session edited = running;
    edited.channels[1].program->delayMs = 120.0; // applied live
    edited.channels[1].program->loudnessLufs = -16.0;
    CHECK(changesAppliedAtNextStart(running, edited).empty());
    edited.channels[2].program = ProgramFeed{}; // ja: new
    const auto later = changesAppliedAtNextStart(running, edited);
    REQUIRE(later.size() == 1);
    CHECK_THAT(later[0], Contains("new program feeds") && Contains("ja"));
}
