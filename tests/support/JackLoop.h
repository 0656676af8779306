// A JACK loop's delay to the sample: a probe client that sends single-sample impulses and
// finds each where it comes back, and a pass-through client that closes a loop the way JACK
// itself would (the reference a program in the loop is measured against). Both count on
// JACK's own frame clock. Used by the device tests and bench/LocalRoundTrip.cpp.
#pragma once

#include <atomic>
#include <cstdint>
#include <jack/jack.h>
#include <string>
#include <vector>

namespace dragoman::test {

class ImpulseProbe {
public:
    static constexpr std::uint64_t kImpulseEvery = 12000; // frames: a quarter second at 48 kHz
    static constexpr float kImpulse = 0.5f;

    explicit ImpulseProbe(const std::string& name);
    ~ImpulseProbe();
    ImpulseProbe(const ImpulseProbe&) = delete;
    ImpulseProbe& operator=(const ImpulseProbe&) = delete;
    bool ok() const { return client_ != nullptr; }
    jack_client_t* client() const { return client_; }
    // Waits up to `seconds` for `port` (another client's) to exist.
    bool waitForPort(const std::string& port, double seconds) const;
    // The delays in frames of `impulses` impulses sent from the probe's "out" to `to`, and
    // back from `from` to its "in" (the loop connected for the measurement, then undone);
    // empty if they did not all come back within a minute.
    std::vector<long> loopDelays(const std::string& to, const std::string& from,
                                 std::size_t impulses);

private:
    static int process(jack_nframes_t frames, void* self);
    jack_client_t* client_ = nullptr;
    jack_port_t* out_ = nullptr;
    jack_port_t* in_ = nullptr;
    std::atomic<bool> restart_{false};
    std::uint64_t nextImpulse_ = 0, sentAt_ = 0; // JACK's thread
    std::vector<long> delays_ = std::vector<long>(4096);
    std::atomic<std::size_t> found_{0};
};

// The median of `delays` (-1 if none): an xrun between an impulse and its return (JACK's
// clock skips a cycle on a loaded machine) puts that one impulse off by the cycle skipped.
long medianOf(std::vector<long> delays);

// A client "passthrough" that copies its port "in" to its port "out".
class PassThrough {
public:
    PassThrough();
    ~PassThrough();
    PassThrough(const PassThrough&) = delete;
    PassThrough& operator=(const PassThrough&) = delete;

private:
    static int process(jack_nframes_t frames, void* self);
    jack_client_t* client_ = nullptr;
    jack_port_t* in_ = nullptr;
    jack_port_t* out_ = nullptr;
};

} // namespace dragoman::test
