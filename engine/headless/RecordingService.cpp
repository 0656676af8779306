// See RecordingService.h.
#include "RecordingService.h"

#include <cmath>

namespace dragoman {

RecordingService::RecordingService(const Session& session, const EngineLayout& layout,
                                   double sampleRate, RunLog& log)
    : recorder_(session, layout, sampleRate) {
    logReports(log); // the files started
}

void RecordingService::poll(RunLog& log, const SessionStatus&, Clock::time_point) {
    logReports(log);
}

void RecordingService::markDeviceGap(double seconds,
                                     std::chrono::system_clock::time_point resumeAt) {
    recorder_.markGap(seconds, resumeAt);
}

void RecordingService::stop(RunLog& log) {
    const std::vector<std::string> files = recorder_.paths();
    recorder_.finish(); // writes what is left and closes the files
    logReports(log);    // the last overruns or failures too
    for (const std::string& file : files)
        log.info("recording.finished", "recording closed", {{"file", file}});
}

void RecordingService::logReports(RunLog& log) {
    using Kind = RecorderReport::Kind;
    for (const RecorderReport& r : recorder_.takeReports()) {
        switch (r.kind) {
        case Kind::Started:
            log.info("recording.started", "recording", {{"signal", r.signal}, {"file", r.path}});
            break;
        case Kind::Failed:
            log.error("recording.failed",
                      "cannot write the recording; kept what it has, the other signals go on, "
                      "retrying every 5 s in a new part",
                      {{"signal", r.signal}, {"file", r.path}, {"reason", r.reason}});
            break;
        case Kind::Resumed:
            log.warn("recording.resumed", "recording again, in a new part",
                     {{"signal", r.signal},
                      {"file", r.path},
                      {"lost_s", std::round(r.lostSeconds * 10.0) / 10.0}});
            break;
        case Kind::GapPart:
            log.info("recording.gap_part",
                     "the device was gone too long to fill with silence: the recording goes "
                     "on in a new part, dated when the audio came back",
                     {{"signal", r.signal},
                      {"file", r.path},
                      {"gap_s", std::round(r.lostSeconds * 10.0) / 10.0}});
            break;
        case Kind::LoudnessLogFailed:
            log.warn("recording.loudness_log_failed",
                     "cannot write a recording's loudness log; the recording goes on without it",
                     {{"signal", r.signal}, {"file", r.path}, {"reason", r.reason}});
            break;
        case Kind::Overrun:
            log.warn("recording.overrun",
                     "the disk fell behind by more than the recorder holds; audio dropped from "
                     "the recording",
                     {{"signal", r.signal}, {"lost_s", std::round(r.lostSeconds * 100.0) / 100.0}});
            break;
        }
    }
}

} // namespace dragoman
