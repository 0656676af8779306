// The walk over inotify records that DeviceReturnWatch reads: device names told from other
// files, several records in one read, and records that run past the bytes read.
#include "device/InotifyRecords.h"

#include <catch2/catch.hpp>
#include <cstring>
#include <string>
#include <sys/inotify.h>
#include <vector>

using namespace dragoman;

namespace {

// One record as the kernel writes it: the event, then `len` bytes of name padded with NULs.
void appendRecord(std::vector<char>& bytes, const std::string& name, std::uint32_t len) {
    inotify_event event{};
    event.mask = IN_CREATE;
    event.len = len;
    const char* raw = reinterpret_cast<const char*>(&event);
    bytes.insert(bytes.end(), raw, raw + sizeof event);
    std::string padded = name;
    padded.resize(len, '\0');
    bytes.insert(bytes.end(), padded.begin(), padded.end());
}

std::vector<char> records(const std::vector<std::string>& names) {
    std::vector<char> bytes;
    for (const std::string& name : names)
        appendRecord(bytes, name, static_cast<std::uint32_t>((name.size() / 16 + 1) * 16));
    return bytes;
}

} // namespace

TEST_CASE("a JACK socket or a sound card node among inotify records is told from other files",
          "[device]") {
    CHECK(anyAudioDeviceIn(records({"jack_default_0_0"})));
    CHECK(anyAudioDeviceIn(records({"pcmC0D0p"})));
    CHECK(anyAudioDeviceIn(records({"controlC1"})));
    CHECK_FALSE(anyAudioDeviceIn(records({"sem.mp-1234", "pulse-shm-99"})));
    CHECK(anyAudioDeviceIn(records({"pulse-shm-99", "sem.x", "jack_dummy_0_0"})));
    CHECK_FALSE(anyAudioDeviceIn({}));
    // A name that fills its length with no NUL is read to its length only.
    std::vector<char> exact;
    appendRecord(exact, "jack_x", 6);
    CHECK(anyAudioDeviceIn(exact));
}

TEST_CASE("an inotify record that runs past the bytes read ends the walk, unread", "[device]") {
    std::vector<char> bytes = records({"sem.x"});
    appendRecord(bytes, "jack_default_0_0", 16);
    // The second record's name cut short: not a whole record, so not believed.
    CHECK_FALSE(anyAudioDeviceIn(std::span(bytes).first(bytes.size() - 4)));
    // A header that claims a name longer than everything read.
    std::vector<char> lying;
    appendRecord(lying, "jack_default_0_0", 16);
    inotify_event event{};
    std::memcpy(&event, lying.data(), sizeof event);
    event.len = 1u << 30;
    std::memcpy(lying.data(), &event, sizeof event);
    CHECK_FALSE(anyAudioDeviceIn(lying));
    // Half a header.
    CHECK_FALSE(anyAudioDeviceIn(std::span(lying).first(sizeof(inotify_event) / 2)));
}
