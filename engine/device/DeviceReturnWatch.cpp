// See DeviceReturnWatch.h.
#include "DeviceReturnWatch.h"

#include <array>
#include <cstring>
#include <string_view>
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
        // A JACK server's socket (jack_*) or a sound card's node; other files in /dev/shm
        // (any program's shared memory) are not a device.
        for (ssize_t at = 0; at + static_cast<ssize_t>(sizeof(inotify_event)) <= got;) {
            inotify_event event{};
            std::memcpy(&event, events.data() + at, sizeof event);
            const char* name = events.data() + at + sizeof(inotify_event);
            const std::string_view file = event.len > 0
                                              ? std::string_view(name, strnlen(name, event.len))
                                              : std::string_view();
            if (file.starts_with("jack_") || file.starts_with("pcm") || file.starts_with("control"))
                seen = true;
            at += static_cast<ssize_t>(sizeof(inotify_event) + event.len);
        }
    }
}

} // namespace dragoman
