// Real JACK for tests: a jackd with the dummy driver (no sound card), child processes that
// run against it, and a probe client that feeds a sine per source and records its inputs.
#pragma once

#include <array>
#include <atomic>
#include <jack/jack.h>
#include <string>
#include <utility>
#include <vector>

namespace dragoman::test {

// A child process, killed (SIGTERM, then SIGKILL) and reaped when the object goes. Its
// standard input is a pipe kept open meanwhile (some programs, jalv, quit at end of input);
// its output goes to `logFile` if given.
// A whole file (a child's log, a session), or "" if it cannot be read.
std::string fileText(const std::string& path);
// Waits up to `seconds` for `text` to appear in `file` (a child's log).
bool waitForText(const std::string& file, const std::string& text, double seconds);
// Waits up to `seconds` for `port` (another client's) to exist, as `client` sees the server.
bool waitForPort(jack_client_t* client, const std::string& port, double seconds);

class ChildProcess {
public:
    explicit ChildProcess(std::vector<std::string> argv, const std::string& logFile = "");
    ~ChildProcess();
    ChildProcess(const ChildProcess&) = delete;
    ChildProcess& operator=(const ChildProcess&) = delete;
    bool running();
    // Waits up to `seconds` for the process to end; its exit code, or -1 if still running.
    int wait(double seconds);
    void signal(int number);
    int pid() const { return pid_; }

private:
    int pid_ = -1;
    int stdin_ = -1;
    int status_ = -1;
};

// jackd --no-realtime -d dummy with a server name of its own, made the default server for
// this process and its children (JACK_DEFAULT_SERVER).
class JackServer {
public:
    explicit JackServer(int channels = 8, int periodFrames = 256);
    bool ready() const { return ready_; }

private:
    ChildProcess jackd_;
    bool ready_ = false;
};

using NamedTone = std::pair<std::string, double>; // a source's name and its frequency in Hz

// A session's sources as the JACK tests feed them: the floor and the summit's three mics.
inline const std::vector<NamedTone> kFloorAndThreeMics = {
    {"floor", 440.0}, {"mic 1", 620.0}, {"mic 2", 830.0}, {"mic 3", 1070.0}};

// A tone whose name ends so is a broken source: its sine carries a NaN every 100th sample.
inline constexpr const char* kNonFiniteSuffix = " (with NaN)";

// A JACK client with one sine output per tone (amplitude 0.25) and `inputs` recording
// inputs. Connect, then record().
class ToneProbe {
public:
    ToneProbe(const std::string& name, std::vector<NamedTone> tones, int inputs);
    ~ToneProbe();
    bool ok() const { return client_ != nullptr; }
    bool waitForPort(const std::string& port, double seconds) const;
    bool connectSource(std::size_t source, const std::string& port);
    // Source s to `portPrefix` + s ("dragoman:in_" gives dragoman:in_0, dragoman:in_1, ...).
    bool feedAll(const std::string& portPrefix);
    bool connectInput(const std::string& port, std::size_t input);
    // Records `seconds` from every input (after the connections); false if JACK stalled.
    bool record(double seconds);
    const std::vector<float>& recorded(std::size_t input) const { return recorded_[input]; }
    // The probe's tones an input recorded from `fromFrame` on, as tonesPresent() names them.
    std::string heard(std::size_t input, std::size_t fromFrame) const;
    double sampleRate() const;

private:
    static int process(jack_nframes_t frames, void* self);
    jack_client_t* client_ = nullptr;
    std::vector<NamedTone> tones_;
    std::vector<jack_port_t*> sources_, inputs_;
    std::vector<std::vector<float>> recorded_;
    std::atomic<std::size_t> recordedFrames_{0};
    std::atomic<std::size_t> wantFrames_{0};
    std::uint64_t clock_ = 0;
};

} // namespace dragoman::test

namespace dragoman::test {

// A hardware MIDI controller as JACK shows one: a client with an output port "keys" that sends
// what send() queues, and an input port "lights" that records what arrives.
class MidiProbe {
public:
    explicit MidiProbe(const std::string& name);
    ~MidiProbe();
    MidiProbe(const MidiProbe&) = delete;
    MidiProbe& operator=(const MidiProbe&) = delete;
    bool ok() const { return client_ != nullptr; }
    // A three-byte message, sent in the next JACK cycle.
    void send(std::uint8_t status, std::uint8_t data1, std::uint8_t data2);
    // Every three-byte message received so far, packed as 0xSSDDDD.
    std::vector<std::uint32_t> received() const;

private:
    static int process(jack_nframes_t frames, void* self);
    jack_client_t* client_ = nullptr;
    jack_port_t* keys_ = nullptr;
    jack_port_t* lights_ = nullptr;
    std::array<std::atomic<std::uint32_t>, 64> outbox_{};
    std::atomic<std::size_t> outWritten_{0};
    std::size_t outRead_ = 0; // JACK's thread
    std::array<std::atomic<std::uint32_t>, 256> inbox_{};
    std::atomic<std::size_t> inCount_{0};
};

} // namespace dragoman::test
