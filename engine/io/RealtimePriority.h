// Best effort: a real-time (SCHED_FIFO) priority for the calling thread, so that the audio
// clock and the network threads that feed it keep their timing on a busy machine (a mixer PC
// that also encodes streams, a laptop in a video call). Without the rights (no rtprio limit)
// the thread stays at normal priority, as before. Audio runs above the network threads; both
// block in poll or sleep between their short bursts of work, so they never starve the rest.
#pragma once

#include <pthread.h>
#include <sched.h>

namespace dragoman {

enum class RealtimeRole { Audio = 70, Network = 60 };

// True if the thread now runs at that priority.
inline bool raiseToRealtime(RealtimeRole role) {
    sched_param param{};
    param.sched_priority = static_cast<int>(role);
    return pthread_setschedparam(pthread_self(), SCHED_FIFO, &param) == 0;
}

} // namespace dragoman
