// See Recorder.h.
#include "Recorder.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <ctime>
#include <filesystem>
#include <utility>

namespace dragoman {

struct Recorder::Signal {
    Signal(SignalSource source, double sampleRate)
        : tap(std::move(source), sampleRate, kRingSeconds),
          pending(SignalTap::kMaxBlockFrames * static_cast<std::size_t>(tap.source().channels())) {}

    SignalTap tap;
    RecordingTags tags;

    // The writer thread's.
    std::vector<float> pending;
    std::unique_ptr<RecordingFile> opus, wav;
    std::unique_ptr<LoudnessLog> loudness; // beside the Opus file, part by part
    bool loudnessFailureTold = false;
    int part = 0;
    bool failed = false;
    std::uint64_t lostFrames = 0; // while failed
    std::uint64_t reportedDrops = 0;
    std::chrono::steady_clock::time_point retryAt{}, lastSync{};
    std::uint64_t framesRead = 0;

    // Gaps marked by the control thread (under the recorder's mutex): at a captured frame.
    struct Gap {
        std::uint64_t atFrame = 0;
        std::uint64_t frames = 0;
        std::chrono::system_clock::time_point resumeAt{};
    };
    std::vector<Gap> gaps;
    // The writer's: the gap being filled at `gapAt`, and whether it became a new part.
    std::uint64_t gapAt = UINT64_MAX, gapSilence = 0;
    bool gapPart = false;
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
    std::vector<SignalSource> sources;
    try {
        sources = signalSources(session, layout, settings_.signals, settings_.feed);
    } catch (const std::invalid_argument& e) {
        throw RecordingError(std::string("recording.signals: ") + e.what());
    }
    for (SignalSource& source : sources) {
        auto signal = std::make_unique<Signal>(std::move(source), sampleRate);
        const SignalSource& s = signal->tap.source();
        signal->tags = {s.title, s.language, s.id, session.name,
                        localTime(start, "%Y-%m-%dT%H:%M:%S%z")};
        signals_.push_back(std::move(signal));
    }

