// Web listeners' feeds: each signal (language channels, the floor) as RTP/Opus to its Janus
// Streaming mountpoint, and what the channel carries as text on the mountpoint's data channel;
// the mountpoints kept in Janus and their listeners counted.
//
// Three sides. The audio thread copies each signal into a ring (record/SignalTap). A sender
// thread wakes every 2 ms, encodes each whole frame (10 or 20 ms, full band, low-delay Opus),
// and sends it at once: a listener waits one frame and a wake-up, never for a page or a burst
// as Icecast's do. A thread per Janus server creates the mountpoints through its HTTP API,
// counts their listeners every 2 s and, when Janus is gone (restarted, unreachable),
// reconnects and creates them again; the RTP goes on meanwhile, so a restarted Janus has audio
// the moment it is back. More servers get the same packets and serve more listeners.
#pragma once

#include "Engine.h"
#include "SessionStatus.h"
#include "base/BlockHooks.h"
#include "base/ReportQueue.h"
#include "record/SignalTap.h"
#include "session/Session.h"
#include "weblisten/WebMountpoints.h"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace dragoman {

class JanusClient;
class UdpSocket;

struct WebListenerReport {
    enum class Kind {
        Ready,     // the mountpoint is in Janus (`recreated` after Janus came back)
        JanusLost, // Janus does not answer or forgot us: `reason`; retrying every second
        Refused,   // Janus refused the mountpoint: `reason`; tried again after a minute
        Listeners, // the mountpoint's listener count changed: `listeners`
        Removed,   // a mountpoint of ours the session no longer has was removed from Janus
    };
    Kind kind = Kind::Ready;
    std::string janus; // the server's HTTP API
    std::string signal;
    int mountpoint = 0;
    std::string reason;
    int listeners = 0;
    bool recreated = false; // Ready: adopted (false) or created after a loss (true)
};

// A report in a line, for an engineer's view: "en: mountpoint 901 ready in Janus at URL".
std::string describeWebListenerReport(const WebListenerReport& report);

class WebListenerStreams final : public RenderedBlockSink {
public:
    // Throws std::invalid_argument for a signal the session lacks, std::runtime_error when a
    // socket or an encoder cannot be made. Connects to Janus in the background.
    WebListenerStreams(const Session& session, const EngineLayout& layout, double sampleRate);
    ~WebListenerStreams();
    WebListenerStreams(const WebListenerStreams&) = delete;
    WebListenerStreams& operator=(const WebListenerStreams&) = delete;

    // Audio thread. No allocation, lock or system call.
    void capture(const AudioBuffers& io) noexcept override;

    // Control thread: what `signal` carries now. Sent on its data channel when it changes, and
    // every 2 s (a state message lost on the way, or a Janus restarted, is set right).
    void setCarrying(const std::string& signal, Carrying carrying);
    // Control thread: setCarrying for every language channel, from the session's live state.
    void follow(const SessionStatus& status);
    // Control thread: what happened since the last call, oldest first.
    std::vector<WebListenerReport> takeReports();
    // Listeners per signal as the Janus servers last counted them (summed over the servers);
    // absent while not known.
    std::map<std::string, int> listeners() const;
    const std::vector<WebMountpoint>& mountpoints() const { return mountpoints_; }

    static constexpr double kRingSeconds = 2.0;
    static constexpr std::chrono::milliseconds kSendTick{2};
    static constexpr std::chrono::milliseconds kCountEvery{2000};
    static constexpr std::chrono::milliseconds kKeepaliveEvery{500};
    static constexpr std::chrono::milliseconds kStateEvery{2000};

private:
    struct Feed;
    void sendLoop();
    void janusLoop(std::size_t server);
    bool waitFor(std::chrono::milliseconds time); // false when stopping

    const WebListenerSettings settings_;
    const std::vector<JanusServerSettings> servers_;
    const std::vector<WebMountpoint> mountpoints_;
    std::vector<std::unique_ptr<Feed>> feeds_; // one per mountpoint, fixed once threads run
    std::unique_ptr<UdpSocket> socket_;        // the sender thread's
    std::vector<std::unique_ptr<JanusClient>> clients_; // one per server, its thread's

    mutable std::mutex mutex_; // guards the below and wakes the threads
    std::condition_variable wake_;
    bool stopping_ = false;
    std::vector<std::map<std::string, int>> listeners_; // per server, per signal
    ReportQueue<WebListenerReport> reports_;
    std::thread sender_;
    std::vector<std::thread> janus_; // one per server
};

} // namespace dragoman
