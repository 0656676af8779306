// See JoinRun.h.
#include "JoinRun.h"

#include "base/RealtimePriority.h"
#include "control/Events.h"
#include "files/WavFile.h"
#include "remotebooth/RemoteConsoleClient.h"

#include <cmath>
#include <csignal>
#include <numbers>
#include <set>
#include <stdexcept>
#include <thread>

namespace dragoman {

namespace {

using Clock = std::chrono::steady_clock;

volatile std::sig_atomic_t gStop = 0;
void requestStop(int) {
    gStop = 1;
}

double rounded(double value, double step = 0.1) {
    return std::round(value / step) * step;
}

// The mic: a tone, a looped file, or silence, a frame at a time.
class MicSignal {
public:
    explicit MicSignal(const JoinRunOptions& options) : toneHz_(options.micToneHz) {
        if (!options.micWav.empty()) {
            const Audio audio = readAudioFile(options.micWav);
            if (audio.sampleRate != 48000.0)
                throw std::runtime_error(options.micWav + ": the mic file must be at 48000 Hz");
            file_ = audio.channel(0);
        }
    }
    void next(float* frame, int samples) {
        for (int i = 0; i < samples; ++i, ++at_) {
            if (!file_.empty())
                frame[i] = file_[at_ % file_.size()];
            else if (toneHz_ > 0.0)
                frame[i] = static_cast<float>(0.25 * std::sin(2.0 * std::numbers::pi * toneHz_ *
                                                              static_cast<double>(at_) / 48000.0));
            else
                frame[i] = 0.0f;
        }
    }

private:
    double toneHz_;
    std::vector<float> file_;
    std::size_t at_ = 0;
};

void logState(RunLog& log, const StateMessage& s) {
    log.info("remote.state", s.micOn ? "on air" : "off air",
             {{"on_air", s.micOn},
              {"waiting", s.waiting},
              {"outgoing", s.outgoing},
              {"hearing", s.hearing.empty() ? std::string("floor") : s.hearing},
              {"listen", s.listen},
              {"away", s.away},
              {"boothmate", std::string(presenceName(static_cast<Presence>(s.boothmate)))},
              {"floor_sound", s.floorQuality.empty() ? std::string("good") : s.floorQuality}});
}

// The messages that reached the console and are not logged yet (one the network brought late
// sits before those logged).
void logMessages(RunLog& log, const RemoteConsoleClient& client, std::set<std::uint64_t>& shown) {
    for (const BoothMessage& m : client.messages()) {
        if (!shown.insert(m.number).second)
            continue;
        log.info("remote.message", m.words(),
                 {{"number", static_cast<double>(m.number)},
                  {"from", m.from},
                  {"to", recipientText(m.to)},
                  {"quick", std::string(quickMessageName(m.quick))}});
    }
}

void logPath(RunLog& log, const RemoteConsolePath& p, int frameSamples) {
    const auto& b = p.receiver.buffer;
    log.info("remote.path", "path measured",
             {{"rtt_ms", rounded(p.roundTripMs, 0.01)},
              {"to_host_loss_pct", rounded(static_cast<double>(p.toHost.lossPercent))},
              {"to_host_buffer_ms", rounded(static_cast<double>(p.toHost.bufferMs))},
              {"from_host_loss_pct", rounded(static_cast<double>(p.fromHost.lossPercent))},
              {"from_host_buffer_ms", rounded(p.receiver.heldFrames * frameSamples / 48.0)},
              {"from_host_jitter_ms", rounded(b.jitterMs, 0.01)},
              {"received", b.received},
              {"recovered", p.receiver.recoveredByRedundancy},
              {"concealed", p.receiver.unrecovered},
              {"late", b.late},
              {"duplicates", b.duplicates + p.replayed},
              {"skipped", b.skipped},
              {"restarts", b.rebuffered + b.resynced},
              {"dropped_while_stalled", p.droppedWhileStalled},
              {"forged", p.forged}});
}

} // namespace

ScheduledKey parseScheduledKey(const std::string& text) {
    const auto equals = text.find('=');
    const auto at = text.find('@');
    if (equals == std::string::npos || at == std::string::npos || equals == 0 || at < equals)
        throw std::invalid_argument("--key expects NAME=VALUE@SECONDS, got \"" + text + "\"");
    ScheduledKey key;
    key.key = text.substr(0, equals);
    try {
        key.value = std::stof(text.substr(equals + 1, at - equals - 1));
        key.atSeconds = std::stod(text.substr(at + 1));
    } catch (const std::exception&) {
        throw std::invalid_argument("--key expects NAME=VALUE@SECONDS, got \"" + text + "\"");
    }
    return key;
}

int runJoin(const JoinRunOptions& options) {
    RunLog log(options.logLevel, options.logFormat);
    std::signal(SIGINT, requestStop);
    std::signal(SIGTERM, requestStop);
    MicSignal mic(options);
    RemoteConsoleClient client({options.host, options.port, options.console, options.secret, 10.0,
                                options.ignoreHostProof});
    try {
        client.join();
    } catch (const RemoteJoinError& e) {
        log.error("remote.join_failed", "cannot join the booth",
                  {{"host", options.host}, {"port", options.port}, {"reason", e.what()}});
        return 3;
    }
    const int frame = client.frameSamples();
    log.info("remote.joined", "joined the booth",
             {{"host", options.host},
              {"port", options.port},
              {"console", options.console},
              {"frame_ms", frame / 48.0}});
    std::vector<float> micFrame(static_cast<std::size_t>(frame)), phonesFrame(micFrame.size());
    std::vector<float> heard;
    std::vector<ScheduledKey> keys = options.keys;
    const auto period = std::chrono::nanoseconds(static_cast<long>(frame * 1e9 / 48000.0));
    const auto started = Clock::now();
    auto next = started;
    auto lastPathLog = started;
    int exitCode = 0;
    std::set<std::uint64_t> shownMessages;      // numbers logged
    raiseToRealtime(RealtimeRole::RemoteClock); // this loop is the console's audio clock
    while (gStop == 0) {
        std::this_thread::sleep_until(next);
        mic.next(micFrame.data(), frame);
        client.process(micFrame.data(), phonesFrame.data(), static_cast<std::uint32_t>(frame));
        if (!options.phonesWav.empty())
            heard.insert(heard.end(), phonesFrame.begin(), phonesFrame.end());
        next += period;
        const double elapsed = std::chrono::duration<double>(Clock::now() - started).count();
        std::erase_if(keys, [&](const ScheduledKey& key) {
            if (key.atSeconds > elapsed)
                return false;
            client.press(key.key, key.value);
            return true;
        });
        for (const RemoteConsoleEvent& event : client.takeEvents()) {
            switch (event.kind) {
            case RemoteConsoleEvent::Kind::State:
                logState(log, *client.state());
                break;
            case RemoteConsoleEvent::Kind::KeyDone:
                log.info("remote.key", "key applied", {{"key", event.key}});
                break;
            case RemoteConsoleEvent::Kind::KeyRefused:
                log.warn("remote.key_refused", "the host refused the key",
                         {{"key", event.key}, {"reason", event.text}});
                break;
            case RemoteConsoleEvent::Kind::MessagePosted:
                log.info("remote.message_posted", "message posted", {});
                break;
            case RemoteConsoleEvent::Kind::MessageRefused:
                log.warn("remote.message_refused", "the host refused the message",
                         {{"reason", event.text}});
                break;
            case RemoteConsoleEvent::Kind::MessageReceived:
                logMessages(log, client, shownMessages);
                break;
            case RemoteConsoleEvent::Kind::HostLeft:
                log.warn("remote.host_left", "the host ended the session",
                         {{"reason", event.text}});
                exitCode = 4;
                break;
            }
        }
        if (exitCode != 0 || (options.seconds > 0.0 && elapsed >= options.seconds))
            break;
        if (Clock::now() - lastPathLog >= std::chrono::seconds(5)) {
            lastPathLog = Clock::now();
            logPath(log, client.path(), frame);
        }
    }
    logPath(log, client.path(), frame);
    client.leave();
    if (!options.phonesWav.empty())
        writeWavFile(options.phonesWav, 48000.0, 1, heard);
    log.info("remote.left", "left the booth", {{"console", options.console}});
    return exitCode;
}

} // namespace dragoman
