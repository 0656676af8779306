// One of the services `dragoman run` runs beside the engine and its device (recordings,
// streams, web listeners, the meeting's floor, remote booths, the floor's quality). A service is
// started before the device opens (a configuration that cannot work ends the run before audio
// starts), is fed by the device's audio thread through its block hooks, is polled by the main
// loop to say what happened as log lines, and is stopped after the device. A new service is one
// file and one line in startLiveServices. Main thread only, apart from the hooks.
#pragma once

#include "SessionStatus.h"
#include "base/BlockHooks.h"
#include "dsp/FloorQuality.h"
#include "headless/RunLog.h"
#include "meeting/MeetingFloorStats.h"

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace dragoman {

class Engine;
struct Session;

class LiveService {
public:
    using Clock = std::chrono::steady_clock;
    virtual ~LiveService() = default;

    // What the device's audio thread gives it and takes from it (base/BlockHooks.h).
    virtual RenderedBlockSink* blockSink() { return nullptr; }
    virtual BlockSource* blockSource() { return nullptr; }
    // Needs the main loop every 5 ms rather than every 50 (it tells remote ends the state).
    virtual bool wantsQuickPolls() const { return false; }

    // Listeners per signal ("floor", channel ids) the service serves, as far as it knows them
    // (OSC shows them; an interpreter's audience indicator).
    virtual std::map<std::string, int> listeners() const { return {}; }
    // The meeting's path to the floor, from the service that brings it (OSC shows it).
    virtual std::optional<MeetingFloorStats> meetingFloor() const { return std::nullopt; }
    // Whether the floor is good enough to interpret, from the service that judges it.
    virtual std::optional<FloorQualityReading> floorQuality() const { return std::nullopt; }

    // Main loop: its reports since the last poll, as log lines.
    virtual void poll(RunLog& log, const SessionStatus& status, Clock::time_point now) = 0;
    // The device is gone and reopens now: `seconds` of nothing since the last call, audio
    // resuming at `resumeAt` (recordings keep wall-clock time).
    virtual void markDeviceGap(double /*seconds*/,
                               std::chrono::system_clock::time_point /*resumeAt*/) {}
    // After the device has stopped: finish the work (close files, say bye) and log the last.
    virtual void stop(RunLog& /*log*/) {}
};

// A service that could not start: what to log, and why.
struct LiveServiceFailure {
    std::string event;   // "recording.failed", ...
    std::string message; // "cannot start the recordings"
    std::string reason;
};

struct LiveServices {
    std::vector<std::unique_ptr<LiveService>> running; // in start order
    std::unique_ptr<LiveServiceFailure> failure;       // set: nothing runs
};

class RemoteBoothService;

// Starts every service the session asks for, in order; the first that cannot start stops
// the others and is returned. `remoteBooths` is set to the remote booth service, if any (OSC
// reads its paths).
LiveServices startLiveServices(const Session& session, Engine& engine, double sampleRate,
                               std::uint32_t blockFrames, RunLog& log,
                               RemoteBoothService*& remoteBooths);

} // namespace dragoman
