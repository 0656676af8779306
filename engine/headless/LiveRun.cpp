// See LiveRun.h.
#include "LiveRun.h"

#include "Engine.h"
#include "HearingNews.h"
#include "SessionStatus.h"
#include "device/DeviceBridge.h"
#include "device/DeviceHostProcess.h"
#include "device/DeviceReturnWatch.h"
#include "device/PortAudioDevices.h"
#include "dsp/Decibels.h"
#include "headless/LiveService.h"
#include "headless/RemoteBoothService.h"
#include "record/BoothLog.h"
#include "render/Timeline.h"
#include "session/SessionChanges.h"
#include "session/SessionJson.h"
#include "surfaces/MidiKeys.h"
#include "surfaces/OscSurface.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <iostream>
#include <map>
#include <optional>
#include <pthread.h>
#include <string>
#include <thread>
#include <unistd.h>

namespace dragoman {
namespace {

using Clock = std::chrono::steady_clock;

double secondsBetween(Clock::time_point from, Clock::time_point to) {
    return std::chrono::duration<double>(to - from).count();
}

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

// Before anything that takes time (the device, the services): a reload or a stop asked for
// while `dragoman run` starts is kept for the main loop, where SIGHUP's default action would
// end the process. Unblocked too, for a supervisor that starts us with them blocked.
void takeRunSignals() {
    std::signal(SIGINT, requestStop);
    std::signal(SIGTERM, requestStop);
    std::signal(SIGHUP, requestReload);
    sigset_t ours;
    sigemptyset(&ours);
    for (const int signal : {SIGINT, SIGTERM, SIGHUP})
        sigaddset(&ours, signal);
    pthread_sigmask(SIG_UNBLOCK, &ours, nullptr);
}

// A whole `dragoman run`: the engine, its device host, remote control and MIDI keys, and the
// main loop that serves them.
class LiveRun {
public:
    LiveRun(const LiveRunOptions& options, const Session& session)
        : options_(options), attended_(isatty(STDOUT_FILENO) == 1),
          log_(options.logLevel, options.logFormat, attended_), engine_(session),
          midi_(session.midi), sessionFile_(options.sessionFile),
          oscTarget_{
              engine_,
              status_,
              [this](const std::string& file) { return loadSession(file, "session.loaded"); },
              [this](const std::string& device, const std::string& console,
                     const std::string& key) { midi_.learn(device, console, key); },
              [this] {
                  return remoteBooths_ != nullptr ? remoteBooths_->paths()
                                                  : std::vector<RemotePathStats>{};
              },
              [this] {
                  std::map<std::string, int> listeners;
                  for (const auto& service : services_)
                      for (const auto& [signal, count] : service->listeners())
                          listeners[signal] += count;
                  return listeners;
              },
              [this]() -> std::optional<MeetingFloorStats> {
                  for (const auto& service : services_)
                      if (auto meeting = service->meetingFloor())
                          return meeting;
                  return std::nullopt;
              },
              [this]() -> std::optional<FloorQualityReading> {
                  for (const auto& service : services_)
                      if (auto quality = service->floorQuality())
                          return quality;
                  return std::nullopt;
              }} {}

    // Opens OSC and the device. The exit code if either cannot start.
    std::optional<int> start(const Session& session);
    void run();
    void stop();

private:
    Problems loadSession(const std::string& file, const char* event);
    void serviceMidi();
    void openDevice(); // throws when it cannot
    void watchDevice(Clock::time_point now);
    void announce(const char* event, const char* message);
    void logNonFiniteInputs(const MeterReadings& meters, Clock::time_point now);
    void logDroppedTraffic(Clock::time_point now);
    void logHearing(const std::vector<HearingNewsItem>& news);
    void keepBoothLog(const std::vector<HearingNewsItem>& news);
    std::uint64_t xruns() const { return pastXruns_ + (device_ ? device_->xruns() : 0); }

