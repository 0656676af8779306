// `dragoman join`: a headless remote console. Joins a booth of a running Dragoman over the
// network, sends a mic signal (a tone or a WAV file), keeps what the headphones would hear
// in a WAV file, presses keys at set times, and logs the host's state for the console and
// both paths' latency and loss. For unattended booth PCs, and for tests of the host.
#pragma once

#include "headless/RunLog.h"

#include <string>
#include <vector>

namespace dragoman {

struct ScheduledKey {
    std::string key; // as RemoteKeyPress.h names it
    float value = 1.0f;
    double atSeconds = 0.0; // after joining
};

struct JoinRunOptions {
    std::string host;
    int port = 5004;
    std::string console;
    std::string secret;
    double micToneHz = 0.0; // a sine at -12 dBFS; 0 = none
    std::string micWav;     // or a 48 kHz file (its first channel), looped
    std::string phonesWav;  // where to keep the headphone mix (in memory until the end, so
                            // for checks, not day-long runs); empty = nowhere
    double seconds = 0.0;   // 0 = until SIGINT or SIGTERM
    std::vector<ScheduledKey> keys;
    bool ignoreHostProof = false; // tests of a host's defences only
    LogLevel logLevel = LogLevel::Info;
    LogFormat logFormat = LogFormat::Text;
};

// "mic=1@2.5" -> {mic, 1, 2.5}; throws std::invalid_argument naming what is wrong.
ScheduledKey parseScheduledKey(const std::string& text);

// Returns the exit code: 0 after a clean run, 3 if the join failed (refused, no answer, a
// host without the secret), 4 if the host left.
int runJoin(const JoinRunOptions& options);

} // namespace dragoman
