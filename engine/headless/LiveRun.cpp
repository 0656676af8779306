// See LiveRun.h.
#include "LiveRun.h"

#include "Engine.h"
#include "control/SessionStatus.h"
#include "dsp/Decibels.h"
#include "io/PortAudioDevices.h"
#include "io/PortAudioStream.h"
#include "session/SessionJson.h"

#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <string>
#include <thread>
#include <unistd.h>

namespace dragoman {
namespace {

// One line for an engineer at the terminal, redrawn in place: floor level, who is on air on
// which channel, xruns.
void printStatusLine(Engine& engine, const SessionStatus& status, std::uint64_t xruns) {
    const MeterReadings meters = engine.takeMeters();
    const float floorPeak = meters.inputs.empty() ? 0.0f : meters.inputs.front().level.peak;
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
void reload(Engine& engine, const std::string& file) {
    const SessionLoad load = loadSessionFile(file);
    if (!load.ok()) {
        std::fprintf(stderr, "dragoman: %s not reloaded, the running session stays:\n",
                     file.c_str());
        for (const Problem& problem : load.problems)
            std::fprintf(stderr, "  %s\n", problem.describe().c_str());
        return;
    }
    engine.loadSession(load.session);
    std::printf("dragoman: reloaded %s\n", file.c_str());
    std::fflush(stdout);
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

int runLive(const LiveRunOptions& options) {
    const SessionLoad load = loadSessionFile(options.sessionFile);
    for (const Problem& problem : load.problems)
        std::cerr << options.sessionFile << ": " << problem.describe() << "\n";
    if (!load.ok())
        return 1;
    Engine engine(load.session);
    const PortAudioSession audio;
    const AudioDeviceInfo device = audio.find(options.device);
    PortAudioStream stream(engine, device, {options.sampleRate, options.blockFrames});
    std::printf("dragoman: running \"%s\" on %s (%s): %d in, %d out, %.0f Hz, %u frames; "
                "latency in %.1f ms, out %.1f ms\n",
                load.session.name.c_str(), device.name.c_str(), device.hostApi.c_str(),
                stream.inputChannels(), stream.outputChannels(), stream.sampleRate(),
                options.blockFrames, stream.inputLatencySeconds() * 1000.0,
                stream.outputLatencySeconds() * 1000.0);
    std::fflush(stdout);

    std::signal(SIGINT, requestStop);
    std::signal(SIGTERM, requestStop);
    std::signal(SIGHUP, requestReload);
    SessionStatus status;
    const auto started = std::chrono::steady_clock::now();
    // A stream that stays "active" but renders nothing for two seconds has stopped too (a
    // vanished JACK server is not always reported).
    std::uint64_t lastFrames = engine.framesProcessed();
    auto lastProgress = started;
    bool streamDied = false;
    const bool attended = isatty(STDOUT_FILENO) == 1; // no status line in logs
    auto lastStatusLine = started;
    while (gStop == 0) {
        if (!stream.active()) {
            streamDied = true;
            break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        status.update(engine); // keeps the event queue drained
        if (gReload != 0) {
            gReload = 0;
            reload(engine, options.sessionFile);
        }
        const auto now = std::chrono::steady_clock::now();
        if (attended && now - lastStatusLine >= std::chrono::milliseconds(500)) {
            printStatusLine(engine, status, stream.xruns());
            lastStatusLine = now;
        }
        if (options.seconds > 0.0 &&
            std::chrono::duration<double>(now - started).count() >= options.seconds)
            break;
        if (engine.framesProcessed() != lastFrames) {
            lastFrames = engine.framesProcessed();
            lastProgress = now;
        } else if (now - lastProgress > std::chrono::seconds(2)) {
            streamDied = true;
            break;
        }
    }
    if (attended)
        std::printf("\n");
    std::printf("dragoman: %s after %.1f s of audio; %llu xruns\n",
                streamDied ? "the stream stopped (device lost)" : "stopped",
                static_cast<double>(engine.framesProcessed()) / stream.sampleRate(),
                static_cast<unsigned long long>(stream.xruns()));
    std::fflush(stdout);
    if (streamDied)
        // Exit now, for a supervisor to restart us: PortAudio's JACK backend blocks forever
        // closing a stream whose server died, so the teardown is skipped.
        std::_Exit(3);
    return 0;
}

} // namespace dragoman
