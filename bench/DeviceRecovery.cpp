// How soon `dragoman run` plays again after its JACK server comes back, measured from outside:
//   dragoman_recovery_bench [--restarts N]
// A dummy jackd, `dragoman run` on the summit with `--device system`; then N times: the server
// stopped (SIGTERM), away for a second, started again. From the moment a client can open the
// new server to the moment dragoman's device ports are there again (its stream runs), polled
// every 2 ms by a client of the bench. Prints one line for bench/report.py:
//   recovery restarts=N median_s=... worst_s=... best_s=...
#include "support/JackFixture.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <jack/jack.h>
#include <optional>
#include <string>
#include <thread>
#include <unistd.h>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;
using namespace dragoman::test;

// Whether the running server has dragoman's last output port, seen by a short-lived client.
bool dragomanPlays() {
    jack_client_t* client = jack_client_open("recovery-bench", JackNoStartServer, nullptr);
    if (client == nullptr)
        return false;
    const bool found = jack_port_by_name(client, "dragoman:out_5") != nullptr;
    jack_client_close(client);
    return found;
}

bool waitUntilPlays(double seconds) {
    const auto until = Clock::now() + std::chrono::duration<double>(seconds);
    while (Clock::now() < until) {
        if (dragomanPlays())
            return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    return false;
}

} // namespace

int main(int argc, char** argv) {
    int restarts = 5;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--restarts" && i + 1 < argc) {
            restarts = std::stoi(argv[++i]);
        } else {
            std::fprintf(stderr, "usage: %s [--restarts N]\n", argv[0]);
            return 2;
        }
    }
    std::optional<JackServer> jack(std::in_place);
    if (!jack->ready()) {
        std::fprintf(stderr, "recovery bench: jackd did not start\n");
        return 1;
    }
    const std::string log = "/tmp/dragoman-recovery-" + std::to_string(getpid()) + ".log";
    ChildProcess dragoman({DRAGOMAN_BINARY, "run", DRAGOMAN_SOURCE_DIR "/docs/examples/summit.json",
                           "--device", "system", "--osc-port", "0"},
                          log);
    if (!waitUntilPlays(30.0)) {
        std::fprintf(stderr, "recovery bench: dragoman run never played\n%s",
                     fileText(log).c_str());
        return 1;
    }
    std::vector<double> back;
    for (int i = 0; i < restarts; ++i) {
        jack.reset();
        std::this_thread::sleep_for(std::chrono::seconds(1)); // the server away a moment
        jack.emplace();
        const auto up = Clock::now();
        if (!jack->ready() || !waitUntilPlays(30.0)) {
            std::fprintf(stderr, "recovery bench: not back within 30 s\n%s", fileText(log).c_str());
            return 1;
        }
        back.push_back(std::chrono::duration<double>(Clock::now() - up).count());
        std::fprintf(stderr, "restart %d: back %.2f s after the server is up\n", i + 1,
                     back.back());
    }
    std::remove(log.c_str());
    std::sort(back.begin(), back.end());
    std::printf("recovery restarts=%d median_s=%.2f worst_s=%.2f best_s=%.2f\n", restarts,
                back[back.size() / 2], back.back(), back.front());
    return 0;
}
