// Records a running engine's floor and language channels, one file per signal (Ogg Opus, and
// WAV if asked), for as long as it lives. The audio thread only copies each block into a
// lock-free ring per signal (capture); a writer thread encodes and writes, so a slow or full
// disk never reaches the audio. What cannot be kept is counted and reported, never hidden:
// a ring that overflows (the disk stalled for longer than the ring holds) and audio that
// arrives while a file cannot be written. A file that fails (disk full) is closed with what
// it has; the signal is retried every five seconds in a new part file, while the other
// signals go on. While the device is gone nothing is captured: markGap keeps a file's time the
// wall clock's (silence for a short gap, a new part for a long one).
#pragma once

#include "Engine.h"
#include "base/BlockHooks.h"
#include "base/ReportQueue.h"
#include "record/LoudnessLog.h"
#include "record/RecordingFile.h"
#include "record/SignalTap.h"
#include "session/Session.h"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace dragoman {

// What the writer thread has to tell (the control thread logs it).
struct RecorderReport {
    enum class Kind {
        Started, // a file is being written: `path`
        Failed,  // `path` could not be written (`reason`); closed with what it has
        Resumed, // after a failure, a new part: `path`; `lostSeconds` of audio are missing
        Overrun, // the ring overflowed: `lostSeconds` of audio dropped
        GapPart, // after a gap longer than silence fills (`lostSeconds` so far), a new part:
                 // `path`, dated when it resumed
        LoudnessLogFailed, // the loudness log `path` beside a recording could not be written
                           // (`reason`); the recording goes on without it
    };
    Kind kind = Kind::Started;
    std::string signal; // "floor" or the channel id
    std::string path;
    std::string reason;
    double lostSeconds = 0.0;
};

// `directory/summit-name_en_2026-11-25_08-36-11.opus`; parts after the first get "_partN".
std::string recordingFileStem(const std::string& directory, const std::string& sessionName,
                              const std::string& signal,
                              std::chrono::system_clock::time_point start, int part);

class Recorder final : public RenderedBlockSink {
public:
    // The signals the settings name (or the floor and every channel), from `layout`'s ports.
    // Creates the directory and the first files; throws RecordingError naming the first that
    // cannot be created.
    Recorder(const Session& session, const EngineLayout& layout, double sampleRate,
             std::chrono::system_clock::time_point start = std::chrono::system_clock::now());
    ~Recorder(); // finish(), if not done
    // Control thread, once the audio no longer captures: writes what the rings still hold,
    // closes every file. Reports stay to be taken (the last overruns and failures included).
    void finish();
    Recorder(const Recorder&) = delete;
    Recorder& operator=(const Recorder&) = delete;

    // Audio thread, right after Engine::process with the same buffers. Blocks of up to 4096
    // frames. No allocation, lock or system call.
    void capture(const AudioBuffers& io) noexcept override;

    // Control thread: what happened since the last call, oldest first.
    std::vector<RecorderReport> takeReports();
    // The files being written now.
    std::vector<std::string> paths() const;

    // Control thread, while nothing captures (the device is gone, the next not yet started):
    // `seconds` of wall time passed without audio, up to `resumeAt`. Every file gets that
    // much silence after what was captured before it, so its time stays the wall clock's; a
    // gap that grows past kMostGapSilence instead ends the file there, and the signal goes
    // on in a new part dated `resumeAt`. Called again while the gap lasts, it adds to it.
    void markGap(double seconds, std::chrono::system_clock::time_point resumeAt);

    static constexpr double kRingSeconds = 10.0;
    // Silence is encoded like audio (about 200x real time here): 30 s for 32 channels takes
    // the writer about 5 s, inside what the rings hold of the audio that follows.
    static constexpr double kMostGapSilence = 30.0;
    static constexpr std::chrono::seconds kRetryInterval{5};
    static constexpr std::chrono::seconds kSyncInterval{30};

private:
    struct Signal;
    void writeLoop();
    void drain(Signal& signal, std::chrono::steady_clock::time_point now);
    // Writes or marks the gaps due where the signal's reader is now; the frame up to which the
    // reader may read before it looks again: the next gap, or what was captured when it
    // looked (a gap marked later is at that frame or after it).
    std::uint64_t fillGaps(Signal& signal, std::chrono::steady_clock::time_point now);
    void fail(Signal& signal, const RecordingError& error,
              std::chrono::steady_clock::time_point now);
    void writeFrames(Signal& signal, const float* interleaved, std::uint32_t frames,
                     std::chrono::steady_clock::time_point now);
    // Creates the signal's next part (Opus, and WAV if asked). Throws RecordingError.
    void openFiles(Signal& signal);
    void report(RecorderReport report);

    const double sampleRate_;
    const std::chrono::system_clock::time_point start_;
    const RecordingSettings settings_;
    const std::string sessionName_;
    std::vector<std::unique_ptr<Signal>> signals_; // fixed once the writer runs

    ReportQueue<RecorderReport> reports_;
    mutable std::mutex mutex_; // the writer thread's state, against the control thread
    std::vector<std::string> paths_;
    std::condition_variable wake_;
    bool stopping_ = false;
    std::thread writer_;
};

} // namespace dragoman
