// The session's Icecast streams as a live service of `dragoman run` (stream/IcecastStreams):
// a mount's first failure is a warning, its retries until it is back debug lines.
#pragma once

#include "Engine.h"
#include "headless/LiveService.h"
#include "stream/IcecastStreams.h"

#include <map>
#include <string>

namespace dragoman {

class StreamService final : public LiveService {
public:
    // Throws when the streams cannot be set up (the connections themselves retry).
    StreamService(const Session& session, const EngineLayout& layout, double sampleRate);

    RenderedBlockSink* blockSink() override { return &streams_; }
    void poll(RunLog& log, const SessionStatus& status, Clock::time_point now) override;

private:
    IcecastStreams streams_;
    std::map<std::string, bool> down_; // by signal: failing since its last connection
};

} // namespace dragoman
