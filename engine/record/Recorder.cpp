// See Recorder.h.
#include "Recorder.h"

#include <algorithm>
#include <cctype>
#include <ctime>
#include <filesystem>
#include <utility>

namespace dragoman {

struct Recorder::Signal {
    Signal(std::string signalId, int channelCount, std::vector<std::uint32_t> sourcePorts,
           bool fromFloor, double sampleRate)
        : id(std::move(signalId)), channels(channelCount), ports(std::move(sourcePorts)),
          floor(fromFloor), ring(static_cast<std::size_t>(kRingSeconds * sampleRate) *
                                 static_cast<std::size_t>(channelCount)),
          interleaved(kMaxBlockFrames * static_cast<std::size_t>(channelCount)),
          pending(kMaxBlockFrames * static_cast<std::size_t>(channelCount)) {}

    const std::string id;
    const int channels;
    const std::vector<std::uint32_t> ports; // floor channels, or the language channel's port
    const bool floor;
    RecordingTags tags;
    RealtimeQueue<float> ring;
    std::vector<float> interleaved; // the audio thread's

    // The writer thread's.
    std::vector<float> pending;
    std::unique_ptr<RecordingFile> opus, wav;
    std::string stemPath; // without extension, for the base name of the next part
    int part = 0;
    bool failed = false;
    std::uint64_t lostFrames = 0; // while failed
    std::uint64_t reportedDrops = 0;
    std::chrono::steady_clock::time_point retryAt{}, lastSync{};
};

namespace {

// Lower case letters and digits, the rest one '-': safe in any file system and URL.
std::string slug(const std::string& text) {
    std::string out;
    for (const char c : text) {
        const auto u = static_cast<unsigned char>(c);
        if (std::isalnum(u) != 0 && u < 128)
            out += static_cast<char>(std::tolower(u));
        else if (!out.empty() && out.back() != '-')
            out += '-';
    }
    while (!out.empty() && out.back() == '-')
        out.pop_back();
    return out.empty() ? "session" : out;
}

std::string localTime(std::chrono::system_clock::time_point when, const char* format) {
    const std::time_t t = std::chrono::system_clock::to_time_t(when);
    std::tm local{};
    localtime_r(&t, &local);
    char text[64];
    std::strftime(text, sizeof text, format, &local);
    return text;
}

} // namespace

std::string recordingFileStem(const std::string& directory, const std::string& sessionName,
                              const std::string& signal,
                              std::chrono::system_clock::time_point start, int part) {
    std::string stem = (std::filesystem::path(directory) / (slug(sessionName) + "_" + signal + "_" +
                                                            localTime(start, "%Y-%m-%d_%H-%M-%S")))
                           .string();
    if (part > 1)
        stem += "_part" + std::to_string(part);
    return stem;
}

Recorder::Recorder(const Session& session, const EngineLayout& layout, double sampleRate,
                   std::chrono::system_clock::time_point start)
    : sampleRate_(sampleRate), start_(start),
      settings_(session.recording.value_or(RecordingSettings{})), sessionName_(session.name) {
    std::vector<std::string> wanted = settings_.signals;
    if (wanted.empty()) {
        wanted.push_back("floor");
        for (const LanguageChannel& channel : session.channels)
            wanted.push_back(channel.id);
    }
    for (const std::string& id : wanted) {
        std::unique_ptr<Signal> signal;
        RecordingTags tags{session.name + ": Floor", "", id, session.name,
                           localTime(start, "%Y-%m-%dT%H:%M:%S%z")};
        if (id == "floor") {
            std::vector<std::uint32_t> ports;
            for (const EnginePort& port : layout.floor)
                ports.push_back(port.port);
            signal = std::make_unique<Signal>(id, static_cast<int>(ports.size()), ports, true,
                                              sampleRate);
        } else {
            const auto port =
                std::find_if(layout.channels.begin(), layout.channels.end(),
                             [&id](const EnginePort& p) { return p.name == "channel " + id; });
            const auto channel =
                std::find_if(session.channels.begin(), session.channels.end(),
                             [&id](const LanguageChannel& c) { return c.id == id; });
            if (port == layout.channels.end() || channel == session.channels.end())
                throw RecordingError("recording.signals: no language channel \"" + id + "\"");
            signal = std::make_unique<Signal>(id, 1, std::vector{port->port}, false, sampleRate);
            tags.title = session.name + ": " + channel->name + " (" + id + ")";
            tags.language = id;
        }
        signal->tags = std::move(tags);
        signals_.push_back(std::move(signal));
    }

    std::error_code error;
    std::filesystem::create_directories(settings_.directory, error);
    if (error)
        throw RecordingError(settings_.directory + ": " + error.message());
    for (auto& signal : signals_) {
        openFiles(*signal);
        report({RecorderReport::Kind::Started, signal->id, signal->opus->path(), "", 0.0});
    }
    writer_ = std::thread([this] { writeLoop(); });
}

Recorder::~Recorder() {
    {
        const std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_one();
    writer_.join(); // drains the rings; the files close with the signals
}

void Recorder::capture(const AudioBuffers& io) noexcept {
    const std::uint32_t frames = std::min(io.frames, kMaxBlockFrames);
    for (const auto& signal : signals_) {
        Signal& s = *signal;
        const auto stride = static_cast<std::size_t>(s.channels);
        for (std::size_t c = 0; c < stride; ++c) {
            const std::uint32_t port = s.ports[c];
            const float* source = s.floor ? (port < io.floorCount ? io.floor[port] : nullptr)
                                          : (port < io.channelCount ? io.channels[port] : nullptr);
            for (std::uint32_t f = 0; f < frames; ++f)
                s.interleaved[f * stride + c] = source != nullptr ? source[f] : 0.0f;
        }
        s.ring.pushAll(s.interleaved.data(), frames * stride); // a full ring counts the drop
    }
}

std::vector<RecorderReport> Recorder::takeReports() {
    const std::lock_guard lock(mutex_);
    return std::exchange(reports_, {});
}

std::vector<std::string> Recorder::paths() const {
    const std::lock_guard lock(mutex_);
    return paths_;
}

void Recorder::report(RecorderReport report) {
    const std::lock_guard lock(mutex_);
    reports_.push_back(std::move(report));
}

// The next part that names no existing file, so nothing earlier is ever replaced (two runs
// started within one second included).
void Recorder::openFiles(Signal& s) {
    std::string stem;
    do {
        stem = recordingFileStem(settings_.directory, sessionName_, s.id, start_, ++s.part);
    } while (std::filesystem::exists(stem + ".opus") ||
             (settings_.wav && std::filesystem::exists(stem + ".wav")));
    s.opus = createOpusRecording(stem + ".opus", s.channels, sampleRate_, settings_.opus, s.tags);
    if (settings_.wav)
        s.wav = createWavRecording(stem + ".wav", s.channels, sampleRate_);
    s.lastSync = std::chrono::steady_clock::now();
    const std::lock_guard lock(mutex_);
    paths_.clear();
    for (const auto& signal : signals_) {
        if (signal->opus)
            paths_.push_back(signal->opus->path());
        if (signal->wav)
            paths_.push_back(signal->wav->path());
    }
}

void Recorder::writeLoop() {
    std::unique_lock lock(mutex_);
    while (!stopping_) {
        wake_.wait_for(lock, std::chrono::milliseconds(100));
        lock.unlock();
        for (auto& signal : signals_)
            drain(*signal, std::chrono::steady_clock::now());
        lock.lock();
    }
    lock.unlock();
    for (auto& signal : signals_) {
        drain(*signal, std::chrono::steady_clock::now());
        signal->opus.reset();
        signal->wav.reset();
    }
}

void Recorder::drain(Signal& s, std::chrono::steady_clock::time_point now) {
    const auto stride = static_cast<std::size_t>(s.channels);
    auto fail = [&](const RecordingError& error) {
        report(
            {RecorderReport::Kind::Failed, s.id, s.opus ? s.opus->path() : "", error.what(), 0.0});
        s.opus.reset(); // closed with what it has
        s.wav.reset();
        s.failed = true;
        s.retryAt = now + kRetryInterval;
    };
    for (std::size_t n; (n = s.ring.popMany(s.pending.data(), s.pending.size())) > 0;) {
        const auto frames = static_cast<std::uint32_t>(n / stride);
        if (s.failed) {
            s.lostFrames += frames;
            continue;
        }
        try {
            s.opus->write(s.pending.data(), frames);
            if (s.wav)
                s.wav->write(s.pending.data(), frames);
        } catch (const RecordingError& error) {
            fail(error);
            s.lostFrames += frames;
        }
    }
    if (s.failed && now >= s.retryAt) {
        try {
            openFiles(s);
            s.failed = false;
            report({RecorderReport::Kind::Resumed, s.id, s.opus->path(), "",
                    static_cast<double>(s.lostFrames) / sampleRate_});
            s.lostFrames = 0;
        } catch (const RecordingError&) {
            s.opus.reset();
            s.wav.reset();
            s.retryAt = now + kRetryInterval; // still no room: quietly, the failure is known
        }
    }
    if (!s.failed && now - s.lastSync >= kSyncInterval) {
        s.lastSync = now;
        try {
            s.opus->sync();
            if (s.wav)
                s.wav->sync();
        } catch (const RecordingError& error) {
            fail(error);
        }
    }
    const std::uint64_t dropped = s.ring.dropped();
    if (dropped > s.reportedDrops) {
        report({RecorderReport::Kind::Overrun, s.id, "", "",
                static_cast<double>((dropped - s.reportedDrops) / stride) / sampleRate_});
        s.reportedDrops = dropped;
    }
}

} // namespace dragoman
