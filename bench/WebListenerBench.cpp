// Web listeners measured, two ways (`latency` and `listeners`), on a summit whose English
// channel goes to Janus and to Icecast.
//
// latency: how late a web listener hears the interpreter: tone bursts into a mic on the air, their
// onsets taken where they leave Dragoman (the channel's device output, on JACK) and where they
// arrive in the browser's audio graph, over WebRTC through Janus (web/live.html) and, in the
// same run, over the Icecast stream (Ogg Opus in an <audio> element). Real things throughout:
// jackd's dummy driver, dragoman run, Janus, Icecast, headless Chromium. Clocks: both ends
// stamp onsets with the machine's wall clock (the JACK client at its period's start plus the
// frame offset; the page with performance.timeOrigin + now(), polling a short analyser every
// 5 ms), so a figure is good to about a period and a poll (10 ms). Must run in a private
// network namespace: bench/web-listeners.sh starts it under `unshare -n`.
//
// listeners: how many WebRTC listeners of one channel one Janus serves here, and its CPU for
// them: ever more listeners in one headless Chromium (bench/load-janus-listeners.py), Janus's
// CPU measured from /proc while they all receive.
//
// usage: dragoman_web_bench latency [SECONDS] | listeners COUNT...   (prints a JSON report)
#include "support/CommandOutput.h"
#include "support/IcecastFixture.h"
#include "support/JackFixture.h"
#include "support/JanusFixture.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <fstream>
#include <iostream>
#include <jack/jack.h>
#include <nlohmann/json.hpp>
#include <numbers>
#include <thread>
#include <unistd.h>
#include <vector>

using namespace dragoman::test;
using json = nlohmann::json;

