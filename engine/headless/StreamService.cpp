// See StreamService.h.
#include "StreamService.h"

namespace dragoman {

StreamService::StreamService(const Session& session, const EngineLayout& layout, double sampleRate)
    : streams_(session, layout, sampleRate) {}

void StreamService::poll(RunLog& log, const SessionStatus&, Clock::time_point) {
    for (const StreamReport& r : streams_.takeReports()) {
        if (r.kind == StreamReport::Kind::Connected) {
            log.info("stream.connected", "streaming", {{"signal", r.signal}, {"url", r.url}});
            down_[r.signal] = false;
            continue;
        }
        const LogFields fields{{"signal", r.signal},
                               {"url", r.url},
                               {"reason", r.reason},
                               {"retry_in_s", r.retryInSeconds}};
        if (!down_[r.signal])
            log.warn("stream.failed",
                     "cannot stream to the server; audio and recordings go on, retrying", fields);
        else
            log.debug("stream.retry", "still cannot stream to the server", fields);
        down_[r.signal] = true;
    }
}

} // namespace dragoman
