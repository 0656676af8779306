// Tells `dragoman run` at once when a lost audio device may be back, so it reopens within a
// moment of the return rather than at its next retry (which backs off to every 5 s). It watches
// with inotify, without polling, where devices appear: /dev/shm, where a JACK server makes its
// socket (jack_<server>_<uid>_0) as it starts, and /dev/snd, where ALSA cards come and go.
// A directory that does not exist is left out; with no watch at all, the retries alone remain.
// Control thread only.
#pragma once

#include <string>
#include <vector>

namespace dragoman {

class DeviceReturnWatch {
public:
    // The default places above; tests may name others.
    DeviceReturnWatch();
    explicit DeviceReturnWatch(const std::vector<std::string>& directories);
    ~DeviceReturnWatch();
    DeviceReturnWatch(const DeviceReturnWatch&) = delete;
    DeviceReturnWatch& operator=(const DeviceReturnWatch&) = delete;

    // True if something that may be a device appeared since the last call (never blocks).
    bool appeared();
    // Whether any directory is watched.
    bool watching() const { return watches_ > 0; }

private:
    int fd_ = -1;
    int watches_ = 0;
};

} // namespace dragoman
