// Dragoman as a JUCE AudioProcessor: a thin adapter that maps host buses onto engine ports
// and parameters onto console keys. It never mixes or routes itself: the engine does. A
// session with remote consoles is hosted here too (at 48 kHz): their mics come from the
// network instead of their buses, and their headphone mixes go to it as well.
//
// Or the app is itself a remote console (joinRemoteBooth): the device's first input is the
// interpreter's mic, its first two outputs their headphones, and the engine here rests while
// the host elsewhere does the mixing.
//
// A session with web listeners feeds them from here as `dragoman run` does (at 48 kHz): each
// channel to its Janus mountpoint, with the listeners Janus counts shown in the engineer view.
// A session with a meeting takes its floor from the meeting's Janus room, as `dragoman run`
// does (at 48 kHz), the input bus floor being the fallback the session names.
#pragma once

#include "ConsoleParameters.h"
#include "Engine.h"
#include "EnginePoll.h"
#include "HearingNews.h"
#include "RemoteConsoleMode.h"
#include "SessionBuses.h"
#include "SessionStatus.h"
#include "base/Problem.h"
#include "meeting/MeetingFloor.h"
#include "record/BoothLog.h"
#include "record/FloorQualityTap.h"
#include "remotebooth/RemoteBoothHost.h"
#include "remotebooth/RemoteConsoleClient.h"
#include "weblisten/WebListenerStreams.h"

#include <atomic>
#include <juce_audio_processors/juce_audio_processors.h>
#include <map>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace dragoman::plugin {

class DragomanProcessor : public juce::AudioProcessor {
public:
    // The session from $DRAGOMAN_SESSION if set and valid, else the summit example.
    DragomanProcessor();
    explicit DragomanProcessor(const Session& session);
    ~DragomanProcessor() override;

    // Message thread.
    void prepareToPlay(double sampleRate, int maximumExpectedSamplesPerBlock) override;
    void releaseResources() override {}
    bool isBusesLayoutSupported(const BusesLayout& layout) const override;
    void getStateInformation(juce::MemoryBlock& data) override;
    void setStateInformation(const void* data, int size) override;
    juce::AudioProcessorEditor* createEditor() override;
    bool hasEditor() const override { return true; }

    // Audio thread.
    void processBlock(juce::AudioBuffer<float>& buffer, juce::MidiBuffer& midi) override;
    using juce::AudioProcessor::processBlock; // the double-precision one stays JUCE's

    const juce::String getName() const override { return "Dragoman"; }
    bool acceptsMidi() const override { return false; }
    bool producesMidi() const override { return false; }
    double getTailLengthSeconds() const override { return 0.0; }
    int getNumPrograms() override { return 1; }
    int getCurrentProgram() override { return 0; }
    void setCurrentProgram(int) override {}
    const juce::String getProgramName(int) override { return "Default"; }
    void changeProgramName(int, const juce::String&) override {}

    Engine& engine() { return *engine_; }
    const Session& session() const { return session_; }
    juce::AudioProcessorValueTreeState& parameters() { return parameters_; }

    // Message thread: drains the engine's events and meters (a timer does it 30 times a
    // second); then status() and meters() show the live state.
    void pollEngine();
    // Message thread: the live state and the latest levels.
    const SessionStatus& status() const { return status_; }
    const MeterReadings& meters() const { return meters_; }

    // Message thread: replaces the running session if valid (else returns its problems).
    // Buses and parameters keep the shape the plugin was created with: consoles without a
    // bus have a silent mic and unheard headphones until the plugin is created anew.
    Problems applySession(const Session& session);
    int sessionGeneration() const { return sessionGeneration_; }

    // Message thread: a key press as the interpreter makes it, through the parameter (so the
    // host records it as automation).
    void pressKey(const std::string& console, ConsoleKey key, float value);

    // Message thread: each remote console's path (as of the last poll), and why remote
    // booths are not hosted if the session has some but they could not start.
    const std::vector<RemotePathStats>& remotePaths() const { return remotePaths_; }
    const std::string& remoteProblem() const { return remoteProblem_; }
    // Message thread: the latest joins, departures, refusals and forgeries, newest last.
    const std::vector<std::string>& remoteNotes() const { return remoteNotes_; }
    int remotePort() const { return remoteBooths_ ? remoteBooths_->port() : 0; }

    // Message thread: web listeners per signal (channels, the floor) as Janus last counted
    // them; why the session's web listeners are not fed, if they cannot be; and the latest
    // word from Janus (mountpoints ready, Janus lost, refusals), newest last.
    const std::map<std::string, int>& webListeners() const { return webListenerCounts_; }
    const std::string& webListenerProblem() const { return webProblem_; }
    const std::vector<std::string>& webListenerNotes() const { return webNotes_; }

    // Message thread: the meeting's path to the floor (as of the last poll; nothing without a
    // meeting), why the session's meeting is not the floor if it cannot be, and the latest word
    // of the link (linked, lost, Janus gone, who takes the floor), newest last.
    const std::optional<MeetingFloorStats>& meetingFloor() const { return meetingStats_; }
    const std::string& meetingProblem() const { return meetingProblem_; }
    const std::vector<std::string>& meetingNotes() const { return meetingNotes_; }

