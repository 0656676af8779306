// `dragoman devices` and `dragoman run`: the headless program on real audio devices.
// Main thread only.
#pragma once

#include "headless/RunLog.h"

#include <cstdint>
#include <string>

namespace dragoman {

struct LiveRunOptions {
    std::string sessionFile;
    std::string device;      // empty = the default device
    double sampleRate = 0.0; // 0 = the session's
    std::uint32_t blockFrames = 256;
    double seconds = 0.0; // 0 = until SIGINT or SIGTERM
    int oscPort = -1;     // -1 = the session's (or 9000); 0 = no OSC server
    LogLevel logLevel = LogLevel::Info;
    LogFormat logFormat = LogFormat::Text;
};

// Prints every host API's devices with channel counts and default rates. Returns the exit code.
int listDevices();

// Runs the session on a device until stopped. Returns the exit code (0 on a clean stop).
int runLive(const LiveRunOptions& options);

} // namespace dragoman
