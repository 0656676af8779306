// The watch that wakes `dragoman run`'s retry when a device may be back: a real JACK server
// starting is seen at once; other files in the watched places are not a device.
#include "device/DeviceReturnWatch.h"

#include "support/JackFixture.h"

#include <catch2/catch.hpp>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <thread>
#include <unistd.h>

using namespace dragoman;
using namespace dragoman::test;

namespace {

// Polls the watch until it says something appeared, up to `seconds`.
bool appearsWithin(DeviceReturnWatch& watch, double seconds) {
    const auto until = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
    while (std::chrono::steady_clock::now() < until) {
        if (watch.appeared())
            return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return false;
}

} // namespace

TEST_CASE("a JACK server that starts is seen as a device that may be back", "[device]") {
    DeviceReturnWatch watch;
    REQUIRE(watch.watching());
    watch.appeared(); // whatever other tests left behind
    const JackServer jack;
    REQUIRE(jack.ready());
    CHECK(appearsWithin(watch, 30.0));
}

TEST_CASE("files that are no device do not wake the retry, a JACK socket or sound card does",
          "[device]") {
    const std::filesystem::path dir =
        std::filesystem::temp_directory_path() / ("dragoman-watch-" + std::to_string(getpid()));
    std::filesystem::create_directories(dir);
    DeviceReturnWatch watch({dir.string(), (dir / "missing").string()});
    REQUIRE(watch.watching());
    std::ofstream(dir / "pulse-shm-1234") << "x";
    std::ofstream(dir / "sem.some-program") << "x";
    CHECK_FALSE(watch.appeared());
    std::ofstream(dir / "jack_default_0_0") << "x";
    CHECK(appearsWithin(watch, 30.0));
    CHECK_FALSE(watch.appeared()); // said once
    std::ofstream(dir / "pcmC1D0p") << "x";
    CHECK(appearsWithin(watch, 30.0));
    std::filesystem::remove_all(dir);

    DeviceReturnWatch nothing({(dir / "gone").string()});
    CHECK_FALSE(nothing.watching());
    CHECK_FALSE(nothing.appeared());
}
