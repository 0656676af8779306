// The LV2 bundle as an audio engineer runs it outside a DAW: Debian's jalv hosts it as a JACK
// client on a real jackd (dummy driver, no sound card); this test is a second JACK client
// that feeds a tone per source into the plugin's ports and detects them on its outputs.
// With no key pressed, every language channel and every headphone feed carries the floor,
// and no mic reaches anything.
#include "../support/Goertzel.h"

#include <array>
#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <jack/jack.h>
#include <numbers>
#include <string>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <vector>

namespace {

using namespace std::chrono_literals;

// A child process, killed and reaped when the object goes. Its standard input is a pipe kept
// open meanwhile (jalv quits at the end of its input).
class Child {
public:
    explicit Child(std::vector<std::string> argv) {
        int input[2] = {-1, -1};
        if (pipe(input) != 0)
            return;
        pid_ = fork();
        if (pid_ == 0) {
            dup2(input[0], STDIN_FILENO);
            close(input[1]);
            std::vector<char*> args;
            for (std::string& a : argv)
                args.push_back(a.data());
            args.push_back(nullptr);
            execvp(args[0], args.data());
            _exit(127);
        }
        close(input[0]);
        stdin_ = input[1];
    }
    ~Child() {
        if (stdin_ >= 0)
            close(stdin_);
        if (pid_ > 0) {
            kill(pid_, SIGTERM);
            for (int i = 0; i < 40 && waitpid(pid_, nullptr, WNOHANG) == 0; ++i)
                std::this_thread::sleep_for(50ms);
            kill(pid_, SIGKILL);
            waitpid(pid_, nullptr, 0);
        }
    }
    Child(const Child&) = delete;
    Child& operator=(const Child&) = delete;
    bool running() const { return pid_ > 0 && waitpid(pid_, nullptr, WNOHANG) == 0; }

private:
    pid_t pid_ = -1;
    int stdin_ = -1;
};

constexpr double kRate = 48000.0;
constexpr std::array<double, 4> kTones = {440.0, 620.0, 830.0, 1070.0}; // floor, 3 mics
constexpr std::size_t kRecordFrames = 96000;

struct Probe {
    jack_client_t* client = nullptr;
    std::array<jack_port_t*, 4> sources{};
    std::array<jack_port_t*, 6> sinks{};
    std::array<std::vector<float>, 6> recorded;
    std::atomic<std::size_t> frames{0};
    std::uint64_t clock = 0;
};

int process(jack_nframes_t n, void* arg) {
    auto& probe = *static_cast<Probe*>(arg);
    for (std::size_t s = 0; s < probe.sources.size(); ++s) {
        auto* out = static_cast<float*>(jack_port_get_buffer(probe.sources[s], n));
        for (jack_nframes_t i = 0; i < n; ++i)
            out[i] =
                static_cast<float>(0.25 * std::sin(2.0 * std::numbers::pi * kTones[s] *
                                                   static_cast<double>(probe.clock + i) / kRate));
    }
    probe.clock += n;
    const std::size_t at = probe.frames.load();
    const std::size_t take = std::min<std::size_t>(n, kRecordFrames - at);
    for (std::size_t s = 0; s < probe.sinks.size(); ++s) {
        const auto* in = static_cast<const float*>(jack_port_get_buffer(probe.sinks[s], n));
        std::copy(in, in + take, probe.recorded[s].begin() + static_cast<long>(at));
    }
    probe.frames.store(at + take);
    return 0;
}

} // namespace

TEST_CASE("jalv runs the LV2 bundle as a JACK client and its outputs carry the routed signal") {
    const std::string server = "dragoman-test-" + std::to_string(getpid());
    setenv("JACK_NO_AUDIO_RESERVATION", "1", 1);
    setenv("JACK_DEFAULT_SERVER", server.c_str(), 1);
    setenv("LV2_PATH", DRAGOMAN_LV2_DIR, 1);
    Child jackd(
        {"jackd", "--no-realtime", "-n", server, "-d", "dummy", "-r", "48000", "-p", "256"});
    jack_client_t* client = nullptr;
    for (int i = 0; i < 100 && client == nullptr; ++i) {
        std::this_thread::sleep_for(100ms);
        jack_status_t status{};
        client = jack_client_open("dragoman-probe", JackNoStartServer, &status);
    }
    REQUIRE(client != nullptr);
    Child jalv({"jalv", "-n", "dragoman-lv2", DRAGOMAN_LV2_URI});

    Probe probe;
    probe.client = client;
    for (auto& r : probe.recorded)
        r.assign(kRecordFrames, 0.0f);
    const char* sourceNames[] = {"floor", "mic1", "mic2", "mic3"};
    for (std::size_t s = 0; s < 4; ++s)
        probe.sources[s] = jack_port_register(client, sourceNames[s], JACK_DEFAULT_AUDIO_TYPE,
                                              JackPortIsOutput, 0);
    for (std::size_t s = 0; s < 6; ++s)
        probe.sinks[s] = jack_port_register(client, ("in" + std::to_string(s + 1)).c_str(),
                                            JACK_DEFAULT_AUDIO_TYPE, JackPortIsInput, 0);
    // Wait for jalv's ports: the plugin's audio ports by LV2 symbol.
    bool ready = false;
    for (int i = 0; i < 150 && !ready; ++i) {
        std::this_thread::sleep_for(100ms);
        ready = jack_port_by_name(client, "dragoman-lv2:audio_out_6") != nullptr;
    }
    REQUIRE(jalv.running());
    REQUIRE(ready);
    jack_set_process_callback(client, process, &probe);
    REQUIRE(jack_activate(client) == 0);
    for (std::size_t s = 0; s < 4; ++s)
        REQUIRE(jack_connect(client, jack_port_name(probe.sources[s]),
                             ("dragoman-lv2:audio_in_" + std::to_string(s + 1)).c_str()) == 0);
    for (std::size_t s = 0; s < 6; ++s)
        REQUIRE(jack_connect(client, ("dragoman-lv2:audio_out_" + std::to_string(s + 1)).c_str(),
                             jack_port_name(probe.sinks[s])) == 0);
    // Discard what was recorded before the connections, then record two seconds.
    probe.frames.store(0);
    for (int i = 0; i < 200 && probe.frames.load() < kRecordFrames; ++i)
        std::this_thread::sleep_for(50ms);
    jack_deactivate(client);
    jack_client_close(client);
    REQUIRE(probe.frames.load() == kRecordFrames);

    // Outputs: channel ko, en, ja, then phones ko-en-1, ko-en-2, ja-1. Skip the first half
    // second (connections settle, auto-floor fades in after a connection gap).
    for (std::size_t s = 0; s < 6; ++s) {
        INFO("output " << s + 1);
        const auto& signal = probe.recorded[s];
        CHECK(dragoman::test::toneAmplitude(signal, 48000, kRecordFrames, kTones[0], kRate) > 0.1);
        for (std::size_t mic = 1; mic < 4; ++mic)
            CHECK(dragoman::test::toneAmplitude(signal, 48000, kRecordFrames, kTones[mic], kRate) <
                  0.0025);
    }
}