    const LiveRunOptions& options_;
    const bool attended_; // a terminal: status line on stdout
    RunLog log_;
    Engine engine_;
    SessionStatus status_;
    EventWords eventWords_; // booth events in words, for the debug log
    MidiKeys midi_;
    std::optional<OscSurface> osc_;
    std::string sessionFile_; // what SIGHUP re-reads
    SurfaceTarget oscTarget_;
    SharedDeviceBridge bridge_;
    // Recordings, streams, remote booths: they outlive the device that feeds them.
    std::vector<std::unique_ptr<LiveService>> services_;
    RemoteBoothService* remoteBooths_ = nullptr; // among services_, if the session has them
    std::optional<DeviceHostProcess> device_;
    DeviceReturnWatch deviceReturn_; // wakes a retry the moment a device may be back
    // NaN or infinite input samples not yet logged, by input; a warning per input at most
    // every kNonFiniteLogInterval, so a broken source cannot flood the log.
    std::map<std::string, std::uint64_t> nonFinite_;
    HearingNews hearing_;
    std::optional<BoothLog> boothLog_; // if the session keeps one
    std::string boothLogProblem_;      // said once
    std::map<std::string, Clock::time_point> lastNonFiniteLog_;
    static constexpr auto kNonFiniteLogInterval = std::chrono::seconds(10);

