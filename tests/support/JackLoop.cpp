// See JackLoop.h.
#include "JackLoop.h"

#include "JackFixture.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <thread>

namespace dragoman::test {

ImpulseProbe::ImpulseProbe(const std::string& name) {
    client_ = jack_client_open(name.c_str(), JackNoStartServer, nullptr);
    if (client_ == nullptr)
        return;
    out_ = jack_port_register(client_, "out", JACK_DEFAULT_AUDIO_TYPE, JackPortIsOutput, 0);
    in_ = jack_port_register(client_, "in", JACK_DEFAULT_AUDIO_TYPE, JackPortIsInput, 0);
    jack_set_process_callback(client_, process, this);
    if (jack_activate(client_) != 0) {
        jack_client_close(client_);
        client_ = nullptr;
    }
}

ImpulseProbe::~ImpulseProbe() {
    if (client_ != nullptr)
        jack_client_close(client_);
}

int ImpulseProbe::process(jack_nframes_t frames, void* self) {
    auto& probe = *static_cast<ImpulseProbe*>(self);
    auto* out = static_cast<float*>(jack_port_get_buffer(probe.out_, frames));
    const auto* in = static_cast<const float*>(jack_port_get_buffer(probe.in_, frames));
    const std::uint64_t start = jack_last_frame_time(probe.client_);
    if (probe.restart_.exchange(false)) {
        probe.nextImpulse_ = start + kImpulseEvery;
        probe.sentAt_ = 0;
    }
    for (jack_nframes_t i = 0; i < frames; ++i) {
        const std::uint64_t frame = start + i;
        if (probe.sentAt_ != 0 && std::fabs(in[i]) > kImpulse / 2) {
            const std::size_t n = probe.found_.load(std::memory_order_relaxed);
            if (n < probe.delays_.size()) {
                probe.delays_[n] = static_cast<long>(frame - probe.sentAt_);
                probe.found_.store(n + 1, std::memory_order_release);
            }
            probe.sentAt_ = 0;
        }
        out[i] = 0.0f;
        if (frame >= probe.nextImpulse_) { // >=: after an xrun JACK's clock jumps
            out[i] = kImpulse;
            probe.sentAt_ = frame;
            probe.nextImpulse_ = frame + kImpulseEvery;
        }
    }
    return 0;
}

bool ImpulseProbe::waitForPort(const std::string& port, double seconds) const {
    return test::waitForPort(client_, port, seconds);
}

std::vector<long> ImpulseProbe::loopDelays(const std::string& to, const std::string& from,
                                           std::size_t impulses) {
    const std::string name = jack_get_client_name(client_);
    const std::string out = name + ":out", in = name + ":in";
    if (jack_connect(client_, out.c_str(), to.c_str()) != 0 ||
        jack_connect(client_, from.c_str(), in.c_str()) != 0)
        return {};
    found_.store(0);
    restart_.store(true);
    const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (found_.load(std::memory_order_acquire) < impulses &&
           std::chrono::steady_clock::now() < until)
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    jack_disconnect(client_, out.c_str(), to.c_str());
    jack_disconnect(client_, from.c_str(), in.c_str());
    const std::size_t n = std::min(found_.load(std::memory_order_acquire), delays_.size());
    if (n < impulses)
        return {};
    return std::vector<long>(delays_.begin(), delays_.begin() + static_cast<long>(n));
}

long medianOf(std::vector<long> delays) {
    if (delays.empty())
        return -1;
    std::nth_element(delays.begin(), delays.begin() + static_cast<long>(delays.size() / 2),
                     delays.end());
    return delays[delays.size() / 2];
}

PassThrough::PassThrough() {
    client_ = jack_client_open("passthrough", JackNoStartServer, nullptr);
    if (client_ == nullptr)
        return;
    in_ = jack_port_register(client_, "in", JACK_DEFAULT_AUDIO_TYPE, JackPortIsInput, 0);
    out_ = jack_port_register(client_, "out", JACK_DEFAULT_AUDIO_TYPE, JackPortIsOutput, 0);
    jack_set_process_callback(client_, process, this);
    jack_activate(client_);
}

PassThrough::~PassThrough() {
    if (client_ != nullptr)
        jack_client_close(client_);
}

int PassThrough::process(jack_nframes_t frames, void* self) {
    auto& pass = *static_cast<PassThrough*>(self);
    const auto* in = static_cast<const float*>(jack_port_get_buffer(pass.in_, frames));
    auto* out = static_cast<float*>(jack_port_get_buffer(pass.out_, frames));
    std::copy(in, in + frames, out);
    return 0;
}

} // namespace dragoman::test
