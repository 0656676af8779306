// See DeviceReturnWatch.h.
#include "DeviceReturnWatch.h"

#include "device/InotifyRecords.h"

#include <array>
#include <sys/inotify.h>
#include <unistd.h>

namespace dragoman {

DeviceReturnWatch::DeviceReturnWatch() : DeviceReturnWatch({"/dev/shm", "/dev/snd"}) {}

DeviceReturnWatch::DeviceReturnWatch(const std::vector<std::string>& directories)
    : fd_(inotify_init1(IN_NONBLOCK | IN_CLOEXEC)) {
    if (fd_ < 0)
        return;
    for (const std::string& directory : directories)
        if (inotify_add_watch(fd_, directory.c_str(), IN_CREATE | IN_MOVED_TO) >= 0)
            ++watches_;
}

DeviceReturnWatch::~DeviceReturnWatch() {
    if (fd_ >= 0)
        close(fd_);
}

bool DeviceReturnWatch::appeared() {
    if (fd_ < 0)
        return false;
    bool seen = false;
    alignas(inotify_event) std::array<char, 4096> events{};
    for (;;) {
        const ssize_t got = read(fd_, events.data(), events.size());
        if (got <= 0)
            return seen; // EAGAIN: nothing more
        seen = anyAudioDeviceIn(std::span(events).first(static_cast<std::size_t>(got))) || seen;
    }
}

} // namespace dragoman
