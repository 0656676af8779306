// See LiveService.h: the list of services `dragoman run` knows, and how each starts.
#include "LiveService.h"

#include "Engine.h"
#include "headless/FloorQualityService.h"
#include "headless/MeetingService.h"
#include "headless/RecordingService.h"
#include "headless/RemoteBoothService.h"
#include "headless/StreamService.h"
#include "headless/WebListenerService.h"

#include <functional>

namespace dragoman {

LiveServices startLiveServices(const Session& session, Engine& engine, double sampleRate,
                               std::uint32_t blockFrames, RunLog& log,
                               RemoteBoothService*& remoteBooths) {
    struct Starter {
        bool wanted;
        const char* failedEvent;
        const char* failedMessage;
        std::function<std::unique_ptr<LiveService>()> start;
    };
    const EngineLayout layout = engine.layout();
    const LiveService* meeting = nullptr; // the floor's network path, if it has one
    const LiveService* floorQuality = nullptr;
    const Starter starters[] = {
        {session.recording.has_value(), "recording.failed", "cannot start the recordings",
         [&] { return std::make_unique<RecordingService>(session, layout, sampleRate, log); }},
        {session.streams.has_value(), "stream.failed", "cannot start the streams",
         [&] { return std::make_unique<StreamService>(session, layout, sampleRate); }},
        {session.webListeners.has_value(), "web.failed", "cannot feed the web listeners",
         [&] { return std::make_unique<WebListenerService>(session, layout, sampleRate); }},
        {session.meeting.has_value(), "meeting.failed", "cannot take the floor from the meeting",
         [&]() -> std::unique_ptr<LiveService> {
             auto service = std::make_unique<MeetingService>(session, engine);
             meeting = service.get();
             return service;
         }},
        {true, "floor.quality_failed", "cannot judge the floor's quality",
         [&]() -> std::unique_ptr<LiveService> {
             auto service =
                 std::make_unique<FloorQualityService>(session, layout, sampleRate, meeting);
             floorQuality = service.get();
             return service;
         }},
        {session.remoteBooths.has_value(), "remote.failed", "cannot host remote booths",
         [&]() -> std::unique_ptr<LiveService> {
             auto service = std::make_unique<RemoteBoothService>(engine, *session.remoteBooths,
                                                                 blockFrames, log, floorQuality);
             remoteBooths = service.get();
             return service;
         }},
    };
    LiveServices services;
    remoteBooths = nullptr;
    for (const Starter& starter : starters) {
        if (!starter.wanted)
            continue;
        try {
            services.running.push_back(starter.start());
        } catch (const std::exception& e) {
            services.failure = std::make_unique<LiveServiceFailure>(
                LiveServiceFailure{starter.failedEvent, starter.failedMessage, e.what()});
            services.running.clear();
            remoteBooths = nullptr;
            break;
        }
    }
    return services;
}

} // namespace dragoman