    // Message thread: the booth log the session asks for ("boothLog"), as `dragoman run` keeps
    // it: its file ("" without one), and why it cannot be kept ("" while it is).
    std::string boothLogPath() const { return boothLog_ ? boothLog_->path() : std::string(); }
    const std::string& boothLogProblem() const { return boothLogProblem_; }

    // Message thread: whether the floor is good enough to interpret (as of the last poll).
    const FloorQualityReading& floorQuality() const { return floorQualityReading_; }

    // Message thread: joins a booth elsewhere as its remote console, on a thread of its own
    // (joining takes a round trip or a few; a refusal up to the timeout). Poll the state.
    using RemoteConsoleState = RemoteConsoleMode::State;
    void joinRemoteBooth(RemoteConsoleOptions options) { remoteConsole_.join(std::move(options)); }
    void leaveRemoteBooth() { remoteConsole_.leave(); }
    RemoteConsoleState remoteConsoleState() { return remoteConsole_.state(); }
    // Why the last join failed, or the host left.
    std::string remoteConsoleProblem() const { return remoteConsole_.problem(); }
    RemoteConsoleClient* remoteConsole() { return remoteConsole_.client(); }
    // The mic and headphone levels while a remote console (peak and RMS since the last call).
    MeterReadings takeRemoteConsoleLevels();

private:
    static BusesProperties busesFor(const Session& session);
    void renderChunk(juce::AudioBuffer<float>& buffer, int offset, int frames);
    void reflectInParameters(const std::string& console, const ConsoleState& state);
    void keepBoothLog(); // message thread, from the poll
    void closeBoothLog();
    void startRemoteBooths(); // message thread, with processing stopped or suspended
    void startWebListeners(); // the same
    void pollWebListeners();  // message thread, in pollEngine
    void startMeetingFloor(); // like startRemoteBooths
    void pollMeetingFloor();  // message thread, in pollEngine
    void startFloorQuality(); // like startRemoteBooths

    Session session_;
    std::vector<BusSpec> inputBuses_, outputBuses_;
    std::unique_ptr<Engine> engine_;
    juce::AudioProcessorValueTreeState parameters_;
    ConsoleParameters consoleParameters_;

    // Audio-thread scratch, sized in prepareToPlay and by the constructor.
    static constexpr int kScratchFrames = 512;
    juce::AudioBuffer<float> inputCopy_; // inputs, copied: JUCE's buffer is processed in place
    std::vector<std::uint32_t> busPort_; // per bus: the engine port it feeds or reads
    std::vector<const float*> floor_, mics_;
    std::vector<float*> channels_, phones_;
    std::vector<EngineCommand> commands_;

    // Remote booths, replaced only while the audio thread is kept out (prepareToPlay, or
    // suspendProcessing); scratch by console port, for remote consoles only.
    std::unique_ptr<RemoteBoothHost> remoteBooths_;
    std::vector<std::vector<float>> remoteMicScratch_, remotePhonesScratch_;
    std::vector<float*> remoteMics_;
    double sampleRate_ = 48000.0;
    std::string remoteProblem_;                // message thread
    std::vector<RemotePathStats> remotePaths_; // message thread
    std::vector<std::string> remoteNotes_;     // message thread
    static constexpr std::size_t kMostRemoteNotes = 8;

    // Web listeners' feeds, replaced like the remote booths; the rate they were made for.
    std::unique_ptr<WebListenerStreams> webListeners_;
    double webListenersRate_ = 0.0;
    std::string webProblem_;                       // message thread
    std::map<std::string, int> webListenerCounts_; // message thread
    std::vector<std::string> webNotes_;            // message thread

    // The meeting as the floor, replaced like the remote booths; per floor channel, the
    // fallback copied (or silence) for the meeting to overwrite.
    std::unique_ptr<MeetingFloor> meeting_;
    double meetingRate_ = 0.0;
    std::vector<std::vector<float>> meetingFloorScratch_;
    std::vector<float*> meetingFloorChannels_;
    std::optional<MeetingFloorStats> meetingStats_; // message thread
    std::string meetingProblem_;                    // message thread
    std::vector<std::string> meetingNotes_;         // message thread

    // The floor's quality, judged on the message thread; replaced like the remote booths.
    std::unique_ptr<FloorQualityTap> floorQualityTap_;
    FloorQualityReading floorQualityReading_; // message thread

    // Being a remote console elsewhere, instead of rendering the session here.
    RemoteConsoleMode remoteConsole_{[this] {
        suspendProcessing(true); // the audio thread is out of processBlock
        suspendProcessing(false);
    }};

    SessionStatus status_; // message thread
    int sessionGeneration_ = 0;
    MeterReadings meters_; // message thread
    // The booth log (message thread): opened for the session's settings at a poll, again when
    // they change; each interpreter's day is written when it closes.
    std::optional<BoothLog> boothLog_;
    std::optional<BoothLogSettings> boothLogFor_;
    std::string boothLogProblem_;
    HearingNews hearingNews_;
    EnginePoll* poll_; // pollEngine 30 times a second; detached by the destructor
};

} // namespace dragoman::plugin
