// See WebListenerStreams.h.
#include "WebListenerStreams.h"

#include "janus/JanusClient.h"
#include "net/UdpSocket.h"
#include "rtp/OpusVoice.h"
#include "rtp/RtpPacket.h"
#include "rtp/SrtpSession.h"

#include <algorithm>
#include <limits>
#include <stdexcept>

namespace dragoman {
namespace {

using Clock = std::chrono::steady_clock;

// Janus's Streaming plugin errors that mean something of ours: 456 a mountpoint with that id
// exists, 455 there is no such mountpoint.
constexpr int kMountpointExists = 456;
constexpr int kNoSuchMountpoint = 455;

} // namespace

struct WebListenerStreams::Feed {
    Feed(const WebMountpoint& into, SignalSource source, double sampleRate,
         const WebListenerSettings& settings)
        : mountpoint(into), tap(std::move(source), sampleRate, kRingSeconds),
          encoder(
              OpusVoiceSettings{static_cast<double>(settings.frameMs), settings.bitrateKbps, 10}) {
        for (const JanusServerSettings& server : settings.servers()) {
            audioTo.push_back(UdpPeer::resolve(server.rtpHost, into.audioPort(server)));
            stateTo.push_back(UdpPeer::resolve(server.rtpHost, into.statePort(server)));
        }
        header.payloadType = 111;
        header.ssrc = randomRtpWord();
        header.sequence = static_cast<std::uint16_t>(randomRtpWord());
        header.timestamp = randomRtpWord();
        header.marker = true;
        if (settings.srtp) {
            const SrtpMasterKey key = randomSrtpKey();
            srtpCrypto = sdesKey(key);
            srtp = std::make_unique<SrtpSession>(key, key);
        }
        const auto frame = static_cast<std::size_t>(encoder.frameSamples());
        const auto stride = static_cast<std::size_t>(tap.source().channels());
        interleaved.resize(frame * stride);
        mono.resize(frame);
        packet.resize(1500);
        datagram.reserve(1600);
        secured.reserve(1600);
    }

    const WebMountpoint mountpoint;
    SignalTap tap;
    OpusVoiceEncoder encoder;
    std::vector<UdpPeer> audioTo, stateTo; // one per server
    RtpHeader header;
    std::string srtpCrypto; // "" unless encrypted
    std::unique_ptr<SrtpSession> srtp;
    std::vector<float> interleaved, mono;
    std::size_t filled = 0; // interleaved samples waiting for a whole frame
    std::vector<std::uint8_t> packet, datagram, secured;

