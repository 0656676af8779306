// The session's recordings as a live service of `dragoman run` (record/Recorder), saying in the
// log what each file does: started, failed, resumed in a new part, overrun, closed.
#pragma once

#include "Engine.h"
#include "headless/LiveService.h"
#include "record/Recorder.h"

namespace dragoman {

class RecordingService final : public LiveService {
public:
    // Throws RecordingError when a recording cannot start.
    RecordingService(const Session& session, const EngineLayout& layout, double sampleRate,
                     RunLog& log);

    RenderedBlockSink* blockSink() override { return &recorder_; }
    void poll(RunLog& log, const SessionStatus& status, Clock::time_point now) override;
    void markDeviceGap(double seconds, std::chrono::system_clock::time_point resumeAt) override;
    void stop(RunLog& log) override;

private:
    void logReports(RunLog& log);
    Recorder recorder_;
};

} // namespace dragoman
