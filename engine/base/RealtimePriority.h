// Best effort: a low real-time (SCHED_FIFO) priority for threads that feed audio but are not
// an audio device's own: the remote paths' network threads and `dragoman join`'s audio clock.
// Low on purpose: above every normal process (a busy mixer PC that also encodes streams, a
// laptop in a video call, a test beside two CPU hogs), below any audio server's threads
// (JACK runs at 10 by default, its clients at 5), which must never wait for ours. Each of
// these threads sleeps or blocks in poll between short bursts of work, so it starves no one.
// Without the rights (no rtprio limit) the thread stays at normal priority.
#pragma once

#include <pthread.h>
#include <sched.h>

namespace dragoman {

enum class RealtimeRole {
    Network = 2,    // a remote path's packets in and out
    RemoteClock = 3 // a remote console's own audio clock, where no device drives it
};

// True if the calling thread now runs at that priority.
inline bool raiseToRealtime(RealtimeRole role) {
    sched_param param{};
    param.sched_priority = static_cast<int>(role);
    return pthread_setschedparam(pthread_self(), SCHED_FIFO, &param) == 0;
}

} // namespace dragoman
