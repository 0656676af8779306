// The session's web listeners as a live service of `dragoman run` (weblisten/): tells each
// mountpoint what its channel carries, and logs Janus coming and going and the listener counts.
#pragma once

#include "Engine.h"
#include "headless/LiveService.h"
#include "weblisten/WebListenerStreams.h"

#include <map>
#include <string>

namespace dragoman {

class WebListenerService final : public LiveService {
public:
    // Throws when the feeds cannot be set up (Janus itself is reached in the background).
    WebListenerService(const Session& session, const EngineLayout& layout, double sampleRate);

    RenderedBlockSink* blockSink() override { return &streams_; }
    void poll(RunLog& log, const SessionStatus& status, Clock::time_point now) override;
    // Listeners per signal, as Janus last counted them.
    std::map<std::string, int> listeners() const override { return streams_.listeners(); }

private:
    WebListenerStreams streams_;
};

} // namespace dragoman
