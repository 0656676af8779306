// See IcecastStreams.h.
#include "IcecastStreams.h"

#include "record/OpusEncoding.h"

#include <algorithm>
#include <csignal>
#include <opus/opusenc.h>
#include <pthread.h>
#include <shout/shout.h>
#include <utility>

namespace dragoman {

struct IcecastStreams::Mount {
    Mount(SignalSource source, std::string mountPath, double sampleRate)
        : tap(std::move(source), sampleRate, kRingSeconds), path(std::move(mountPath)),
          pending(SignalTap::kMaxBlockFrames * static_cast<std::size_t>(tap.source().channels())) {}
    SignalTap tap;
    const std::string path; // "/en.opus"
    std::vector<float> pending;
    std::thread thread;
};

namespace {

// Ogg pages the server has not taken yet: beyond this the connection counts as broken
// (about 15 s of a 64 kbit/s stream).
constexpr std::size_t kMostQueued = 128 * 1024;
constexpr auto kConnectTimeout = std::chrono::seconds(10);

// One connection: libshout's source client and the Ogg Opus stream it carries. Non-blocking,
// so a dead server never holds the thread (or the program's stop) for a TCP timeout.
class Connection {
public:
    Connection(const StreamSettings& settings, const SignalSource& source, const std::string& mount)
        : shout_(shout_new()) {
        shout_set_host(shout_, settings.host.c_str());
        shout_set_port(shout_, static_cast<unsigned short>(settings.port));
        shout_set_user(shout_, settings.user.c_str());
        shout_set_password(shout_, settings.password.c_str());
        shout_set_mount(shout_, mount.c_str());
        shout_set_protocol(shout_, SHOUT_PROTOCOL_HTTP);
        shout_set_content_format(shout_, SHOUT_FORMAT_OGG, SHOUT_USAGE_AUDIO, nullptr);
        shout_set_tls(shout_, SHOUT_TLS_DISABLED);
        shout_set_public(shout_, settings.listed ? 1 : 0);
        shout_set_meta(shout_, SHOUT_META_NAME, source.name.c_str());
        shout_set_meta(shout_, SHOUT_META_DESCRIPTION, source.title.c_str());
        shout_set_meta(shout_, SHOUT_META_GENRE, "Simultaneous interpretation");
        if (!source.language.empty())
            shout_set_content_language(shout_, source.language.c_str());
        const std::string bitrate = std::to_string(settings.opus.bitrateKbps);
        shout_set_audio_info(shout_, SHOUT_AI_BITRATE, bitrate.c_str());
        shout_set_audio_info(shout_, SHOUT_AI_CHANNELS, std::to_string(source.channels()).c_str());
        shout_set_nonblocking(shout_, 1);
    }
    ~Connection() {
        if (encoder_ != nullptr)
            ope_encoder_destroy(encoder_);
        shout_close(shout_);
        shout_free(shout_);
    }
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;

    // Starts connecting; "" or why it cannot.
    std::string open() {
        const int result = shout_open(shout_);
        if (result == SHOUTERR_SUCCESS || result == SHOUTERR_BUSY)
            return {};
        return shout_get_error(shout_);
    }
    // Connected, still connecting, or failed (with the reason).
    enum class State { Connecting, Connected, Failed };
    State poll(std::string& reason) {
        const int result = shout_get_connected(shout_);
        if (result == SHOUTERR_CONNECTED)
            return State::Connected;
        if (result == SHOUTERR_BUSY)
            return State::Connecting;
        reason = shout_get_error(shout_);
        return State::Failed;
    }

    // Once connected: the Ogg Opus stream for this connection (headers go out first).
    bool startEncoder(const SignalSource& source, double sampleRate, const OpusSettings& opus,
                      const RecordingTags& tags) {
        OggOpusComments* comments = opusComments(tags);
        int error = 0;
        encoder_ =
            ope_encoder_create_pull(comments, static_cast<opus_int32>(sampleRate),
                                    source.channels(), source.channels() <= 2 ? 0 : 1, &error);
        ope_comments_destroy(comments);
        if (encoder_ == nullptr)
            return false;
        configureOpusEncoder(encoder_, opus, 9600, // pages of at most 0.2 s: low latency
                             OpusBitrate::Constant);
        return true;
    }