    std::error_code error;
    std::filesystem::create_directories(settings_.directory, error);
    if (error)
        throw RecordingError(settings_.directory + ": " + error.message());
    for (auto& signal : signals_) {
        openFiles(*signal);
        report({RecorderReport::Kind::Started, signal->tap.source().id, signal->opus->path(), "",
                0.0});
    }
    writer_ = std::thread([this] { writeLoop(); });
}

Recorder::~Recorder() {
    finish();
}

void Recorder::finish() {
    {
        const std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_one();
    if (writer_.joinable())
        writer_.join(); // drains the rings and closes the files
}

void Recorder::capture(const AudioBuffers& io) noexcept {
    for (const auto& signal : signals_)
        signal->tap.capture(io);
}

std::vector<RecorderReport> Recorder::takeReports() {
    return reports_.take();
}

std::vector<std::string> Recorder::paths() const {
    const std::lock_guard lock(mutex_);
    return paths_;
}

void Recorder::markGap(double seconds, std::chrono::system_clock::time_point resumeAt) {
    if (!(seconds > 0.0))
        return;
    const auto frames = static_cast<std::uint64_t>(std::llround(seconds * sampleRate_));
    {
        const std::lock_guard lock(mutex_);
        for (const auto& signal : signals_)
            signal->gaps.push_back({signal->tap.capturedFrames(), frames, resumeAt});
    }
    wake_.notify_one();
}

void Recorder::report(RecorderReport report) {
    reports_.push(std::move(report));
}

// The next part that names no existing file, so nothing earlier is ever replaced (two runs
// started within one second included).
void Recorder::openFiles(Signal& s) {
    std::string stem;
    do {
        stem = recordingFileStem(settings_.directory, sessionName_, s.tap.source().id, start_,
                                 ++s.part);
    } while (std::filesystem::exists(stem + ".opus") ||
             (settings_.wav && std::filesystem::exists(stem + ".wav")));
    const int channels = s.tap.source().channels();
    try {
        s.opus = createOpusRecording(stem + ".opus", channels, sampleRate_, settings_.opus, s.tags);
        if (settings_.wav)
            s.wav = createWavRecording(stem + ".wav", channels, sampleRate_);
        s.loudness = std::make_unique<LoudnessLog>(stem + ".loudness.jsonl", channels, sampleRate_);
    } catch (const RecordingError&) {
        s.opus.reset();
        --s.part; // not made: the next try takes the same name
        throw;
    }
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
        signal->loudness.reset();
    }
}

void Recorder::fail(Signal& s, const RecordingError& error,
                    std::chrono::steady_clock::time_point now) {
    report({RecorderReport::Kind::Failed, s.tap.source().id, s.opus ? s.opus->path() : "",
            error.what(), 0.0});
    s.opus.reset(); // closed with what it has
    s.wav.reset();
    s.loudness.reset();
    s.failed = true;
    s.retryAt = now + kRetryInterval;
}

void Recorder::writeFrames(Signal& s, const float* interleaved, std::uint32_t frames,
                           std::chrono::steady_clock::time_point now) {
    if (s.failed) {
        s.lostFrames += frames;
        return;
    }
    try {
        s.opus->write(interleaved, frames);
        if (s.wav)
            s.wav->write(interleaved, frames);
        if (s.loudness) {
            s.loudness->add(interleaved, frames);
            if (!s.loudness->problem().empty() && !s.loudnessFailureTold) {
                report({RecorderReport::Kind::LoudnessLogFailed, s.tap.source().id,
                        s.loudness->path(), s.loudness->problem(), 0.0});
                s.loudnessFailureTold = true;
            }
        }
    } catch (const RecordingError& error) {
        fail(s, error, now);
        s.lostFrames += frames;
    }
}

std::uint64_t Recorder::fillGaps(Signal& s, std::chrono::steady_clock::time_point now) {
    std::vector<Signal::Gap> due;
    std::uint64_t next = 0;
    {
        const std::lock_guard lock(mutex_);
        // markGap takes the captured count under this lock too: a gap marked after this look
        // is at `next` or later, so reading up to it never passes a gap not yet seen (which
        // would then be written late, and taken for a new gap rather than more of this one).
        next = s.tap.capturedFrames();
        for (auto it = s.gaps.begin(); it != s.gaps.end();) {
            if (it->atFrame <= s.framesRead) {
                due.push_back(*it);
                it = s.gaps.erase(it);
            } else {
                next = std::min(next, it->atFrame);
                ++it;
            }
        }
    }
    const auto most = static_cast<std::uint64_t>(kMostGapSilence * sampleRate_);
    for (const Signal::Gap& gap : due) {
        if (s.gapAt != s.framesRead) { // a new gap, not more of the last one
            s.gapAt = s.framesRead;
            s.gapSilence = 0;
            s.gapPart = false;
        }
        s.gapSilence += gap.frames;
        if (s.gapPart)
            continue; // the new part begins where the audio comes back
        if (s.gapSilence > most) {
            // Too long for silence: this file ends here, a new part is dated when it resumed.
            s.gapPart = true;
            if (s.failed)
                continue; // the retry opens the next part anyway
            s.opus.reset();
            s.wav.reset();
            s.loudness.reset();
            s.tags.date = localTime(gap.resumeAt, "%Y-%m-%dT%H:%M:%S%z");
            try {
                openFiles(s);
                report({RecorderReport::Kind::GapPart, s.tap.source().id, s.opus->path(), "",
                        static_cast<double>(s.gapSilence) / sampleRate_});
            } catch (const RecordingError& error) {
                fail(s, error, now);
            }
            continue;
        }
        std::fill(s.pending.begin(), s.pending.end(), 0.0f);
        const auto stride = static_cast<std::uint64_t>(s.tap.source().channels());
        for (std::uint64_t left = gap.frames; left > 0;) {
            const auto frames = static_cast<std::uint32_t>(
                std::min<std::uint64_t>(left, s.pending.size() / stride));
            writeFrames(s, s.pending.data(), frames, now);
            left -= frames;
        }
    }
    return next;
}

void Recorder::drain(Signal& s, std::chrono::steady_clock::time_point now) {
    const std::string& id = s.tap.source().id;
    const auto stride = static_cast<std::size_t>(s.tap.source().channels());
    for (;;) {
        // Up to the next gap: what came before it is written before the gap is.
        const std::uint64_t until = fillGaps(s, now);
        const std::size_t most = std::min<std::size_t>(
            s.pending.size(),
            static_cast<std::size_t>(until - std::min(until, s.framesRead)) * stride);
        const std::size_t n = s.tap.read(s.pending.data(), most);
        if (n == 0)
            break;
        const auto frames = static_cast<std::uint32_t>(n / stride);
        s.framesRead += frames;
        writeFrames(s, s.pending.data(), frames, now);
    }
    if (s.failed && now >= s.retryAt) {
        try {
            openFiles(s);
            s.failed = false;
            report({RecorderReport::Kind::Resumed, id, s.opus->path(), "",
                    static_cast<double>(s.lostFrames) / sampleRate_});
            s.lostFrames = 0;
        } catch (const RecordingError&) {
            s.opus.reset();
            s.wav.reset();
            s.loudness.reset();
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
            fail(s, error, now);
        }
    }
    const std::uint64_t dropped = s.tap.droppedFrames();
    if (dropped > s.reportedDrops) {
        report({RecorderReport::Kind::Overrun, id, "", "",
                static_cast<double>(dropped - s.reportedDrops) / sampleRate_});
        s.reportedDrops = dropped;
    }
}

} // namespace dragoman
