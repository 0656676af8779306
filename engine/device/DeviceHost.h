// `dragoman device-host`: the child process of `dragoman run` that owns the audio device
// (see device/DeviceBridge.h for why). It opens the device PortAudio finds by `deviceName`,
// passes every block through the shared bridge, and exits when the parent asks, when the
// parent goes, or, without any teardown, when the stream dies.
#pragma once

#include <string>

namespace dragoman {

// Exit codes: 0 stopped on request, 2 the device could not be opened (the bridge's `error`
// says why), 3 the stream died (device lost).
int runDeviceHost(int bridgeFd, const std::string& deviceName);

} // namespace dragoman
