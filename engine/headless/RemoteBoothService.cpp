// See RemoteBoothService.h.
#include "RemoteBoothService.h"

#include <cmath>

namespace dragoman {

RemoteBoothService::RemoteBoothService(Engine& engine, const RemoteBoothSettings& settings,
                                       std::uint32_t blockFrames, RunLog& log,
                                       const LiveService* floorQuality)
    : engine_(engine), floorQuality_(floorQuality), host_(engine, settings, blockFrames) {
    std::string consoles;
    for (const auto& [console, secret] : settings.consoles)
        consoles += (consoles.empty() ? "" : ",") + console;
    log.info("remote.listening", "hosting remote consoles",
             {{"address", settings.address},
              {"port", host_.port()},
              {"consoles", consoles},
              {"frame_ms", settings.frameMs}});
}

void RemoteBoothService::logPath(RunLog& log, const RemotePathStats& p, const char* message) {
    auto tenth = [](double v) { return std::round(v * 10.0) / 10.0; };
    log.info("remote.path", message,
             {{"console", p.console},
              {"peer", p.peer},
              {"rtt_ms", std::round(p.roundTripMs * 100.0) / 100.0},
              {"to_console_ms", tenth(p.toConsoleMs)},
              {"from_console_ms", tenth(p.fromConsoleMs)},
              {"loss_to_console_pct", tenth(p.lossToConsolePercent)},
              {"loss_from_console_pct", tenth(p.lossFromConsolePercent)},
              {"concealed_from_console_pct", tenth(p.unrecoveredFromConsolePercent)},
              {"jitter_from_console_ms", tenth(p.jitterFromConsoleMs)},
              {"skipped_from_console", p.skippedFromConsole},
              {"restarts_from_console", p.restartsFromConsole},
              {"dropped_while_stalled", p.droppedWhileStalled},
              {"forged", p.forged}});
}

void RemoteBoothService::poll(RunLog& log, const SessionStatus& status, Clock::time_point now) {
    std::string floorWarning;
    if (floorQuality_ != nullptr)
        if (const auto quality = floorQuality_->floorQuality())
            floorWarning = describeProblems(*quality);
    host_.publishStates(status, engine_, floorWarning);
    if (now - lastPathRead_ >= std::chrono::seconds(1)) {
        lastPathRead_ = now;
        for (const RemotePathStats& p : host_.stats()) {
            if (p.joined) {
                lastPaths_[p.console] = p;
            } else if (const auto last = lastPaths_.find(p.console); last != lastPaths_.end()) {
                // Left: no more "measured" lines for it, but its last measurement stays for
                // the "as it left" line of its departure report, which may come after this
                // read (the host marks a path left before it reports the departure).
                last->second.joined = false;
            }
        }
    }
    using Kind = RemoteBoothReport::Kind;
    for (const RemoteBoothReport& r : host_.takeReports()) {
        const LogFields fields{{"console", r.console}, {"peer", r.peer}, {"reason", r.reason}};
        switch (r.kind) {
        case Kind::Joined:
            log.info("remote.joined", "remote console joined", fields);
            break;
        case Kind::Left:
            if (const auto last = lastPaths_.find(r.console); last != lastPaths_.end()) {
                logPath(log, last->second, "remote path as it left");
                lastPaths_.erase(last);
            }
            log.info("remote.left", "remote console left", fields);
            break;
        case Kind::Refused:
            log.warn("remote.refused", "remote console refused", fields);
            break;
        case Kind::Forged:
            log.warn("remote.forged", "packets that fail authentication dropped", fields);
            break;
        }
    }
    if (now - lastPathLog_ < std::chrono::seconds(10))
        return;
    lastPathLog_ = now;
    std::erase_if(lastPaths_, [](const auto& entry) { return !entry.second.joined; });
    for (const auto& [console, path] : lastPaths_)
        logPath(log, path, "remote path measured");
}

} // namespace dragoman
