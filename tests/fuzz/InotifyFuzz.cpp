// libFuzzer target for the walk over inotify records (DeviceReturnWatch's read of /dev/shm and
// /dev/snd): any bytes, any claimed lengths; it must read nothing past them (ASan), and it
// cannot find a device in fewer bytes than one record's header.
#include "device/InotifyRecords.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <sys/inotify.h>
#include <vector>

using namespace dragoman;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    // A copy of exactly `size` bytes, so reading one past them is caught.
    const std::vector<char> bytes(data, data + size);
    const bool seen = anyAudioDeviceIn(bytes);
    if (seen && size < sizeof(inotify_event) + 3) // the shortest name, "pcm", must fit
        std::abort();
    return 0;
}
