// Live streams of language channels (and the floor) to an Icecast server, one Ogg Opus mount
// each (libshout for the source protocol, libopusenc for the stream), with the channel's name
// and language in the stream's metadata and tags. Icecast and its relays carry them to the
// listeners.
//
// Each mount has a thread of its own: it drains the signal's ring, encodes and sends. A
// server that cannot be reached or goes away is tried again with back-off (1 s doubling to
// 30 s), each time as a fresh Ogg stream (headers first, as Icecast needs); meanwhile the
// ring is drained and the audio dropped, so the audio thread, the recordings and the other
// mounts are never held up.
#pragma once

#include "Engine.h"
#include "base/BlockHooks.h"
#include "base/ReportQueue.h"
#include "record/SignalTap.h"
#include "session/Session.h"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace dragoman {

struct StreamReport {
    enum class Kind {
        Connected, // the mount is live: `url`
        Failed,    // could not connect, or the connection broke: `reason`; retrying
    };
    Kind kind = Kind::Connected;
    std::string signal;
    std::string url; // http://host:port/mount
    std::string reason;
    double retryInSeconds = 0.0;
};

class IcecastStreams final : public RenderedBlockSink {
public:
    // One mount per entry of the session's `streams.mounts` (or every channel at /ID.opus).
    // Connects in the background. Throws std::invalid_argument for a signal the session lacks.
    IcecastStreams(const Session& session, const EngineLayout& layout, double sampleRate);
    ~IcecastStreams(); // closes every connection
    IcecastStreams(const IcecastStreams&) = delete;
    IcecastStreams& operator=(const IcecastStreams&) = delete;

    // Audio thread. No allocation, lock or system call.
    void capture(const AudioBuffers& io) noexcept override;

    // Control thread: what happened since the last call, oldest first.
    std::vector<StreamReport> takeReports();

    static constexpr double kRingSeconds = 5.0;
    // A server that restarts is back in a few seconds: the mount follows within 2 s of it.
    // (A connection attempt to a server that is away costs next to nothing.)
    static constexpr std::chrono::milliseconds kFirstRetry{500};
    static constexpr std::chrono::milliseconds kLongestRetry{2000};

private:
    struct Mount;
    void run(Mount& mount);
    void report(StreamReport report);

    const StreamSettings settings_;
    const std::string sessionName_;
    const double sampleRate_;
    std::vector<std::unique_ptr<Mount>> mounts_; // fixed once the threads run

    std::mutex mutex_;
    std::condition_variable wake_;
    bool stopping_ = false;
    ReportQueue<StreamReport> reports_;
};

} // namespace dragoman