    // The control thread's word on what the channel carries, as sent on its data channel, and
    // whether the sender has yet to pass it on. Guarded by the streams' mutex.
    Carrying carrying = Carrying::Nobody;
    std::string state;
    bool stateChanged = false;
};

WebListenerStreams::WebListenerStreams(const Session& session, const EngineLayout& layout,
                                       double sampleRate)
    : settings_(session.webListeners.value_or(WebListenerSettings{})),
      servers_(settings_.servers()), mountpoints_(webMountpoints(session)),
      listeners_(servers_.size()) {
    std::vector<std::string> ids;
    for (const WebMountpoint& m : mountpoints_)
        ids.push_back(m.signal);
    std::vector<SignalSource> sources = signalSources(session, layout, ids, settings_.feed);
    for (std::size_t i = 0; i < mountpoints_.size(); ++i) {
        feeds_.push_back(
            std::make_unique<Feed>(mountpoints_[i], std::move(sources[i]), sampleRate, settings_));
        Feed& feed = *feeds_.back();
        feed.carrying = mountpoints_[i].signal == "floor" ? Carrying::Floor : Carrying::Nobody;
        feed.state = stateMessage(mountpoints_[i].signal, feed.carrying);
    }
    // One socket for every feed and server: Janus tells streams apart by the port they arrive
    // on. Made here, so that a machine that cannot send says so at the start.
    const bool ipv6 = !feeds_.empty() && feeds_.front()->audioTo.front().isIpv6();
    socket_ = std::make_unique<UdpSocket>(ipv6 ? "::" : "0.0.0.0", 0);
    for (const JanusServerSettings& server : servers_) // made here: libcurl may refuse
        clients_.push_back(std::make_unique<JanusClient>(server.janus, server.apiSecret));
    sender_ = std::thread([this] { sendLoop(); });
    for (std::size_t server = 0; server < servers_.size(); ++server)
        janus_.emplace_back([this, server] { janusLoop(server); });
}

WebListenerStreams::~WebListenerStreams() {
    {
        const std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    sender_.join();
    for (std::thread& thread : janus_)
        thread.join();
}

void WebListenerStreams::capture(const AudioBuffers& io) noexcept {
    for (const auto& feed : feeds_)
        feed->tap.capture(io);
}

void WebListenerStreams::setCarrying(const std::string& signal, Carrying carrying) {
    const std::lock_guard lock(mutex_);
    for (const auto& feed : feeds_)
        if (feed->mountpoint.signal == signal && feed->carrying != carrying) {
            feed->carrying = carrying;
            feed->state = stateMessage(signal, carrying); // formatted only on a change
            feed->stateChanged = true;
        }
}

std::string describeWebListenerReport(const WebListenerReport& report) {
    const std::string mountpoint =
        report.signal + ": mountpoint " + std::to_string(report.mountpoint);
    switch (report.kind) {
    case WebListenerReport::Kind::Ready:
        return mountpoint +
               (report.recreated ? " made again in Janus at " : " ready in Janus at ") +
               report.janus;
    case WebListenerReport::Kind::JanusLost:
        return "Janus at " + report.janus + " does not answer (" + report.reason +
               "); the audio goes on";
    case WebListenerReport::Kind::Refused:
        return mountpoint + " refused by Janus at " + report.janus + ": " + report.reason;
    case WebListenerReport::Kind::Removed:
        return "mountpoint " + std::to_string(report.mountpoint) +
               ", no longer in the session, removed from Janus at " + report.janus;
    case WebListenerReport::Kind::Listeners:
        break;
    }
    return report.signal + ": " + std::to_string(report.listeners) + " listening at " +
           report.janus;
}

void WebListenerStreams::follow(const SessionStatus& status) {
    for (const WebMountpoint& m : mountpoints_)
        if (const ChannelStatus* channel = status.channel(m.signal))
            setCarrying(m.signal, carryingOf(channel->quality));
}

std::vector<WebListenerReport> WebListenerStreams::takeReports() {
    return reports_.take();
}

std::map<std::string, int> WebListenerStreams::listeners() const {
    const std::lock_guard lock(mutex_);
    std::map<std::string, int> sum;
    for (const auto& server : listeners_)
        for (const auto& [signal, count] : server)
            sum[signal] += count;
    return sum;
}

bool WebListenerStreams::waitFor(std::chrono::milliseconds time) {
    std::unique_lock lock(mutex_);
    return !wake_.wait_for(lock, time, [this] { return stopping_; });
}

void WebListenerStreams::sendLoop() {
    UdpSocket& socket = *socket_;
    Clock::time_point lastStates{};
    std::vector<std::pair<const Feed*, std::string>> states;
    while (waitFor(kSendTick)) {
        for (const auto& feed : feeds_) {
            Feed& f = *feed;
            const auto stride = static_cast<std::size_t>(f.tap.source().channels());
            const auto frame = static_cast<std::size_t>(f.encoder.frameSamples());
            for (;;) {
                f.filled +=
                    f.tap.read(f.interleaved.data() + f.filled, f.interleaved.size() - f.filled);
                if (f.filled < f.interleaved.size())
                    break;
                // A floor of several channels is heard as their average.
                for (std::size_t s = 0; s < frame; ++s) {
                    float sum = 0.0f;
                    for (std::size_t c = 0; c < stride; ++c)
                        sum += f.interleaved[s * stride + c];
                    f.mono[s] = sum / static_cast<float>(stride);
                }
                f.filled = 0;
                const std::size_t size = f.encoder.encode(f.mono.data(), f.packet);
                if (size > 0) {
                    writeRtp(f.datagram, f.header, std::span(f.packet.data(), size));
                    const std::vector<std::uint8_t>* out = &f.datagram;
                    if (f.srtp && f.srtp->protectRtp(f.datagram, f.secured))
                        out = &f.secured;
                    if (!f.srtp || out == &f.secured)
                        for (const UdpPeer& to : f.audioTo)
                            socket.send(to, *out);
                    f.header.marker = false;
                    ++f.header.sequence;
                }
                f.header.timestamp += static_cast<std::uint32_t>(frame);
            }
        }
        // State messages: each one that changed at once, all of them every kStateEvery.
        const auto now = Clock::now();
        const bool all = now - lastStates >= kStateEvery;
        states.clear();
        {
            const std::lock_guard lock(mutex_);
            for (const auto& feed : feeds_)
                if (all || feed->stateChanged) {
                    states.emplace_back(feed.get(), feed->state);
                    feed->stateChanged = false;
                }
        }
        if (all)
            lastStates = now;
        for (const auto& [feed, state] : states)
            for (const UdpPeer& to : feed->stateTo)
                socket.send(to, std::span(reinterpret_cast<const std::uint8_t*>(state.data()),
                                          state.size()));
    }
}

void WebListenerStreams::janusLoop(std::size_t serverIndex) {
    const JanusServerSettings& server = servers_[serverIndex];
    JanusClient& janus = *clients_[serverIndex];
    std::vector<bool> ready(feeds_.size(), false);
    std::vector<Clock::time_point> retryAt(feeds_.size());
    bool lost = false; // a JanusLost was reported and Janus has not answered since
    bool everConnected = false;
    Clock::time_point nextCount{}, nextKeepalive{};
    auto report = [this, &server](WebListenerReport r) {
        r.janus = server.janus;
        reports_.push(std::move(r));
    };
    auto loseJanus = [&](const JanusError& e) {
        if (!lost)
            report({WebListenerReport::Kind::JanusLost, "", "", 0, e.what(), 0, false});
        lost = true;
        janus.forget();
        std::fill(ready.begin(), ready.end(), false);
        const std::lock_guard lock(mutex_);
        listeners_[serverIndex].clear();
    };
    // Mountpoints an earlier session of ours left that this one does not have: a listener
    // must not find a language that no longer comes. Another's (another secret) stay.
    auto removeFormer = [&] {
        const nlohmann::json list = janus.streaming({{"request", "list"}});
        std::vector<int> ours;
        for (const WebMountpoint& m : mountpoints_)
            ours.push_back(m.id);
        for (const int id : formerMountpoints(list, ours, settings_.firstId)) {
            try {
                janus.streaming({{"request", "destroy"}, {"id", id}, {"secret", settings_.secret}});
                report({WebListenerReport::Kind::Removed, "", "", id, "", 0, false});
            } catch (const JanusError& e) {
                if (e.kind != JanusError::Kind::Refused)
                    throw;
            }
        }
    };
    // Creates the mountpoint, or adopts one of ours that Janus already has as we would make it
    // (a Dragoman that restarted keeps its listeners). One of ours made otherwise (other
    // ports, or encrypted: its key is new) is made again; one that is not ours is refused.
    auto establish = [&](std::size_t i) {
        const Feed& f = *feeds_[i];
        const nlohmann::json create = createRequest(f.mountpoint, settings_, server, f.srtpCrypto);
        bool adopted = false;
        try {
            janus.streaming(create);
        } catch (const JanusError& e) {
            if (e.kind != JanusError::Kind::Refused || e.code != kMountpointExists)
                throw;
            // Janus shows the secret and the ports only to who gives the right secret.
            const nlohmann::json info = janus.streaming(
                {{"request", "info"}, {"id", f.mountpoint.id}, {"secret", settings_.secret}});
            const std::optional<MountpointInfo> details = mountpointInfoIn(info);
            if (!details || details->secret != settings_.secret)
                throw JanusError(JanusError::Kind::Refused, kMountpointExists,
                                 "mountpoint " + std::to_string(f.mountpoint.id) +
                                     " exists and is not ours (another secret): give "
                                     "webListeners.firstId a free range");
            const bool samePort = details->firstMediaPort == f.mountpoint.audioPort(server);
            // The same signal and name: a channel renamed or moved must not keep the old label.
            const bool sameSignal = details->metadata == f.mountpoint.metadata();
            adopted = samePort && sameSignal && f.srtpCrypto.empty();
            if (!adopted) {
                janus.streaming({{"request", "destroy"},
                                 {"id", f.mountpoint.id},
                                 {"secret", settings_.secret}});
                janus.streaming(create);
            }
        }
        ready[i] = true;
        report({WebListenerReport::Kind::Ready, "", f.mountpoint.signal, f.mountpoint.id, "", 0,
                everConnected && !adopted});
    };
    while (waitFor(std::chrono::milliseconds(250))) {
        const auto now = Clock::now();
        try {
            if (!janus.connected()) {
                janus.connect();
                lost = false;
                removeFormer();
            }
            for (std::size_t i = 0; i < feeds_.size(); ++i) {
                if (ready[i] || now < retryAt[i])
                    continue;
                try {
                    establish(i);
                } catch (const JanusError& e) {
                    if (e.kind != JanusError::Kind::Refused)
                        throw;
                    report({WebListenerReport::Kind::Refused, "", feeds_[i]->mountpoint.signal,
                            feeds_[i]->mountpoint.id, e.what(), 0, false});
                    retryAt[i] = now + std::chrono::seconds(60);
                }
            }
            everConnected = true;
            // A restarted Janus forgot our session: found out within half a second.
            if (now >= nextKeepalive) {
                nextKeepalive = now + kKeepaliveEvery;
                janus.keepalive();
            }
            if (now >= nextCount) {
                nextCount = now + kCountEvery;
                for (std::size_t i = 0; i < feeds_.size(); ++i) {
                    if (!ready[i])
                        continue;
                    const WebMountpoint& m = feeds_[i]->mountpoint;
                    nlohmann::json info;
                    try {
                        info = janus.streaming(
                            {{"request", "info"}, {"id", m.id}, {"secret", settings_.secret}});
                    } catch (const JanusError& e) {
                        if (e.kind == JanusError::Kind::Refused && e.code == kNoSuchMountpoint) {
                            ready[i] = false; // someone destroyed it: made again
                            continue;
                        }
                        throw;
                    }
                    const std::optional<MountpointInfo> read = mountpointInfoIn(info);
                    if (!read || !read->viewers)
                        continue;
                    const int count = static_cast<int>(std::clamp<std::int64_t>(
                        *read->viewers, 0, std::numeric_limits<int>::max()));
                    bool changed = false;
                    {
                        const std::lock_guard lock(mutex_);
                        auto& counts = listeners_[serverIndex];
                        const auto it = counts.find(m.signal);
                        changed = it == counts.end() || it->second != count;
                        counts[m.signal] = count;
                    }
                    if (changed)
                        report({WebListenerReport::Kind::Listeners, "", m.signal, m.id, "", count,
                                false});
                }
            }
        } catch (const JanusError& e) {
            loseJanus(e);
            waitFor(std::chrono::milliseconds(750)); // a second between tries in all
        } catch (const std::exception& e) {
            // Anything else (no memory...): taken as Janus lost, never the thread's end.
            loseJanus(JanusError(JanusError::Kind::Garbled, 0, e.what()));
            waitFor(std::chrono::milliseconds(750));
        }
    }
}

} // namespace dragoman
