#include "JackFixture.h"

#include "Goertzel.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <csignal>
#include <cstdlib>
#include <fcntl.h>
#include <fstream>
#include <jack/midiport.h>
#include <limits>
#include <numbers>
#include <pthread.h>
#include <sstream>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

namespace dragoman::test {

using namespace std::chrono_literals;

ChildProcess::ChildProcess(std::vector<std::string> argv, const std::string& logFile) {
    int input[2] = {-1, -1};
    if (pipe(input) != 0)
        return;
    pid_ = fork();
    if (pid_ == 0) {
        dup2(input[0], STDIN_FILENO);
        close(input[1]);
        if (!logFile.empty()) {
            const int log = open(logFile.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
            dup2(log, STDOUT_FILENO);
            dup2(log, STDERR_FILENO);
        }
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

ChildProcess::~ChildProcess() {
    if (stdin_ >= 0)
        close(stdin_);
    if (running()) {
        kill(pid_, SIGTERM);
        if (wait(2.0) < 0) {
            kill(pid_, SIGKILL);
            waitpid(pid_, nullptr, 0);
        }
    }
}

bool ChildProcess::running() {
    if (pid_ <= 0 || status_ >= 0)
        return false;
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == 0)
        return true;
    status_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128;
    return false;
}

void ChildProcess::signal(int number) {
    if (running())
        kill(pid_, number);
}

int ChildProcess::wait(double seconds) {
    for (int i = 0; i < static_cast<int>(seconds * 20) && running(); ++i)
        std::this_thread::sleep_for(50ms);
    return running() ? -1 : status_;
}

namespace {
// Whether this process may schedule a thread SCHED_FIFO (root, or an rtprio limit).
bool realtimeAllowed() {
    bool allowed = false;
    std::thread([&allowed] {
        const sched_param param{1};
        allowed = pthread_setschedparam(pthread_self(), SCHED_FIFO, &param) == 0;
    }).join();
    return allowed;
}
} // namespace

// Real-time where the machine allows it, as JACK runs on a studio PC: a non-real-time server
// on a busy machine stalls for seconds (its clients then count the device as lost), and its
// dummy driver loses the time it was late by, so its clock runs slow.
JackServer::JackServer(int channels, int periodFrames)
    : jackd_([channels, periodFrames] {
          const std::string name = "dragoman-test-" + std::to_string(getpid());
          setenv("JACK_NO_AUDIO_RESERVATION", "1", 1);
          setenv("JACK_DEFAULT_SERVER", name.c_str(), 1);
          std::vector<std::string> argv{"jackd"};
          if (realtimeAllowed())
              argv.insert(argv.end(), {"--realtime", "--realtime-priority", "10"});
          else
              argv.emplace_back("--no-realtime");
          argv.insert(argv.end(),
                      {"-n", name, "-d", "dummy", "-r", "48000", "-p", std::to_string(periodFrames),
                       "-C", std::to_string(channels), "-P", std::to_string(channels)});
          return argv;
      }()) {
    for (int i = 0; i < 100 && !ready_; ++i) {
        std::this_thread::sleep_for(100ms);
        jack_status_t status{};
        if (jack_client_t* c = jack_client_open("dragoman-ping", JackNoStartServer, &status)) {
            jack_client_close(c);
            ready_ = true;
        }
    }
}

ToneProbe::ToneProbe(const std::string& name, std::vector<NamedTone> tones, int inputs)
    : tones_(std::move(tones)) {
    jack_status_t status{};
    client_ = jack_client_open(name.c_str(), JackNoStartServer, &status);
    if (client_ == nullptr)
        return;
    for (std::size_t s = 0; s < tones_.size(); ++s)
        sources_.push_back(jack_port_register(client_, ("source" + std::to_string(s + 1)).c_str(),
                                              JACK_DEFAULT_AUDIO_TYPE, JackPortIsOutput, 0));
    for (int i = 0; i < inputs; ++i)
        inputs_.push_back(jack_port_register(client_, ("in" + std::to_string(i + 1)).c_str(),
                                             JACK_DEFAULT_AUDIO_TYPE, JackPortIsInput, 0));
    recorded_.resize(static_cast<std::size_t>(inputs));
    jack_set_process_callback(client_, process, this);
    if (jack_activate(client_) != 0) {
        jack_client_close(client_);
        client_ = nullptr;
    }
}

ToneProbe::~ToneProbe() {
    if (client_ != nullptr) {
        jack_deactivate(client_);
        jack_client_close(client_);
    }
}

std::string ToneProbe::heard(std::size_t input, std::size_t fromFrame) const {
    return tonesPresent(recorded_[input], fromFrame, recorded_[input].size(), tones_, sampleRate());
}

double ToneProbe::sampleRate() const {
    return client_ ? jack_get_sample_rate(client_) : 0.0;
}

bool waitForPort(jack_client_t* client, const std::string& port, double seconds) {
    const auto until = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
    while (jack_port_by_name(client, port.c_str()) == nullptr) {
        if (std::chrono::steady_clock::now() >= until)
            return false;
        std::this_thread::sleep_for(20ms);
    }
    return true;
}

bool ToneProbe::waitForPort(const std::string& port, double seconds) const {
    return test::waitForPort(client_, port, seconds);
}

bool ToneProbe::connectSource(std::size_t source, const std::string& port) {
    return jack_connect(client_, jack_port_name(sources_[source]), port.c_str()) == 0;
}

bool ToneProbe::feedAll(const std::string& portPrefix) {
    for (std::size_t s = 0; s < sources_.size(); ++s)
        if (!connectSource(s, portPrefix + std::to_string(s)))
            return false;
    return true;
}

bool ToneProbe::connectInput(const std::string& port, std::size_t input) {
    return jack_connect(client_, port.c_str(), jack_port_name(inputs_[input])) == 0;
}

bool ToneProbe::record(double seconds) {
    wantFrames_.store(0);
    std::this_thread::sleep_for(50ms); // several periods: the callback no longer writes
    recordedFrames_.store(0);
    const auto frames = static_cast<std::size_t>(seconds * sampleRate());
    for (auto& r : recorded_)
        r.assign(frames, 0.0f);
    wantFrames_.store(frames); // the process callback starts filling from here
    // A busy machine's JACK clock may run well behind the wall clock: twice the time, and ten
    // seconds more.
    const auto deadline =
        std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds * 2.0 + 10.0);
    while (recordedFrames_.load() < frames && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(25ms);
    return recordedFrames_.load() == frames;
}

int ToneProbe::process(jack_nframes_t n, void* self) {
    auto& probe = *static_cast<ToneProbe*>(self);
    const double rate = jack_get_sample_rate(probe.client_);
    for (std::size_t s = 0; s < probe.sources_.size(); ++s) {
        auto* out = static_cast<float*>(jack_port_get_buffer(probe.sources_[s], n));
        for (jack_nframes_t i = 0; i < n; ++i)
            out[i] =
                static_cast<float>(0.25 * std::sin(2.0 * std::numbers::pi * probe.tones_[s].second *
                                                   static_cast<double>(probe.clock_ + i) / rate));
        if (probe.tones_[s].first.ends_with(kNonFiniteSuffix)) // a broken source
            for (jack_nframes_t i = 0; i < n; ++i)
                if ((probe.clock_ + i) % 100 == 0)
                    out[i] = std::numeric_limits<float>::quiet_NaN();
    }
    probe.clock_ += n;
    const std::size_t at = probe.recordedFrames_.load();
    const std::size_t want = probe.wantFrames_.load();
    const std::size_t take = std::min<std::size_t>(n, want - std::min(at, want));
    for (std::size_t i = 0; i < probe.inputs_.size() && take > 0; ++i) {
        const auto* in = static_cast<const float*>(jack_port_get_buffer(probe.inputs_[i], n));
        std::copy(in, in + take, probe.recorded_[i].begin() + static_cast<long>(at));
    }
    probe.recordedFrames_.store(at + take);
    return 0;
}

std::string fileText(const std::string& path) {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

bool waitForText(const std::string& file, const std::string& text, double seconds) {
    const auto until = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
    while (fileText(file).find(text) == std::string::npos)
        if (std::chrono::steady_clock::now() > until)
            return false;
        else
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
    return true;
}

} // namespace dragoman::test

namespace dragoman::test {

MidiProbe::MidiProbe(const std::string& name) {
    jack_status_t status{};
    client_ = jack_client_open(name.c_str(), JackNoStartServer, &status);
    if (client_ == nullptr)
        return;
    keys_ = jack_port_register(client_, "keys", JACK_DEFAULT_MIDI_TYPE, JackPortIsOutput, 0);
    lights_ = jack_port_register(client_, "lights", JACK_DEFAULT_MIDI_TYPE, JackPortIsInput, 0);
    jack_set_process_callback(client_, &MidiProbe::process, this);
    jack_activate(client_);
}

MidiProbe::~MidiProbe() {
    if (client_ != nullptr) {
        jack_deactivate(client_);
        jack_client_close(client_);
    }
}

void MidiProbe::send(std::uint8_t status, std::uint8_t data1, std::uint8_t data2) {
    const std::size_t at = outWritten_.load();
    outbox_[at % outbox_.size()] =
        (std::uint32_t{status} << 16) | (std::uint32_t{data1} << 8) | std::uint32_t{data2};
    outWritten_.store(at + 1);
}

std::vector<std::uint32_t> MidiProbe::received() const {
    std::vector<std::uint32_t> messages;
    const std::size_t count = std::min(inCount_.load(), inbox_.size());
    for (std::size_t i = 0; i < count; ++i)
        messages.push_back(inbox_[i].load());
    return messages;
}

int MidiProbe::process(jack_nframes_t frames, void* self) {
    auto& probe = *static_cast<MidiProbe*>(self);
    void* out = jack_port_get_buffer(probe.keys_, frames);
    jack_midi_clear_buffer(out);
    const std::size_t written = probe.outWritten_.load();
    for (; probe.outRead_ < written; ++probe.outRead_) {
        const std::uint32_t m = probe.outbox_[probe.outRead_ % probe.outbox_.size()].load();
        const jack_midi_data_t bytes[3] = {static_cast<jack_midi_data_t>(m >> 16),
                                           static_cast<jack_midi_data_t>(m >> 8),
                                           static_cast<jack_midi_data_t>(m)};
        jack_midi_event_write(out, 0, bytes, 3);
    }
    void* in = jack_port_get_buffer(probe.lights_, frames);
    const jack_nframes_t events = jack_midi_get_event_count(in);
    for (jack_nframes_t e = 0; e < events; ++e) {
        jack_midi_event_t event{};
        if (jack_midi_event_get(&event, in, e) != 0 || event.size != 3)
            continue;
        const std::size_t at = probe.inCount_.load();
        if (at < probe.inbox_.size()) {
            probe.inbox_[at] = (std::uint32_t{event.buffer[0]} << 16) |
                               (std::uint32_t{event.buffer[1]} << 8) | event.buffer[2];
            probe.inCount_.store(at + 1);
        }
    }
    return 0;
}

} // namespace dragoman::test
