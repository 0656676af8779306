// See InotifyRecords.h.
#include "device/InotifyRecords.h"

#include <cstring>
#include <sys/inotify.h>

namespace dragoman {

bool namesAudioDevice(std::string_view file) {
    return file.starts_with("jack_") || file.starts_with("pcm") || file.starts_with("control");
}

bool anyAudioDeviceIn(std::span<const char> bytes) {
    bool seen = false;
    for (std::size_t at = 0; bytes.size() - at >= sizeof(inotify_event);) {
        inotify_event event{};
        std::memcpy(&event, bytes.data() + at, sizeof event); // the bytes need not be aligned
        at += sizeof event;
        if (event.len > bytes.size() - at)
            break; // a name longer than what was read: not a whole record
        const std::string_view name(bytes.data() + at, event.len);
        seen = seen || namesAudioDevice(name.substr(0, name.find('\0')));
        at += event.len;
    }
    return seen;
}

} // namespace dragoman
