// See RemoteConsoleClient.h.
#include "RemoteConsoleClient.h"

#include "remotebooth/RemoteClock.h"

#include <algorithm>
#include <random>

namespace dragoman {

namespace {

using Clock = std::chrono::steady_clock;

constexpr auto kResendEvery = std::chrono::milliseconds(100);
constexpr auto kPingEvery = std::chrono::milliseconds(250);

} // namespace

RemoteConsoleClient::RemoteConsoleClient(RemoteConsoleOptions options)
    : options_(std::move(options)), host_(UdpPeer::resolve(options_.host, options_.port)),
      socket_(host_.isIpv6() ? "::" : "0.0.0.0", 0) {}

RemoteConsoleClient::~RemoteConsoleClient() {
    leave();
}

void RemoteConsoleClient::join() {
    const RemoteNonce nonce = randomNonce();
    const auto hello = serializeHandshake(HelloMessage{options_.console, nonce});
    const auto deadline = Clock::now() + std::chrono::milliseconds(
                                             static_cast<int>(options_.joinTimeoutSeconds * 1000));
    auto lastSent = Clock::time_point{};
    // Hello until challenged, then join until welcomed; each resent every 250 ms (UDP).
    auto challengedAt = Clock::time_point{};
    while (!welcomed_) {
        const auto now = Clock::now();
        if (options_.ignoreHostProof && srtp_ && now - challengedAt > std::chrono::seconds(1)) {
            onControl(WelcomeMessage{}); // the stranger pushes on with the usual settings
            break;
        }
        if (now >= deadline)
            throw RemoteJoinError("no answer from " + host_.describe() + " within " +
                                  std::to_string(static_cast<int>(options_.joinTimeoutSeconds)) +
                                  " s");
        if (now - lastSent >= std::chrono::milliseconds(250)) {
            lastSent = now;
            if (!srtp_)
                socket_.send(host_, hello);
            else
                sendControl(JoinMessage{});
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
        std::mt19937 random{std::random_device{}()};
        ssrc_ = static_cast<std::uint32_t>(random());
        lastSent = {};
        challengedAt = Clock::now();
    }
}

void RemoteConsoleClient::sendControl(const ControlMessage& message) {
    if (srtp_ && srtp_->protectRtcp(serializeControl(message, ssrc_), wire_))
        socket_.send(host_, wire_);
}

void RemoteConsoleClient::poll(Clock::time_point until) {
    while (true) {
        const auto now = Clock::now();
        const auto wait = until > now
                              ? std::chrono::duration_cast<std::chrono::milliseconds>(until - now)
                              : std::chrono::milliseconds(0);
        UdpPeer from;
        const auto size = socket_.receiveInto(datagram_, from, wait);
        if (!size) {
            if (Clock::now() >= until)
                return;
            continue;
        }
        if (from == host_ && srtp_)
            receive(std::span(datagram_).first(*size));
        else
            ++malformed_;
    }
}

void RemoteConsoleClient::receive(std::span<std::uint8_t> datagram) {
    if (isHandshake(datagram) || datagram.size() < 12) {
        ++malformed_;
        return;
    }
    std::size_t size = 0;
    if (isRtcp(datagram)) {
        const SrtpRefusal refusal = srtp_->unprotectRtcp(datagram, size);
        if (refusal == SrtpRefusal::Forged)
            ++forged_;
        if (refusal != SrtpRefusal::None)
            return;
        const ControlParse parse = parseControl(datagram.first(size));
        if (parse.message)
            onControl(*parse.message);
        else
            ++malformed_;
        return;
    }
    const SrtpRefusal refusal = srtp_->unprotectRtp(datagram, size);
    if (refusal == SrtpRefusal::Forged)
        ++forged_;
    if (refusal == SrtpRefusal::Replayed)
        ++replayed_;
    if (refusal != SrtpRefusal::None || !receiver_)
        return;
    const RtpParse parse = parseRtp(datagram.first(size));
    if (parse.packet)
        receiver_->push(*parse.packet, monotonicSeconds());
    else
        ++malformed_;
}

void RemoteConsoleClient::onControl(const ControlMessage& message) {
    std::visit(
        [&](const auto& m) {
            using M = std::decay_t<decltype(m)>;
            if constexpr (std::is_same_v<M, WelcomeMessage>) {
                if (welcomed_)
                    return;
                welcomed_ = true;
                frameSamples_ = m.frameSamples;
                const OpusVoiceSettings settings{m.frameSamples / 48.0, m.bitrateKbps, 10};
                sender_ = std::make_unique<RemoteAudioSender>(settings, ssrc_, m.redundancy);
                // Two frames, so the redundancy of a lost packet has arrived when it is due.
                receiver_ = std::make_unique<RemoteAudioReceiver>(m.frameSamples, 2);
            } else if constexpr (std::is_same_v<M, StateMessage>) {
                if (state_ && m.sequence <= state_->sequence)
                    return; // an older state overtaken on the way
                const bool changed = !state_ || [&] {
                    StateMessage a = *state_;
                    a.sequence = m.sequence;
                    return !(a == m);
                }();
                state_ = m;
                if (changed)
                    events_.push_back({RemoteConsoleEvent::Kind::State, {}, {}});
            } else if constexpr (std::is_same_v<M, AckMessage>) {
                const auto it = std::find_if(keys_.begin(), keys_.end(), [&](const PendingKey& k) {
                    return k.message.sequence == m.sequence;
                });
                if (it == keys_.end())
                    return; // acknowledged before
                events_.push_back({m.refusal.empty() ? RemoteConsoleEvent::Kind::KeyDone
                                                     : RemoteConsoleEvent::Kind::KeyRefused,
                                   it->message.key, m.refusal});
                keys_.erase(it);
            } else if constexpr (std::is_same_v<M, PingMessage>) {
                sendControl(PongMessage{m.id, m.sentNs, fromHost_});
            } else if constexpr (std::is_same_v<M, PongMessage>) {
                roundTripMs_ = static_cast<double>(monotonicNanoseconds() - m.sentNs) / 1e6;
                toHost_ = m.report;
            } else if constexpr (std::is_same_v<M, ByeMessage>) {
                srtp_.reset();
                events_.push_back({RemoteConsoleEvent::Kind::HostLeft, {}, "the host said bye"});
            } else {
                ++malformed_;
            }
        },
        message);
}

void RemoteConsoleClient::exchange(const float* mic, float* phones) {
    if (!sender_ || !receiver_) {
        std::fill(phones, phones + frameSamples_, 0.0f);
        return;
    }
    if (srtp_ && srtp_->protectRtp(sender_->packetize(mic), wire_))
        socket_.send(host_, wire_);
    receiver_->play(phones, static_cast<std::uint32_t>(frameSamples_));
    const auto now = Clock::now();
    for (PendingKey& key : keys_)
        if (now - key.sentAt >= kResendEvery) {
            key.sentAt = now;
            sendControl(key.message);
        }
    if (now - lastPing_ >= kPingEvery) {
        lastPing_ = now;
        sendControl(PingMessage{++pingId_, monotonicNanoseconds()});
    }
    if (now - lastMeasure_ >= std::chrono::seconds(1)) {
        lastMeasure_ = now;
        measure();
    }
}

// The headphone mix's path over the last second, for the host (in pongs) and path().
void RemoteConsoleClient::measure() {
    const RemoteAudioReceiver::Stats s = receiver_->stats();
    const std::uint64_t lost = s.recoveredByRedundancy + s.unrecovered;
    const double played = static_cast<double>(s.buffer.played - playedBefore_);
    auto percent = [played](std::uint64_t count) {
        return played > 0.0 ? static_cast<float>(100.0 * static_cast<double>(count) / played)
                            : 0.0f;
    };
    fromHost_.bufferMs = static_cast<float>(s.heldFrames * frameSamples_ / 48.0);
    fromHost_.lossPercent = percent(lost - lostBefore_);
    fromHost_.concealPercent = percent(s.unrecovered - unrecoveredBefore_);
    fromHost_.jitterMs = static_cast<float>(s.buffer.jitterMs);
    playedBefore_ = s.buffer.played;
    lostBefore_ = lost;
    unrecoveredBefore_ = s.unrecovered;
}

void RemoteConsoleClient::press(const std::string& key, float value) {
    PendingKey pending{KeyMessage{nextKey_++, value, key}, Clock::now()};
    sendControl(pending.message);
    keys_.push_back(std::move(pending));
}

void RemoteConsoleClient::leave() {
    if (!srtp_)
        return;
    sendControl(ByeMessage{});
    srtp_.reset();
}

RemoteConsolePath RemoteConsoleClient::path() const {
    RemoteConsolePath p;
    p.roundTripMs = roundTripMs_;
    p.toHost = toHost_;
    p.fromHost = fromHost_;
    if (receiver_)
        p.receiver = receiver_->stats();
    p.forged = forged_;
    p.malformed = malformed_;
    p.replayed = replayed_;
    return p;
}

} // namespace dragoman
