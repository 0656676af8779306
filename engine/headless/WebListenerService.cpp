// See WebListenerService.h.
#include "WebListenerService.h"

namespace dragoman {
namespace {

Carrying carryingOf(RelayQuality quality) {
    switch (quality) {
    case RelayQuality::Silent:
        return Carrying::Nobody;
    case RelayQuality::Floor:
        return Carrying::Floor;
    case RelayQuality::Direct:
        return Carrying::Interpretation;
    case RelayQuality::Relay:
    case RelayQuality::RelayOfRelay:
        break;
    }
    return Carrying::Relay;
}

} // namespace

WebListenerService::WebListenerService(const Session& session, const EngineLayout& layout,
                                       double sampleRate)
    : streams_(session, layout, sampleRate) {}

void WebListenerService::poll(RunLog& log, const SessionStatus& status, Clock::time_point) {
    for (const WebMountpoint& m : streams_.mountpoints())
        if (const ChannelStatus* channel = status.channel(m.signal))
            streams_.setCarrying(m.signal, carryingOf(channel->quality));
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
        case WebListenerReport::Kind::Listeners:
            log.info("web.listeners", "web listeners",
                     {{"signal", r.signal}, {"listeners", r.listeners}, {"janus", r.janus}});
            break;
        }
    }
}

} // namespace dragoman
