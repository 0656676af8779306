// The session's remote booths as a live service of `dragoman run` (remotebooth/
// RemoteBoothHost): tells joined consoles their state every poll, and logs joins, departures,
// refusals and forgeries as they happen, and each joined path's latency and loss every 10 s
// and once more as it leaves.
#pragma once

#include "Engine.h"
#include "headless/LiveService.h"
#include "remotebooth/RemoteBoothHost.h"

#include <map>
#include <string>
#include <vector>

namespace dragoman {

class RemoteBoothService final : public LiveService {
public:
    // Throws when the host cannot listen (the port is taken, ...).
    // `floorQuality`: the service that judges the floor (its warning goes to the consoles).
    RemoteBoothService(Engine& engine, const RemoteBoothSettings& settings,
                       std::uint32_t blockFrames, RunLog& log, const LiveService* floorQuality);

    RenderedBlockSink* blockSink() override { return &host_; }
    BlockSource* blockSource() override { return &host_; }
    bool wantsQuickPolls() const override { return true; }
    void poll(RunLog& log, const SessionStatus& status, Clock::time_point now) override;

    std::vector<RemotePathStats> paths() const { return host_.stats(); }

private:
    void logPath(RunLog& log, const RemotePathStats& path, const char* message);

    Engine& engine_;
    const LiveService* floorQuality_;
    RemoteBoothHost host_;
    // Joined consoles' latest, by console (a console just left kept, marked, until its report).
    std::map<std::string, RemotePathStats> lastPaths_;
    Clock::time_point lastPathLog_{}, lastPathRead_{};
};

} // namespace dragoman
