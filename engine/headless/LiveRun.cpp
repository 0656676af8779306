// See LiveRun.h.
#include "LiveRun.h"

#include "Engine.h"
#include "control/SessionStatus.h"
#include "dsp/Decibels.h"
#include "headless/DeviceHostProcess.h"
#include "io/DeviceBridge.h"
#include "io/PortAudioDevices.h"
#include "remote/MidiKeys.h"
#include "remote/OscRemote.h"
#include "session/SessionJson.h"

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <optional>
#include <string>
#include <thread>
#include <unistd.h>

namespace dragoman {
namespace {

// One line for an engineer at the terminal, redrawn in place: floor level, who is on air on
// which channel, xruns.
void printStatusLine(float floorPeak, const SessionStatus& status, std::uint64_t xruns) {
    std::string onAir;
    for (const auto& [id, console] : status.consoles())
        if (console.state.micOn)
            onAir += " " + id + (console.state.coughing ? "(cough)" : "") + ">" + console.outgoing;
    std::printf("\r\033[Kfloor %6.1f dBFS | on air:%s | xruns %llu",
                static_cast<double>(gainToDb(floorPeak)), onAir.empty() ? " -" : onAir.c_str(),
                static_cast<unsigned long long>(xruns));
    std::fflush(stdout);
}

volatile std::sig_atomic_t gStop = 0;
volatile std::sig_atomic_t gReload = 0;
void requestStop(int) {
    gStop = 1;
}
void requestReload(int) {
    gReload = 1;
}

// SIGHUP: re-read the session file; a valid one goes live (click-free, keys kept), a bad one
// is reported and the running session stays.
// Also what OSC's /dragoman/session/load does. Returns the problems of a refused file.
Problems reload(Engine& engine, const std::string& file, const char* how) {
    const SessionLoad load = loadSessionFile(file);
    if (!load.ok()) {
        std::fprintf(stderr, "dragoman: %s not %s, the running session stays:\n", file.c_str(),
                     how);
        for (const Problem& problem : load.problems)
            std::fprintf(stderr, "  %s\n", problem.describe().c_str());
        return load.problems;
    }
    engine.loadSession(load.session);
    std::printf("dragoman: %s %s\n", how, file.c_str());
    std::fflush(stdout);
    return {};
}

} // namespace

int listDevices() {
    const PortAudioSession audio;
    const auto devices = audio.devices();
    if (devices.empty())
        std::cout << "no audio devices\n";
    for (const AudioDeviceInfo& d : devices)
        std::printf("%3d  %-10s  %-40s  in %2d  out %2d  %6.0f Hz\n", d.index, d.hostApi.c_str(),
                    d.name.c_str(), d.inputChannels, d.outputChannels, d.defaultSampleRate);
    return 0;
}

namespace {

void announce(const char* what, const std::string& session, const OpenedDevice& device,
              std::uint32_t blockFrames) {
    std::printf("dragoman: %s \"%s\" on %s (%s): %d in, %d out, %.0f Hz, %u frames; "
                "latency in %.1f ms, out %.1f ms\n",
                what, session.c_str(), device.name.c_str(), device.hostApi.c_str(),
                device.channels.inputs, device.channels.outputs, device.sampleRate, blockFrames,
                device.inputLatency * 1000.0, device.outputLatency * 1000.0);
    std::fflush(stdout);
}

} // namespace

int runLive(const LiveRunOptions& options) {
    using Clock = std::chrono::steady_clock;
    const SessionLoad load = loadSessionFile(options.sessionFile);
    for (const Problem& problem : load.problems)
        std::cerr << options.sessionFile << ": " << problem.describe() << "\n";
    if (!load.ok())
        return 1;
    Engine engine(load.session);
    std::optional<OscRemote> osc;
    OscSettings oscSettings = load.session.osc.value_or(OscSettings{});
    if (options.oscPort >= 0)
        oscSettings.port = options.oscPort;
    try {
        if (oscSettings.port != 0)
            osc.emplace(oscSettings);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "dragoman: OSC remote control: %s\n", e.what());
        return 2;
    }
    SharedDeviceBridge bridge;
    const DeviceRequest request{options.device, options.sampleRate, options.blockFrames};
    std::optional<DeviceHostProcess> device;
    try {
        device.emplace(engine, bridge, request);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "dragoman: %s\n", e.what());
        return 2; // a device or I/O map that cannot work is a configuration error
    }
    announce("running", load.session.name, device->opened(), options.blockFrames);
    if (osc) {
        std::printf("dragoman: OSC remote control on %s:%d\n", oscSettings.address.c_str(),
                    osc->port());
        std::fflush(stdout);
    }

    std::signal(SIGINT, requestStop);
    std::signal(SIGTERM, requestStop);
    std::signal(SIGHUP, requestReload);
    SessionStatus status;
    std::string sessionFile = options.sessionFile; // what SIGHUP re-reads
    MidiKeys midi(load.session.midi);
    RemoteTarget remote{engine, status,
                        [&](const std::string& file) {
                            Problems problems = reload(engine, file, "loaded");
                            if (problems.empty()) {
                                sessionFile = file;
                                midi.configure(engine.session().midi);
                            }
                            return problems;
                        },
                        [&](const std::string& controller, const std::string& console,
                            const std::string& key) { midi.learn(controller, console, key); }};
    float floorPeak = 0.0f; // since the last status line
    const auto started = Clock::now();
    const bool attended = isatty(STDOUT_FILENO) == 1; // no status line in logs
    auto lastStatusLine = started;
    // Counts of the device hosts that went before the current one.
    std::uint64_t pastXruns = 0, pastLate = 0, losses = 0;
    // A lost device is reopened after 0.25 s, then ever more slowly up to every 5 s; the
    // engine, and with it every console's state, carries on meanwhile.
    constexpr auto kFirstRetry = std::chrono::milliseconds(250);
    constexpr auto kLongestRetry = std::chrono::milliseconds(5000);
    auto retryDelay = kFirstRetry;
    Clock::time_point lostAt{}, nextTry{};
    auto xruns = [&] { return pastXruns + (device ? device->xruns() : 0); };
    while (gStop == 0) {
        // Remote commands are answered as they come; the rest runs every 50 ms, or every 5 ms
        // when MIDI keys are to be read.
        const auto tick = std::chrono::milliseconds(midi.empty() ? 50 : 5);
        if (osc)
            osc->poll(tick, remote);
        else
            std::this_thread::sleep_for(tick);
        for (const std::string& line : midi.service(engine, status))
            std::printf("dragoman: %s\n", line.c_str());
        if (const auto learnt = midi.takeLearnt()) {
            // Kept in the session and its file at once: nothing configured is lost.
            Session session = engine.session();
            session.midi.at(learnt->first).keys.push_back(learnt->second);
            engine.loadSession(session);
            try {
                saveSessionFile(session, sessionFile);
                std::printf("dragoman: saved the learnt MIDI key in %s\n", sessionFile.c_str());
            } catch (const std::exception& e) {
                std::printf("dragoman: the learnt MIDI key is live but not saved: %s\n", e.what());
            }
        }
        std::fflush(stdout);
        const std::vector<EngineEvent> events = status.update(engine); // drains the queue
        const MeterReadings meters = engine.takeMeters();
        if (!meters.inputs.empty())
            floorPeak = std::max(floorPeak, meters.inputs.front().level.peak);
        if (osc) {
            if (!events.empty())
                osc->publish(remote, events);
            osc->publishMeters(meters);
        }
        if (gReload != 0) {
            gReload = 0;
            if (reload(engine, sessionFile, "reloaded").empty())
                midi.configure(engine.session().midi);
        }
        const auto now = Clock::now();
        if (attended && now - lastStatusLine >= std::chrono::milliseconds(500)) {
            printStatusLine(floorPeak, status, xruns());
            floorPeak = 0.0f;
            lastStatusLine = now;
        }
        if (options.seconds > 0.0 &&
            std::chrono::duration<double>(now - started).count() >= options.seconds)
            break;
        if (device && !device->alive()) {
            pastXruns += device->xruns();
            pastLate += device->lateBlocks();
            ++losses;
            std::printf("%sdragoman: device lost: %s; console state kept, reopening\n",
                        attended ? "\n" : "", device->failure().c_str());
            std::fflush(stdout);
            device.reset();
            lostAt = now;
            retryDelay = kFirstRetry;
            nextTry = now + retryDelay;
        }
        if (!device && now >= nextTry) {
            try {
                device.emplace(engine, bridge, request);
                char back[64];
                std::snprintf(back, sizeof back, "device back after %.1f s, running",
                              std::chrono::duration<double>(Clock::now() - lostAt).count());
                announce(back, load.session.name, device->opened(), options.blockFrames);
            } catch (const std::exception& e) {
                std::printf("dragoman: cannot reopen the device yet (%s); next try in %.1f s\n",
                            e.what(), std::chrono::duration<double>(retryDelay).count());
                std::fflush(stdout);
                nextTry = Clock::now() + retryDelay;
                retryDelay = std::min(retryDelay * 2, kLongestRetry);
            }
        }
    }
    if (attended)
        std::printf("\n");
    const std::uint64_t late = pastLate + (device ? device->lateBlocks() : 0);
    const std::uint64_t totalXruns = xruns();
    const double rate = device ? device->opened().sampleRate : engine.sampleRate();
    device.reset(); // stops the stream in order
    std::printf("dragoman: stopped after %.1f s of audio; %llu xruns, %llu late blocks, "
                "device lost %llu times\n",
                static_cast<double>(engine.framesProcessed()) / rate,
                static_cast<unsigned long long>(totalXruns), static_cast<unsigned long long>(late),
                static_cast<unsigned long long>(losses));
    std::fflush(stdout);
    return 0;
}

} // namespace dragoman
