// See WebListenerService.h.
#include "WebListenerService.h"

namespace dragoman {

WebListenerService::WebListenerService(const Session& session, const EngineLayout& layout,
                                       double sampleRate)
    : streams_(session, layout, sampleRate) {}

void WebListenerService::poll(RunLog& log, const SessionStatus& status, Clock::time_point) {
    streams_.follow(status);
    for (const WebListenerReport& r : streams_.takeReports()) {
        switch (r.kind) {
        case WebListenerReport::Kind::Ready:
            log.info(r.recreated ? "web.recreated" : "web.ready",
                     r.recreated ? "web listeners' mountpoint made again in Janus"
                                 : "web listeners' mountpoint ready in Janus",
                     {{"signal", r.signal}, {"mountpoint", r.mountpoint}, {"janus", r.janus}});
            break;
        case WebListenerReport::Kind::JanusLost:
            log.warn("web.janus_lost",
                     "Janus does not answer; the audio goes on, its mountpoints are made again "
                     "when it is back",
                     {{"janus", r.janus}, {"reason", r.reason}});
            break;
        case WebListenerReport::Kind::Refused:
            log.error("web.refused",
                      "Janus refused a web listeners' mountpoint; tried again in a minute",
                      {{"signal", r.signal}, {"mountpoint", r.mountpoint}, {"reason", r.reason}});
            break;
        case WebListenerReport::Kind::Removed:
            log.info("web.removed",
                     "a web listeners' mountpoint the session no longer has removed from Janus",
                     {{"mountpoint", r.mountpoint}, {"janus", r.janus}});
            break;
        case WebListenerReport::Kind::Listeners:
            log.info("web.listeners", "web listeners",
                     {{"signal", r.signal}, {"listeners", r.listeners}, {"janus", r.janus}});
            break;
        }
    }
}

} // namespace dragoman