    // Counts of the device hosts that went before the current one.
    std::uint64_t pastXruns_ = 0, pastLate_ = 0, losses_ = 0;
    // A lost device is reopened after 0.25 s, then ever more slowly up to every 5 s; the
    // engine, and with it every console's state, carries on meanwhile.
    static constexpr auto kFirstRetry = std::chrono::milliseconds(250);
    static constexpr auto kLongestRetry = std::chrono::milliseconds(5000);
    // While the device stays away, a warning a minute; the retries in between at debug.
    static constexpr auto kStillLostWarning = std::chrono::seconds(60);
    std::chrono::milliseconds retryDelay_ = kFirstRetry;
    Clock::time_point lostAt_{}, nextTry_{}, lastLostWarning_{};
    Clock::time_point gapMarkedUntil_{}; // recordings hold the gap up to here
    static constexpr auto kDroppedLogInterval = std::chrono::seconds(10);
    std::uint64_t reportedDroppedKeys_ = 0, reportedDroppedEvents_ = 0;
    Clock::time_point lastDroppedLog_{};
};

std::optional<int> LiveRun::start(const Session& session) {
    OscSettings oscSettings = session.osc.value_or(OscSettings{});
    if (options_.oscPort >= 0)
        oscSettings.port = options_.oscPort;
    try {
        if (oscSettings.port != 0)
            osc_.emplace(oscSettings);
    } catch (const std::exception& e) {
        log_.error("osc.failed", "cannot start OSC remote control", {{"reason", e.what()}});
        return 2;
    }
    LiveServices services = startLiveServices(
        session, engine_, options_.sampleRate > 0.0 ? options_.sampleRate : engine_.sampleRate(),
        options_.blockFrames, log_, remoteBooths_);
    if (services.failure) {
        log_.error(services.failure->event, services.failure->message,
                   {{"reason", services.failure->reason}});
        return 2;
    }
    services_ = std::move(services.running);
    if (session.boothLog) {
        try {
            boothLog_.emplace(session, session.boothLog->directory,
                              std::chrono::system_clock::now());
            log_.info("booth_log.started", "booth log", {{"file", boothLog_->path()}});
        } catch (const std::exception& e) {
            // The booths can work without their log: said, and the run goes on.
            log_.error("booth_log.failed", "cannot keep the booth log", {{"reason", e.what()}});
        }
    }
    try {
        openDevice();
    } catch (const std::exception& e) {
        log_.error("device.failed", "cannot open the audio device", {{"reason", e.what()}});
        return 2; // a device or I/O map that cannot work is a configuration error
    }
    announce("run.started", "running");
    if (osc_)
        log_.info("osc.listening", "OSC remote control",
                  {{"address", oscSettings.address}, {"port", osc_->port()}});
    return std::nullopt;
}

void LiveRun::announce(const char* event, const char* message) {
    const OpenedDevice& device = device_->opened();
    log_.info(event, message,
              {{"session", engine_.session().name},
               {"device", device.name},
               {"host_api", device.hostApi},
               {"inputs", device.channels.inputs},
               {"outputs", device.channels.outputs},
               {"rate_hz", device.sampleRate},
               {"block_frames", options_.blockFrames},
               {"latency_in_ms", std::round(device.inputLatency * 10000.0) / 10.0},
               {"latency_out_ms", std::round(device.outputLatency * 10000.0) / 10.0}});
}

// SIGHUP and OSC's /dragoman/session/load: a valid file goes live (click-free, keys kept), a
// bad one is reported and the running session stays. Returns the problems of a refused file.
Problems LiveRun::loadSession(const std::string& file, const char* event) {
    const SessionLoad load = loadSessionFile(file);
    if (!load.ok()) {
        log_.error("session.refused", "session file refused, the running session stays",
                   {{"file", file}, {"problems", load.problems.size()}});
        // The first few say what is wrong; a file of a million mistakes fills no disk.
        constexpr std::size_t kMostLogged = 20;
        for (std::size_t i = 0; i < load.problems.size() && i < kMostLogged; ++i)
            log_.error("session.problem", load.problems[i].describe(), {{"file", file}});
        if (load.problems.size() > kMostLogged)
            log_.error("session.problem",
                       "and " + std::to_string(load.problems.size() - kMostLogged) +
                           " more problems (dragoman validate lists them all)",
                       {{"file", file}});
        return load.problems;
    }
    for (const std::string& notice : load.notices)
        log_.warn("session.renamed", notice, {{"file", file}});
    const std::vector<std::string> later =
        changesAppliedAtNextStart(engine_.session(), load.session);
    engine_.loadSession(load.session);
    sessionFile_ = file;
    midi_.configure(engine_.session().midi);
    log_.info(event, "session file live", {{"file", file}});
    for (const std::string& change : later)
        log_.warn("session.restart_needed", change, {{"file", file}});
    return {};
}

void LiveRun::serviceMidi() {
    for (const MidiPortChange& change : midi_.service(engine_, status_)) {
        if (change.kind == MidiPortChange::Kind::Found)
            log_.info("midi.found", "MIDI controller found",
                      {{"device", change.device},
                       {"keys", change.keysPort},
                       {"lights", change.lightsPort}});
        else
            log_.warn("midi.lost", "MIDI controller lost, looking for it again",
                      {{"device", change.device}, {"keys", change.keysPort}});
    }
    const auto learnt = midi_.takeLearnt();
    if (!learnt)
        return;
    const auto& [controller, key] = *learnt;
    // Kept in the session and its file at once: nothing configured is lost.
    Session session = engine_.session();
    MidiController& config = session.midi.at(controller);
    config.keys.push_back(key);
    engine_.loadSession(session);
    std::string savedIn;
    try {
        saveSessionFile(session, sessionFile_);
        savedIn = sessionFile_;
        log_.info("midi.learnt", "MIDI key learnt and saved",
                  {{"device", config.device},
                   {"console", key.console},
                   {"key", key.key},
                   {"number", key.number},
                   {"file", sessionFile_}});
    } catch (const std::exception& e) {
        log_.error("midi.learnt_unsaved", "MIDI key learnt and live, but not saved",
                   {{"device", config.device},
                    {"console", key.console},
                    {"key", key.key},
                    {"reason", e.what()}});
    }
    if (osc_)
        osc_->midiLearnt(config.device, key, savedIn);
}

// Every service takes the rendered block, and the remote booths give their consoles' mics.
void LiveRun::openDevice() {
    std::vector<RenderedBlockSink*> sinks;
    std::vector<BlockSource*> sources;
    for (const auto& service : services_) {
        if (RenderedBlockSink* sink = service->blockSink())
            sinks.push_back(sink);
        if (BlockSource* source = service->blockSource())
            sources.push_back(source);
    }
    device_.emplace(engine_, bridge_,
                    DeviceRequest{options_.device, options_.sampleRate, options_.blockFrames},
                    sinks, sources);
}

void LiveRun::watchDevice(Clock::time_point now) {
    if (device_ && !device_->alive()) {
        pastXruns_ += device_->xruns();
        pastLate_ += device_->lateBlocks();
        ++losses_;
        log_.warn("device.lost", "device lost, console state kept, reopening",
                  {{"reason", device_->failure()}});
        device_.reset();
        lostAt_ = lastLostWarning_ = gapMarkedUntil_ = now;
        retryDelay_ = kFirstRetry;
        nextTry_ = now + retryDelay_;
    }
    if (device_) {
        deviceReturn_.appeared(); // what appears while the device runs is not a return
        return;
    }
    if (deviceReturn_.appeared()) { // a JACK server or a sound card appeared: try now
        nextTry_ = now;
        retryDelay_ = kFirstRetry;
    }
    if (now < nextTry_)
        return;
    // Nothing captures now: the time since the loss goes into the recordings before the next
    // device can add audio after it (a failed try adds to it at the next).
    const auto markAt = Clock::now();
    for (const auto& service : services_)
        service->markDeviceGap(secondsBetween(gapMarkedUntil_, markAt),
                               std::chrono::system_clock::now());
    gapMarkedUntil_ = markAt;
    try {
        openDevice();
        char message[64];
        std::snprintf(message, sizeof message, "device back after %.1f s, running",
                      secondsBetween(lostAt_, Clock::now()));
        announce("device.back", message);
    } catch (const std::exception& e) {
        const auto tried = Clock::now();
        const LogFields fields{{"reason", e.what()},
                               {"lost_for_s", std::round(secondsBetween(lostAt_, tried))},
                               {"next_try_s", secondsBetween(tried, tried + retryDelay_)}};
        if (tried - lastLostWarning_ >= kStillLostWarning) {
            log_.warn("device.still_lost", "still no device, trying on", fields);
            lastLostWarning_ = tried;
        } else {
            log_.debug("device.retry", "cannot reopen the device yet", fields);
        }
        nextTry_ = tried + retryDelay_;
        retryDelay_ = std::min(retryDelay_ * 2, kLongestRetry);
    }
}

// Key presses and events the queues between control threads and the audio thread had no room
// for: counted by the engine, said here (at most every 10 s) so an operator sees them.
void LiveRun::logDroppedTraffic(Clock::time_point now) {
    const std::uint64_t keys = engine_.droppedCommands(), events = engine_.droppedEvents();
    if ((keys == reportedDroppedKeys_ && events == reportedDroppedEvents_) ||
        now - lastDroppedLog_ < kDroppedLogInterval)
        return;
    log_.warn("engine.dropped",
              "key presses or engine events were dropped: the audio thread did not take them in "
              "time (a stalled device?)",
              {{"dropped_keys", keys - reportedDroppedKeys_},
               {"dropped_events", events - reportedDroppedEvents_}});
    reportedDroppedKeys_ = keys;
    reportedDroppedEvents_ = events;
    lastDroppedLog_ = now;
}

void LiveRun::logNonFiniteInputs(const MeterReadings& meters, Clock::time_point now) {
    for (const MeterReading& input : meters.inputs)
        if (input.nonFiniteSamples > 0)
            nonFinite_[input.label()] += input.nonFiniteSamples;
    for (auto& [input, count] : nonFinite_) {
        auto [last, first] = lastNonFiniteLog_.try_emplace(input, now);
        if (count == 0 || (!first && now - last->second < kNonFiniteLogInterval))
            continue;
        log_.warn("input.non_finite", "NaN or infinite samples replaced by silence",
                  {{"input", input}, {"samples", static_cast<double>(count)}});
        last->second = now;
        count = 0;
    }
}

// Hearing protection's news: a too-loud minute (the console heard two beeps), the 94 dB SPL
// tier taken and let go; and the day's dose with each, for the booth's record.
void LiveRun::logHearing(const std::vector<HearingNewsItem>& news) {
    for (const auto& [change, h] : news) {
        const auto rounded = [](double v) { return std::round(v * 10.0) / 10.0; };
        const LogFields fields{{"console", h.console},
                               {"minute_db_spl", rounded(h.minuteDbSpl)},
                               {"dose_percent", rounded(h.dose * 100.0)}};
        switch (change) {
        case HearingChange::Warning:
            log_.warn("hearing.warning",
                      "the last minute averaged over 80 dB SPL in the headphones: two beeps",
                      fields);
            break;
        case HearingChange::Overload:
            log_.warn("hearing.overload", "overload for 100 ms: headphones held at 94 dB SPL",
                      fields);
            break;
        case HearingChange::OverloadEnded:
            log_.warn("hearing.overload_ended", "headphones back to the 100 dB SPL ceiling",
                      fields);
            break;
        }
    }
}

void LiveRun::keepBoothLog(const std::vector<HearingNewsItem>& news) {
    if (!boothLog_)
        return;
    const auto now = std::chrono::system_clock::now();
    boothLog_->update(status_, now);
    boothLog_->messages(engine_.messages());
    boothLog_->hearing(news, now);
    if (boothLog_->problem() != boothLogProblem_) {
        boothLogProblem_ = boothLog_->problem();
        if (!boothLogProblem_.empty())
            log_.error("booth_log.write_failed", "the booth log cannot be written",
                       {{"reason", boothLogProblem_}});
    }
}

void LiveRun::run() {
    float floorPeak = 0.0f; // since the last status line
    const auto started = Clock::now();
    auto lastStatusLine = started;
    while (gStop == 0) {
        // Remote commands are answered as they come; the rest runs every 50 ms, or every 5 ms
        // when MIDI keys are to be read or remote consoles told their state.
        const bool quick =
            !midi_.empty() || std::any_of(services_.begin(), services_.end(),
                                          [](const auto& s) { return s->wantsQuickPolls(); });
        const auto tick = std::chrono::milliseconds(quick ? 5 : 50);
        if (osc_)
            osc_->poll(tick, oscTarget_);
        else
            std::this_thread::sleep_for(tick);
        serviceMidi();
        const std::vector<EngineEvent> events = status_.update(engine_); // drains the queue
        for (const auto& service : services_)
            service->poll(log_, status_, Clock::now());
        if (log_.enabled(LogLevel::Debug))
            for (const EngineEvent& event : events)
                if (const std::string text = eventWords_.describe(engine_, event); !text.empty())
                    log_.debug(
                        "booth", text,
                        {{"at_s", static_cast<double>(eventFrame(event)) / engine_.sampleRate()}});
        const MeterReadings meters = engine_.takeMeters();
        logNonFiniteInputs(meters, Clock::now());
        logDroppedTraffic(Clock::now());
        const std::vector<HearingNewsItem> hearingNews = hearing_.update(meters.hearing);
        logHearing(hearingNews);
        keepBoothLog(hearingNews);
        if (!meters.inputs.empty())
            floorPeak = std::max(floorPeak, meters.inputs.front().level.peak);
        if (osc_) {
            if (!events.empty())
                osc_->publish(oscTarget_, events);
            osc_->publishMessages(oscTarget_);
            osc_->publishMeters(meters, status_.programs());
        }
        if (gReload != 0) {
            gReload = 0;
            loadSession(sessionFile_, "session.reloaded");
        }
        const auto now = Clock::now();
        if (attended_ && now - lastStatusLine >= std::chrono::milliseconds(500)) {
            printStatusLine(floorPeak, status_, xruns());
            floorPeak = 0.0f;
            lastStatusLine = now;
        }
        if (options_.seconds > 0.0 && secondsBetween(started, now) >= options_.seconds)
            break;
        watchDevice(now);
    }
    if (attended_)
        std::printf("\n");
}

void LiveRun::stop() {
    const std::uint64_t late = pastLate_ + (device_ ? device_->lateBlocks() : 0);
    const std::uint64_t totalXruns = xruns();
    const double rate = device_ ? device_->opened().sampleRate : engine_.sampleRate();
    device_.reset(); // stops the stream in order
    if (boothLog_) {
        status_.update(engine_);
        const auto now = std::chrono::system_clock::now();
        boothLog_->update(status_, now);
        boothLog_->messages(engine_.messages());
        boothLog_->summary(status_, hearing_.latest(), now);
    }
    // Last started, first stopped: the remote booths say bye, the streams close, the
    // recordings write what is left.
    remoteBooths_ = nullptr;
    for (auto service = services_.rbegin(); service != services_.rend(); ++service) {
        (*service)->stop(log_);
        service->reset();
    }
    services_.clear();
    log_.info("run.stopped", "stopped",
              {{"audio_s",
                std::round(static_cast<double>(engine_.framesProcessed()) / rate * 10.0) / 10.0},
               {"xruns", totalXruns},
               {"late_blocks", late},
               {"device_losses", losses_},
               {"dropped_keys", engine_.droppedCommands()},
               {"dropped_events", engine_.droppedEvents()}});
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
    takeRunSignals();
    const SessionLoad load = loadSessionFile(options.sessionFile);
    if (!load.ok()) {
        RunLog log(options.logLevel, options.logFormat);
        for (const Problem& problem : load.problems)
            log.error("session.problem", problem.describe(), {{"file", options.sessionFile}});
        return 1;
    }
    if (!load.notices.empty()) {
        RunLog log(options.logLevel, options.logFormat);
        for (const std::string& notice : load.notices)
            log.warn("session.renamed", notice, {{"file", options.sessionFile}});
    }
    LiveRun live(options, load.session);
    if (const auto failed = live.start(load.session))
        return *failed;
    live.run();
    live.stop();
    return 0;
}

} // namespace dragoman