    // Encodes and sends; "" or why the connection broke.
    std::string send(const float* interleaved, std::uint32_t frames) {
        ope_encoder_write_float(encoder_, interleaved, static_cast<int>(frames));
        unsigned char* page = nullptr;
        opus_int32 length = 0;
        while (ope_encoder_get_page(encoder_, &page, &length, 0) != 0) {
            const int result = shout_send(shout_, page, static_cast<std::size_t>(length));
            if (result != SHOUTERR_SUCCESS && result != SHOUTERR_BUSY)
                return shout_get_error(shout_);
        }
        if (shout_queuelen(shout_) > static_cast<ssize_t>(kMostQueued))
            return "the server stopped taking the stream";
        return {};
    }

private:
    shout_t* shout_;
    OggOpusEnc* encoder_ = nullptr;
};

} // namespace

IcecastStreams::IcecastStreams(const Session& session, const EngineLayout& layout,
                               double sampleRate)
    : settings_(session.streams.value_or(StreamSettings{})), sessionName_(session.name),
      sampleRate_(sampleRate) {
    shout_init();
    std::vector<std::string> ids;
    for (const auto& [signal, mount] : settings_.mounts)
        ids.push_back(signal);
    if (ids.empty())
        for (const LanguageChannel& channel : session.channels)
            ids.push_back(channel.id);
    for (SignalSource& source : signalSources(session, layout, ids, settings_.feed)) {
        const auto named = settings_.mounts.find(source.id);
        std::string path =
            named != settings_.mounts.end() ? named->second : "/" + source.id + ".opus";
        mounts_.push_back(std::make_unique<Mount>(std::move(source), std::move(path), sampleRate));
    }
    for (auto& mount : mounts_)
        mount->thread = std::thread([this, m = mount.get()] { run(*m); });
}

IcecastStreams::~IcecastStreams() {
    {
        const std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    for (auto& mount : mounts_)
        mount->thread.join();
    shout_shutdown();
}

void IcecastStreams::capture(const AudioBuffers& io) noexcept {
    for (const auto& mount : mounts_)
        mount->tap.capture(io);
}

std::vector<StreamReport> IcecastStreams::takeReports() {
    return reports_.take();
}

void IcecastStreams::report(StreamReport report) {
    reports_.push(std::move(report));
}

void IcecastStreams::run(Mount& m) {
    using Clock = std::chrono::steady_clock;
    // libshout writes to its socket without MSG_NOSIGNAL: a server that vanished would raise
    // SIGPIPE, whose default action ends the whole program (a DAW, with the plugin). Blocked
    // in this thread, the write fails with EPIPE instead and the mount retries.
    sigset_t pipe;
    sigemptyset(&pipe);
    sigaddset(&pipe, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &pipe, nullptr);
    const SignalSource& source = m.tap.source();
    const std::string url =
        "http://" + settings_.host + ":" + std::to_string(settings_.port) + m.path;
    const RecordingTags tags{source.title, source.language, source.id, sessionName_, ""};
    std::unique_ptr<Connection> connection;
    bool connected = false;
    std::chrono::milliseconds retry = kFirstRetry;
    Clock::time_point nextTry = Clock::now(), connectingSince{};
    auto fail = [&](const std::string& reason) {
        report({StreamReport::Kind::Failed, source.id, url, reason,
                std::chrono::duration<double>(retry).count()});
        connection.reset();
        connected = false;
        nextTry = Clock::now() + retry;
        retry = std::min(retry * 2, kLongestRetry);
    };
    const auto stride = static_cast<std::size_t>(source.channels());
    for (;;) {
        {
            std::unique_lock lock(mutex_);
            if (wake_.wait_for(lock, std::chrono::milliseconds(50), [this] { return stopping_; }))
                break;
        }
        const auto now = Clock::now();
        if (!connection && now >= nextTry) {
            connection = std::make_unique<Connection>(settings_, source, m.path);
            connectingSince = now;
            if (const std::string reason = connection->open(); !reason.empty())
                fail(reason);
        }
        if (connection && !connected) {
            std::string reason;
            switch (connection->poll(reason)) {
            case Connection::State::Connected:
                if (connection->startEncoder(source, sampleRate_, settings_.opus, tags)) {
                    connected = true;
                    retry = kFirstRetry;
                    report({StreamReport::Kind::Connected, source.id, url, "", 0.0});
                } else {
                    fail("cannot start the Opus encoder");
                }
                break;
            case Connection::State::Connecting:
                if (now - connectingSince > kConnectTimeout)
                    fail("no answer from the server");
                break;
            case Connection::State::Failed:
                fail(reason);
                break;
            }
        }
        // Drained whether or not it is sent: the ring never fills while the server is away.
        for (std::size_t n; (n = m.tap.read(m.pending.data(), m.pending.size())) > 0;)
            if (connected)
                if (const std::string reason =
                        connection->send(m.pending.data(), static_cast<std::uint32_t>(n / stride));
                    !reason.empty()) {
                    fail("connection lost: " + reason);
                    break;
                }
    }
}

} // namespace dragoman
