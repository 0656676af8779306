// The walk over a read of inotify records (struct inotify_event, then `len` bytes of name),
// for DeviceReturnWatch: whether any record names a file where an audio device appears. The
// kernel writes these records, but the walk trusts nothing it reads: a record or a name that
// runs past the bytes read ends the walk there, and a name is read only up to its NUL.
#pragma once

#include <span>
#include <string_view>

namespace dragoman {

// A JACK server's socket (jack_*) or a sound card's node (pcm*, control*); other files in
// /dev/shm (any program's shared memory) are not a device.
bool namesAudioDevice(std::string_view file);

// True if any whole record in `bytes` (one read of an inotify descriptor) names one.
bool anyAudioDeviceIn(std::span<const char> bytes);

} // namespace dragoman