namespace {

double wallMs() {
    return std::chrono::duration<double, std::milli>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

// A JACK client that plays 620 Hz bursts (150 ms, irregularly spaced) into a mic and stamps the
// onsets of what comes back on a channel output.
class BurstProbe {
public:
    BurstProbe() {
        jack_status_t status{};
        client_ = jack_client_open("dragoman-bursts", JackNoStartServer, &status);
        if (client_ == nullptr)
            return;
        out_ = jack_port_register(client_, "burst", JACK_DEFAULT_AUDIO_TYPE, JackPortIsOutput, 0);
        in_ = jack_port_register(client_, "channel", JACK_DEFAULT_AUDIO_TYPE, JackPortIsInput, 0);
        onsets_.resize(4096);
        jack_set_process_callback(client_, process, this);
        if (jack_activate(client_) != 0) {
            jack_client_close(client_);
            client_ = nullptr;
        }
    }
    ~BurstProbe() {
        if (client_ != nullptr) {
            jack_deactivate(client_);
            jack_client_close(client_);
        }
    }
    // Waits up to 10 s for Dragoman's ports.
    bool connect(const std::string& mic, const std::string& channel) {
        for (int i = 0; i < 100 && client_ != nullptr; ++i) {
            if (jack_port_by_name(client_, mic.c_str()) != nullptr &&
                jack_port_by_name(client_, channel.c_str()) != nullptr)
                return jack_connect(client_, jack_port_name(out_), mic.c_str()) == 0 &&
                       jack_connect(client_, channel.c_str(), jack_port_name(in_)) == 0;
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
        return false;
    }
    std::vector<double> onsets() const {
        return {onsets_.begin(), onsets_.begin() + static_cast<long>(count_.load())};
    }

private:
    static int process(jack_nframes_t n, void* self) {
        auto& p = *static_cast<BurstProbe*>(self);
        const double start = wallMs(); // this period's start, as near as a callback knows
        const double rate = jack_get_sample_rate(p.client_);
        auto* out = static_cast<float*>(jack_port_get_buffer(p.out_, n));
        const auto* in = static_cast<const float*>(jack_port_get_buffer(p.in_, n));
        for (jack_nframes_t i = 0; i < n; ++i) {
            const std::uint64_t frame = p.clock_ + i;
            if (frame >= p.nextBurst_) {
                p.burstEnd_ = frame + static_cast<std::uint64_t>(0.15 * rate);
                p.nextBurst_ = frame + static_cast<std::uint64_t>(p.nextInterval() * rate);
            }
            const double t = static_cast<double>(frame) / rate;
            out[i] = frame < p.burstEnd_
                         ? static_cast<float>(0.25 * std::sin(2.0 * std::numbers::pi * 620.0 * t))
                         : 0.0f;
            // An onset: loud after at least 0.3 s of quiet.
            if (std::fabs(in[i]) > 0.05f) {
                if (static_cast<double>(p.quietFrames_) > 0.3 * rate && p.count_ < p.onsets_.size())
                    p.onsets_[p.count_++] = start + 1000.0 * i / rate;
                p.quietFrames_ = 0;
            } else {
                ++p.quietFrames_;
            }
        }
        p.clock_ += n;
        return 0;
    }
    // 0.7 to 1.9 s between bursts, never a regular beat: a stream seconds late cannot be
    // matched to the wrong burst (a fixed LCG: the same pattern every run).
    double nextInterval() {
        lcg_ = lcg_ * 6364136223846793005ULL + 1442695040888963407ULL;
        return 0.7 + 1.2 * static_cast<double>(lcg_ >> 40) / static_cast<double>(1ULL << 24);
    }
    std::uint64_t lcg_ = 20261202;
    std::uint64_t nextBurst_ = 0, burstEnd_ = 0;
    jack_client_t* client_ = nullptr;
    jack_port_t* out_ = nullptr;
    jack_port_t* in_ = nullptr;
    std::uint64_t clock_ = 0;
    std::uint64_t quietFrames_ = 0;
    std::vector<double> onsets_;
    std::atomic<std::size_t> count_{0};
};

// Each page onset's delay behind the channel onset it is: the delay most page onsets share
// (the peak of every page-minus-channel difference up to 20 s, in 10 ms bins), then each
// onset's own difference nearest it.
std::vector<double> delays(const std::vector<double>& channel, const json& page) {
    std::vector<int> bins(2000, 0);
    for (const auto& arrival : page)
        for (const double sent : channel) {
            const double d = arrival.get<double>() - sent;
            if (d >= 0.0 && d < 20000.0)
                ++bins[static_cast<std::size_t>(d / 10.0)];
        }
    const auto peak = std::max_element(bins.begin(), bins.end()) - bins.begin();
    const double typical = 10.0 * static_cast<double>(peak) + 5.0;
    std::vector<double> out;
    for (const auto& arrival : page) {
        double best = -1.0;
        for (const double sent : channel) {
            const double d = arrival.get<double>() - sent;
            if (std::fabs(d - typical) < 100.0 &&
                (best < 0.0 || std::fabs(d - typical) < std::fabs(best - typical)))
                best = d;
        }
        if (best >= 0.0)
            out.push_back(best);
    }
    return out;
}

json summary(std::vector<double> values) {
    if (values.empty())
        return {{"count", 0}};
    std::sort(values.begin(), values.end());
    auto at = [&](double q) {
        return values[std::min(values.size() - 1,
                               static_cast<std::size_t>(q * static_cast<double>(values.size())))];
    };
    return {{"count", values.size()},
            {"median_ms", at(0.5)},
            {"p95_ms", at(0.95)},
            {"min_ms", values.front()},
            {"max_ms", values.back()}};
}

} // namespace

int main(int argc, char** argv) {
    const std::string mode = argc > 1 ? argv[1] : "latency";
    if (mode != "latency" && mode != "listeners") {
        std::cerr << "usage: dragoman_web_bench latency [SECONDS] | listeners COUNT...\n";
        return 2;
    }
    if (!preparePrivateNetwork()) {
        std::cerr << "dragoman_web_bench: run it in a private network namespace "
                     "(bench/web-listeners.sh does)\n";
        return 2;
    }
    const JackServer jack;
    JanusServer janus(freePort());
    IcecastServer icecast(freePort());
    if (!jack.ready() || !janus.ready() || !icecast.ready()) {
        std::cerr << "dragoman_web_bench: JACK, Janus or Icecast did not start\n";
        return 2;
    }
    const std::string base = "/tmp/dragoman-web-latency-" + std::to_string(getpid());
    json session = json::parse(fileText(DRAGOMAN_SOURCE_DIR "/docs/examples/summit.json"));
    session["webListeners"] = {{"janus", janus.api()},
                               {"adminKey", JanusServer::kAdminKey},
                               {"secret", "web-latency-bench"},
                               {"firstPort", 23000},
                               {"signals", {"en"}}};
    session["streams"] = {{"port", icecast.port()},
                          {"password", IcecastServer::kPassword},
                          {"mounts", {{"en", "/en.opus"}}}};
    std::ofstream(base + ".json") << session.dump(2);
    const std::string oscPort = std::to_string(20000 + (getpid() + 57) % 20000);
    ChildProcess dragoman(
        {DRAGOMAN_BINARY, "run", base + ".json", "--device", "system", "--osc-port", oscPort},
        base + ".log");
    BurstProbe probe;
    if (!probe.connect("dragoman:in_1", "dragoman:out_1") ||
        !waitForText(base + ".log", "signal=en mountpoint=", 20.0) ||
        !waitForText(base + ".log", "streaming  signal=en", 20.0)) {
        std::cerr << "dragoman_web_bench: the session did not start:\n" << fileText(base + ".log");
        return 2;
    }
    ChildProcess press(
        {"oscsend", "localhost", oscPort, "/dragoman/console/ko-en-1/mic", "i", "1"});
    press.wait(5.0);
    const LivePageSite site;
    if (mode == "listeners") {
        std::string counts;
        for (int i = 2; i < argc; ++i)
            counts += " " + std::to_string(std::atoi(argv[i]));
        const std::string load = commandOutput(
            "python3 " DRAGOMAN_SOURCE_DIR "/bench/load-janus-listeners.py '" +
            site.url(janus.api()) + "' " + std::to_string(janus.pid()) + " 7700" + counts);
        std::cout << load;
        return load.empty() ? 2 : 0;
    }
    const int seconds = argc > 2 ? std::atoi(argv[2]) : 30;
    const std::string report = commandOutput(
        "python3 " DRAGOMAN_SOURCE_DIR "/bench/measure-web-latency.py '" + site.url(janus.api()) +
        "' 'http://127.0.0.1:" + std::to_string(icecast.port()) + "/en.opus' " +
        std::to_string(seconds));
    const json page = json::parse(report, nullptr, false);
    if (!page.is_object()) {
        std::cerr << "dragoman_web_bench: the page driver said: " << report << "\n";
        return 2;
    }
    const std::vector<double> channel = probe.onsets();
    const json result = {{"seconds", seconds},
                         {"bursts_at_channel_output", channel.size()},
                         {"webrtc", summary(delays(channel, page["webrtc"]))},
                         {"icecast", summary(delays(channel, page["icecast"]))}};
    std::cout << result.dump(2) << "\n";
    std::remove((base + ".json").c_str());
    std::remove((base + ".log").c_str());
    return 0;
}
