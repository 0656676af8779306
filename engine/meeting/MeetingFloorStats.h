// What the meeting's path to the floor looks like now (meeting/MeetingFloor measures it): for
// the logs and the remote control, which need no more of the meeting than this.
#pragma once

#include <cstdint>

namespace dragoman {

// The meeting path as measured, for the engineer and the logs.
struct MeetingFloorStats {
    bool hearing = false;        // packets arrive now
    std::uint64_t received = 0;  // packets taken into the jitter buffer, all time
    std::uint64_t lost = 0;      // frames neither received nor rebuilt from FEC
    std::uint64_t strangers = 0; // datagrams that were not the forward's (another SSRC...)
    double jitterMs = 0.0;
    double bufferMs = 0.0; // what the jitter buffer holds: the delay it adds
    double driftPpm = 0.0; // Janus's clock against ours
};

} // namespace dragoman
