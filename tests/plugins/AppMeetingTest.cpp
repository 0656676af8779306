// The standalone app and the plugin take the floor from a meeting as `dragoman run` does,
// against the real things: the real processor renders the summit in real time (a tone per input
// bus), makes its room in a real Janus and has the mix forwarded to it; a real headless Chromium
// participant on web/meeting.html speaks a 1500 Hz tone, which comes out of 日本語 (auto-floor
// carries the floor) instead of the floor bus's 440 Hz; the engineer view says the meeting is
// the floor, and when Janus is killed, that the floor is the floor bus until it returns.
// Runs in a private network namespace, as the other Janus tests do.
#include "DragomanEditor.h"
#include "DragomanProcessor.h"
#include "EngineerView.h"
#include "ProcessorDesk.h"
#include "RealTimeProcessor.h"
#include "session/SessionJson.h"
#include "support/CommandOutput.h"
#include "support/EditorSnapshot.h"
#include "support/Goertzel.h"
#include "support/IcecastFixture.h" // freePort
#include "support/JanusFixture.h"

#include <catch2/catch.hpp>
#include <csignal>
#include <cstdlib>
#include <fstream>
#include <future>
#include <nlohmann/json.hpp>
#include <unistd.h>

using namespace dragoman;
using namespace dragoman::plugin;
using namespace dragoman::test;
using json = nlohmann::json;

namespace {

constexpr int kRoom = 7802;

Session summitWithMeeting(const std::string& janus, int floorPort) {
    std::ifstream file(DRAGOMAN_SOURCE_DIR "/docs/examples/summit.json");
    json session = json::parse(file);
    for (const char* unused : {"streams", "recording", "remoteBooths", "osc"})
        session.erase(unused);
    session["meeting"] = {{"janus", janus},
                          {"adminKey", JanusServer::kAdminKey},
                          {"room", kRoom},
                          {"roomSecret", "app-meeting-test-secret"},
                          {"floorHost", "127.0.0.1"},
                          {"floorPort", floorPort},
                          {"fallback", "device"},
                          {"floorLanguageFollowsSpeaker", true}};
    const SessionLoad load = parseSession(session.dump());
    REQUIRE(load.ok());
    return load.session;
}

bool hasNote(const std::vector<std::string>& notes, const std::string& text) {
    return std::any_of(notes.begin(), notes.end(), [&text](const std::string& note) {
        return note.find(text) != std::string::npos;
    });
}

} // namespace

TEST_CASE("the app takes its floor from the meeting, follows the speaker's language, and its "
          "engineer view says whether the meeting is heard",
          "[web][janus][gui][meeting]") {
    REQUIRE(preparePrivateNetwork());
    JanusServer janus(freePort());
    REQUIRE(janus.ready());
    LivePageSite site;
    const std::string base = "/tmp/dragoman-app-meeting-" + std::to_string(getpid());
    REQUIRE(std::system(("sox -n -r 48000 -c 1 -b 16 " + base +
                         "-speaker.wav synth 20 sine 1500 vol 0.5 2>/dev/null")
                            .c_str()) == 0);
    DragomanProcessor processor(
        summitWithMeeting(janus.api(), 24000 + static_cast<int>(getpid() % 200) * 4));
    processor.prepareToPlay(48000.0, 256);
    REQUIRE(processor.meetingProblem().empty());
    RealTimeAudio audio(processor, 2); // 日本語's bus
    ProcessorDesk desk(processor);
    gui::EngineerView view(desk);
    REQUIRE(pollUntil(processor, 20.0,
                      [&] { return hasNote(processor.meetingNotes(), "forwards its mix"); }));

    // What 日本語 carries: the meeting's tone, the floor bus's, both as amplitudes.
    double meetingTone = 0.0, busTone = 0.0;
    auto carries = [&](bool meeting) {
        const std::vector<float> ja = audio.recorded();
        const std::size_t from = ja.size() > 12000 ? ja.size() - 12000 : 0;
        meetingTone = toneAmplitude(ja, from, ja.size(), 1500.0, 48000.0);
        busTone = toneAmplitude(ja, from, ja.size(), 440.0, 48000.0);
        return meeting ? meetingTone > 0.1 && busTone < 0.01 : busTone > 0.1 && meetingTone < 0.01;
    };

    // A participant who declared English speaks: the floor is their voice, and English the
    // floor language (floorLanguageFollowsSpeaker), as the notes say.
    const std::string stop = base + ".stop";
    std::remove(stop.c_str());
    auto speaker = std::async(std::launch::async, [&] {
        return commandOutput("python3 " DRAGOMAN_SOURCE_DIR "/tests/web/drive-meeting-page.py '" +
                             site.meetingUrl(janus.api(), kRoom) + "&studio=1' Speaker en " + base +
                             "-speaker.wav " + stop + " --stay 120");
    });
    const bool heard = pollUntil(processor, 60.0, [&] { return carries(true); });
    INFO("meeting tone " << meetingTone << ", floor bus tone " << busTone << "\n" << janus.log());
    CHECK(heard);
    CHECK(pollUntil(processor, 20.0, [&] { return processor.status().floorLanguage() == "en"; }));
    CHECK(hasNote(processor.meetingNotes(), "the floor language follows the speaker: en"));
    view.refresh();
    CHECK(view.meetingCaption().startsWith("meeting: "));
    if (heard) { // the view as the engineer sees it (docs/ shows it)
        DragomanEditor editor(processor);
        editor.setSize(1100, 640);
        editor.showTab(0);
        snapshot(editor, "engineer-view-meeting.png");
    }

    // Janus gone: the floor is the floor bus (the session's fallback), and the view says so.
    janus.stop(SIGKILL);
    const bool fellBack = pollUntil(processor, 20.0, [&] { return carries(false); });
    INFO("meeting tone " << meetingTone << ", floor bus tone " << busTone);
    CHECK(fellBack);
    view.refresh();
    CHECK(view.meetingCaption() == "meeting not heard: the floor is the device's floor");
    CHECK(hasNote(processor.meetingNotes(), "no audio from the meeting"));

    // Janus back: the meeting is the floor again, by itself.
    REQUIRE(janus.start());
    CHECK(pollUntil(processor, 60.0, [&] { return carries(true); }));
    std::ofstream(stop) << "stop\n";
    speaker.get();
    std::remove(stop.c_str());
    std::remove((base + "-speaker.wav").c_str());
}

TEST_CASE("the app says why its floor cannot come from the meeting at a rate other than 48 kHz",
          "[web][janus][gui][meeting]") {
    DragomanProcessor processor(summitWithMeeting("http://127.0.0.1:9/janus", 24990));
    processor.prepareToPlay(44100.0, 256);
    CHECK(processor.meetingProblem() == "the meeting needs 48000 Hz; the audio runs at 44100 Hz");
    ProcessorDesk desk(processor);
    gui::EngineerView view(desk);
    CHECK(view.meetingCaption() == "the meeting needs 48000 Hz; the audio runs at 44100 Hz");
    processor.prepareToPlay(48000.0, 256);
    CHECK(processor.meetingProblem().empty());
}
