// What an engineer sees of one remote console's path: whether it is joined, from where, and
// how the network treats it both ways. One-way latencies are estimates (the two clocks are
// not shared): half the least round trip of the last 10 s (the network's own delay; the
// jitter beyond it waits in the buffer), plus the frame, the encoder's look-ahead, what the
// receiving jitter buffer holds on average, and the host's audio block.
#pragma once

#include <cstdint>
#include <string>

namespace dragoman {

struct RemotePathStats {
    std::string console;
    bool joined = false;
    std::string peer; // "192.0.2.7:40112"
    double roundTripMs = 0.0;
    double toConsoleMs = 0.0;                   // host's headphone mix -> console's ears
    double fromConsoleMs = 0.0;                 // console's mic -> host's language channel
    double lossToConsolePercent = 0.0;          // packets the network lost (the console reports)
    double lossFromConsolePercent = 0.0;        // packets the network lost (measured here)
    double unrecoveredFromConsolePercent = 0.0; // of those, frames concealed
    double jitterFromConsoleMs = 0.0;
    double bufferFromConsoleMs = 0.0;
    // The mic's playout kept in time (all time): frames skipped so the delay stays bounded
    // (the console's clock runs faster than the device's, or a backlog after a stall), and
    // restarts after the stream ran dry or ran further ahead than the buffer holds.
    std::uint64_t skippedFromConsole = 0;
    std::uint64_t restartsFromConsole = 0;
    // Packets the audio thread did not take in time (it stalled) and that were dropped.
    std::uint64_t droppedWhileStalled = 0;
    std::uint64_t forged = 0;    // packets refused by SRTP's authentication (all time)
    std::uint64_t malformed = 0; // datagrams that were not packets of the protocol
};

} // namespace dragoman
