// See RemoteConsoleClient.h.
#include "RemoteConsoleClient.h"

#include "base/RealtimePriority.h"
#include "remotebooth/RemoteClock.h"

#include <algorithm>
#include <random>

namespace dragoman {

namespace {

using Clock = std::chrono::steady_clock;

constexpr auto kResendEvery = std::chrono::milliseconds(100);
constexpr auto kFirstResend = std::chrono::milliseconds(250);
constexpr auto kLongestResend = std::chrono::milliseconds(1000);
// A host's cookie is good for 10 to 20 s (JoinCookies); a confirm unanswered for 3 s is
// answered no more (a restarted host), so the console says hello again.
constexpr auto kChallengeGoodFor = std::chrono::seconds(3);
constexpr auto kPingEvery = std::chrono::milliseconds(250);
constexpr auto kHostSilence = std::chrono::seconds(5);
// The network thread looks at its timers (resends, pings, the host's silence) at least this
// often; audio, keys and messages wake it at once.
constexpr auto kLongestWait = std::chrono::milliseconds(5);
// Datagrams taken at one turn before it looks at the mic again.
constexpr int kDatagramsPerTurn = 16;

} // namespace

RemoteConsoleClient::RemoteConsoleClient(RemoteConsoleOptions options)
    : options_(std::move(options)), host_(UdpPeer::resolve(options_.host, options_.port)),
      socket_(host_.isIpv6() ? "::" : "0.0.0.0", 0) {}

RemoteConsoleClient::~RemoteConsoleClient() {
    leave();
}

void RemoteConsoleClient::join() {
    RemoteNonce nonce = randomNonce();
    auto hello = serializeHandshake(HelloMessage{options_.console, nonce});
    std::vector<std::uint8_t> confirm;
    const auto deadline = Clock::now() + std::chrono::milliseconds(
                                             static_cast<int>(options_.joinTimeoutSeconds * 1000));
    auto lastSent = Clock::time_point{};
    auto challengedAt = Clock::time_point{};
    // Hello until challenged, then confirm and join until welcomed (UDP: resent). Resends back
    // off from 250 ms to 1 s, with a random part, so consoles that a flood or a restarted host
    // kept waiting do not all ask again at once.
    std::minstd_rand jitter(static_cast<unsigned>(nonce[0] | (nonce[1] << 8)));
    auto interval = kFirstResend;
    while (!welcomed_) {
        const auto now = Clock::now();
        if (options_.ignoreHostProof && srtp_ && now - challengedAt > std::chrono::seconds(1)) {
            onControl(WelcomeMessage{}); // the stranger pushes on with the usual settings
            break;
        }
        if (options_.cancel != nullptr && options_.cancel->load())
            throw RemoteJoinError("cancelled");
        if (now >= deadline)
            throw RemoteJoinError("no answer from " + host_.describe() + " within " +
                                  std::to_string(static_cast<int>(options_.joinTimeoutSeconds)) +
                                  " s");
        // Challenged but never welcomed (the host restarted, and its cookie is gone): start
        // over with a new hello.
        if (srtp_ && !options_.ignoreHostProof && now - challengedAt > kChallengeGoodFor) {
            srtp_.reset();
            nonce = randomNonce();
            hello = serializeHandshake(HelloMessage{options_.console, nonce});
            interval = kFirstResend;
            lastSent = {};
        }
        if (now - lastSent >= interval) {
            lastSent = now;
            if (!srtp_) {
                socket_.send(host_, hello);
            } else {
                socket_.send(host_, confirm);
                sendControl(JoinMessage{});
            }
            interval = std::min(interval * 2, kLongestResend);
            interval += std::chrono::milliseconds(jitter() % 50);
        }
        UdpPeer from;
        const auto size = socket_.receiveInto(datagram_, from, std::chrono::milliseconds(20));
        if (!size || !(from == host_))
            continue;
        const std::span<std::uint8_t> datagram = std::span(datagram_).first(*size);
        if (!isHandshake(datagram)) {
            if (srtp_)
                receive(datagram);
            continue;
        }
        const HandshakeParse parse = parseHandshake(datagram);
        if (!parse.message)
            continue;
        if (const auto* refused = std::get_if<RefusedMessage>(&*parse.message))
            throw RemoteJoinError("the host refused: " + refused->reason);
        const auto* challenge = std::get_if<ChallengeMessage>(&*parse.message);
        if (challenge == nullptr || challenge->consoleNonce != nonce || srtp_)
            continue;
        const RemotePathKeys keys =
            deriveRemotePathKeys(options_.secret, options_.console, nonce, challenge->hostNonce);
        if (!sameProof(keys.hostProof, challenge->proof) && !options_.ignoreHostProof)
            throw RemoteJoinError("the host could not prove it knows the console's secret: "
                                  "a wrong secret here, or not the host it claims to be");
        srtp_ = std::make_unique<SrtpSession>(keys.consoleToHost, keys.hostToConsole);
        ssrc_ = randomRtpWord();
        confirm = serializeHandshake(
            ConfirmMessage{options_.console, nonce, challenge->hostNonce, keys.consoleProof});
        lastSent = {};
        interval = kFirstResend;
        challengedAt = Clock::now();
    }
    lastHeard_ = Clock::now();
    joined_.store(true);
    running_.store(true);
    thread_ = std::thread([this] { serve(); });
}

void RemoteConsoleClient::sendControl(const ControlMessage& message) {
    if (srtp_ && srtp_->protectRtcp(serializeControl(message, ssrc_), wire_))
        socket_.send(host_, wire_);
}

// --- network thread ---------------------------------------------------------------------------

void RemoteConsoleClient::serve() {
    raiseToRealtime(RealtimeRole::Network); // the mic and the headphones cross here
    while (running_.load(std::memory_order_relaxed)) {
        // Woken by a datagram, a mic frame the audio thread has just completed, a key or a
        // message to post, or the timers' time: a frame leaves the moment it is whole.
        const UdpSocket::Ready ready = socket_.wait(wake_, kLongestWait);
        if (ready.woken)
            wake_.clear();
        if (mic_)
            mic_->takeFrames([&](std::span<const float> frame) {
                if (joined_.load(std::memory_order_relaxed) &&
                    srtp_->protectRtp(sender_->packetize(frame.data()), wire_))
                    socket_.send(host_, wire_);
            });
        if (ready.datagram)
            socket_.receiveWaiting(datagram_, kDatagramsPerTurn,
                                   [&](std::span<std::uint8_t> bytes, const UdpPeer& from) {
                                       if (from == host_) {
                                           receive(bytes);
                                       } else {
                                           std::lock_guard lock(mutex_);
                                           ++malformed_;
                                       }
                                   });
        const auto now = Clock::now();
        std::vector<ControlMessage> resend;
        {
            std::lock_guard lock(mutex_);
            for (Pending& p : pending_)
                if (now - p.sentAt >= kResendEvery) {
                    p.sentAt = now;
                    resend.push_back(
                        std::visit([](const auto& m) { return ControlMessage{m}; }, p.message));
                }
        }
        for (const ControlMessage& m : resend)
            sendControl(m);
        if (now - lastPing_ >= kPingEvery) {
            lastPing_ = now;
            sendControl(PingMessage{++pingId_, monotonicNanoseconds()});
        }
        if (now - lastMeasure_ >= std::chrono::seconds(1)) {
            lastMeasure_ = now;
            measure();
        }
        if (joined_.load() && now - lastHeard_ > kHostSilence) {
            joined_.store(false);
            std::lock_guard lock(mutex_);
            tell({RemoteConsoleEvent::Kind::HostLeft, {}, "the host went silent for 5 s"});
        }
    }
}

void RemoteConsoleClient::receive(std::span<std::uint8_t> datagram) {
    if (isHandshake(datagram) || datagram.size() < 12) {
        std::lock_guard lock(mutex_);
        ++malformed_;
        return;
    }
    std::size_t size = 0;
    if (isRtcp(datagram)) {
        const SrtpRefusal refusal = srtp_->unprotectRtcp(datagram, size);
        if (refusal != SrtpRefusal::None) {
            std::lock_guard lock(mutex_);
            forged_ += refusal == SrtpRefusal::Forged ? 1 : 0;
            return;
        }
        const ControlParse parse = parseControl(datagram.first(size));
        if (parse.message) {
            lastHeard_ = Clock::now();
            onControl(*parse.message);
        } else {
            std::lock_guard lock(mutex_);
            ++malformed_;
        }
        return;
    }
    const SrtpRefusal refusal = srtp_->unprotectRtp(datagram, size);
    if (refusal != SrtpRefusal::None) {
        std::lock_guard lock(mutex_);
        forged_ += refusal == SrtpRefusal::Forged ? 1 : 0;
        replayed_ += refusal == SrtpRefusal::Replayed ? 1 : 0;
        return;
    }
    const RtpParse parse = parseRtp(datagram.first(size));
    const auto packet =
        parse.packet ? QueuedPacket::of(*parse.packet, monotonicSeconds()) : std::nullopt;
    if (!packet) {
        std::lock_guard lock(mutex_);
        ++malformed_;
        return;
    }
    lastHeard_ = Clock::now();
    if (!inbound_.push(*packet)) { // a full queue: the audio thread stalled
        std::lock_guard lock(mutex_);
        ++droppedWhileStalled_;
    }
}

void RemoteConsoleClient::onControl(const ControlMessage& message) {
    std::visit(
        [&](const auto& m) {
            using M = std::decay_t<decltype(m)>;
            if constexpr (std::is_same_v<M, WelcomeMessage>) {
                if (welcomed_)
                    return; // a resent welcome
                welcomed_ = true;
                welcome_ = m;
                frameSamples_ = m.frameSamples;
                const OpusVoiceSettings settings{m.frameSamples / 48.0, m.bitrateKbps, 10};
                sender_ = std::make_unique<RemoteAudioSender>(settings, ssrc_, m.redundancy);
                // Two frames once the path has lost a packet (its copy in the next one has
                // arrived when it is due), one while it loses none.
                receiver_ = std::make_unique<RemoteAudioReceiver>(
                    m.frameSamples, 2, kRemoteBoothDrift,
                    RemoteAudioReceiver::Payload{true, kOpusPayloadType},
                    kRemoteBoothRedundancyWait);
                // A second of the mic at most, if this thread stalls.
                mic_ = std::make_unique<BlockToFrames>(static_cast<std::size_t>(m.frameSamples),
                                                       48000);
            } else if constexpr (std::is_same_v<M, StateMessage>) {
                std::lock_guard lock(mutex_);
                if (state_ && m.sequence <= state_->sequence)
                    return; // an older state overtaken on the way
                const bool changed = !state_ || !state_->sameStateAs(m);
                state_ = m;
                if (changed)
                    tell({RemoteConsoleEvent::Kind::State, {}, {}});
            } else if constexpr (std::is_same_v<M, AckMessage>) {
                std::lock_guard lock(mutex_);
                const auto it =
                    std::find_if(pending_.begin(), pending_.end(),
                                 [&](const Pending& p) { return p.sequence() == m.sequence; });
                if (it == pending_.end())
                    return; // acknowledged before
                using Kind = RemoteConsoleEvent::Kind;
                const bool done = m.refusal.empty();
                if (const auto* key = std::get_if<KeyMessage>(&it->message))
                    tell({done ? Kind::KeyDone : Kind::KeyRefused, key->key, m.refusal});
                else
                    tell({done ? Kind::MessagePosted : Kind::MessageRefused, {}, m.refusal});
                pending_.erase(it);
            } else if constexpr (std::is_same_v<M, DeliveryMessage>) {
                sendControl(AckMessage{m.number, {}}); // taken, whether shown or not
                std::lock_guard lock(mutex_);
                received(m);
            } else if constexpr (std::is_same_v<M, PingMessage>) {
                PathReport report;
                {
                    std::lock_guard lock(mutex_);
                    report = fromHost_;
                }
                sendControl(PongMessage{m.id, m.sentNs, report});
            } else if constexpr (std::is_same_v<M, PongMessage>) {
                std::lock_guard lock(mutex_);
                roundTripMs_ = static_cast<double>(monotonicNanoseconds() - m.sentNs) / 1e6;
                toHost_ = m.report;
            } else if constexpr (std::is_same_v<M, ByeMessage>) {
                joined_.store(false);
                std::lock_guard lock(mutex_);
                tell({RemoteConsoleEvent::Kind::HostLeft, {}, "the host said bye"});
            } else {
                std::lock_guard lock(mutex_);
                ++malformed_;
            }
        },
        message);
}

// The headphone mix's path over the last second, for the host (in pongs) and path().
void RemoteConsoleClient::measure() {
    const PathReport report = window_.next(received_.read(), frameSamples_ / 48.0);
    std::lock_guard lock(mutex_);
    fromHost_ = report;
}

// --- audio thread -----------------------------------------------------------------------------

void RemoteConsoleClient::process(const float* mic, float* phones, std::uint32_t frames) noexcept {
    if (!receiver_ || !running_.load(std::memory_order_acquire)) {
        std::fill(phones, phones + frames, 0.0f);
        return;
    }
    if (mic_->push(mic, frames))
        wake_.signal();
    QueuedPacket packet;
    while (inbound_.pop(packet))
        receiver_->push(packet.view(), packet.arrival);
    receiver_->play(phones, frames);
    received_.publish(receiver_->stats());
}

// --- control threads --------------------------------------------------------------------------

void RemoteConsoleClient::press(const std::string& key, float value) {
    std::lock_guard lock(mutex_);
    // Sent by the network thread at its next turn (a resend time of "long ago").
    pending_.push_back({KeyMessage{nextSequence_++, value, key}, Clock::time_point{}});
    wake_.signal();
}

void RemoteConsoleClient::post(const MessageRecipient& to, QuickMessage quick,
                               const std::string& text) {
    std::lock_guard lock(mutex_);
    pending_.push_back(
        {PostMessage{nextSequence_++, static_cast<std::uint8_t>(quick), recipientText(to), text},
         Clock::time_point{}});
    wake_.signal();
}

// A delivered message: shown once (by number: the host resends until it hears the ack), if
// it is fit to show.
void RemoteConsoleClient::received(const DeliveryMessage& d) {
    if (std::any_of(messages_.begin(), messages_.end(),
                    [&](const BoothMessage& m) { return m.number == d.number; }))
        return;
    const RecipientParse to = parseRecipient(d.to);
    const bool knownQuick = d.quick <= kQuickMessages.size();
    if (!to.recipient || !knownQuick || !messageTextProblem(d.text).empty() ||
        !messageTextProblem(d.from).empty() || d.from.empty()) {
        ++unfit_;
        return;
    }
    BoothMessage m{
        .number = d.number,
        .from = d.from,
        .to = *to.recipient,
        .quick = static_cast<QuickMessage>(d.quick),
        .text = d.text,
        .sentAt = std::chrono::system_clock::time_point(std::chrono::milliseconds(d.sentAtMs))};
    // In number order, whatever order the network brought them in.
    const auto at = std::find_if(messages_.begin(), messages_.end(),
                                 [&](const BoothMessage& k) { return k.number > m.number; });
    tell({RemoteConsoleEvent::Kind::MessageReceived, {}, m.words()});
    messages_.insert(at, std::move(m));
    if (messages_.size() > kKeptMessages)
        messages_.erase(messages_.begin());
}

std::vector<BoothMessage> RemoteConsoleClient::messages() const {
    std::lock_guard lock(mutex_);
    return messages_;
}

std::uint64_t RemoteConsoleClient::unfitMessages() const {
    std::lock_guard lock(mutex_);
    return unfit_;
}

std::optional<StateMessage> RemoteConsoleClient::state() const {
    std::lock_guard lock(mutex_);
    return state_;
}

// With mutex_ held. A face that never takes its events (one that only reads state()) must not
// make them grow all day: past kMostEvents the oldest go.
void RemoteConsoleClient::tell(RemoteConsoleEvent event) {
    if (events_.size() == kMostEvents)
        events_.erase(events_.begin());
    events_.push_back(std::move(event));
}

std::vector<RemoteConsoleEvent> RemoteConsoleClient::takeEvents() {
    std::lock_guard lock(mutex_);
    return std::exchange(events_, {});
}

void RemoteConsoleClient::leave() {
    if (running_.exchange(false))
        thread_.join();
    if (joined_.exchange(false))
        sendControl(ByeMessage{});
}

RemoteConsolePath RemoteConsoleClient::path() const {
    RemoteConsolePath p;
    {
        std::lock_guard lock(mutex_);
        p.roundTripMs = roundTripMs_;
        p.toHost = toHost_;
        p.fromHost = fromHost_;
        p.forged = forged_;
        p.malformed = malformed_;
        p.replayed = replayed_;
        p.droppedWhileStalled = droppedWhileStalled_;
    }
    p.receiver = received_.read();
    return p;
}

} // namespace dragoman
