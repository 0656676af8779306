// See MeetingFloor.h.
#include "MeetingFloor.h"

#include "janus/JanusClient.h"
#include "meeting/MeetingAnswers.h"
#include "net/UdpSocket.h"
#include "rtp/RtpPacket.h"
#include "rtp/SrtpSession.h"

#include <algorithm>
#include <cmath>

namespace dragoman {
namespace {

using Clock = std::chrono::steady_clock;

std::int64_t nowNs() {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now().time_since_epoch())
        .count();
}

double nowSeconds() {
    return static_cast<double>(nowNs()) / 1e9;
}

bool isIpv6Literal(const std::string& host) {
    return host.find(':') != std::string::npos;
}

} // namespace

MeetingFloor::MeetingFloor(const MeetingSettings& settings, std::string description)
    : settings_(settings), description_(std::move(description)), ssrc_(randomRtpWord()),
      socket_(std::make_unique<UdpSocket>(isIpv6Literal(settings.floorHost) ? "::" : "0.0.0.0",
                                          settings.floorPort)),
      // Two frames held at least (40 ms): a lost packet is then rebuilt from the next one's
      // FEC; the device's blocks are shorter than a frame.
      receiver_(kFrameSamples, 2, RemoteAudioReceiver::Drift::Resample,
                RemoteAudioReceiver::Payload{false, kPayloadType}),
      decoded_(8192, 0.0f) {
    receiving_ = std::thread([this] { receiveLoop(); });
    janus_ = std::thread([this] { janusLoop(); });
}

MeetingFloor::~MeetingFloor() {
    {
        const std::lock_guard lock(mutex_);
        stopping_.store(true, std::memory_order_release);
    }
    wake_.notify_all();
    janus_.join();
    receiving_.join();
}

int MeetingFloor::port() const {
    return socket_->port();
}

MeetingFloorStats MeetingFloor::stats() const {
    const RemoteAudioReceiver::Stats s = published_.read();
    MeetingFloorStats stats;
    stats.hearing = hearing_.load(std::memory_order_acquire);
    stats.received = s.buffer.received;
    stats.lost = s.unrecovered;
    stats.strangers = strangers_.load(std::memory_order_relaxed);
    stats.jitterMs = s.buffer.jitterMs;
    stats.bufferMs = s.heldFrames * kFrameSamples / 48.0;
    stats.driftPpm = s.driftPpm;
    return stats;
}

std::string describeMeetingReport(const MeetingReport& r, MeetingFallback fallback) {
    const std::string meanwhile =
        fallback == MeetingFallback::Device ? "the device's floor" : "silence";
    switch (r.kind) {
    case MeetingReport::Kind::Linked:
        return "the meeting room forwards its mix to the floor";
    case MeetingReport::Kind::Hearing:
        return "the floor is the meeting";
    case MeetingReport::Kind::NotHearing:
        return "no audio from the meeting: the floor is " + meanwhile + " until it returns";
    case MeetingReport::Kind::JanusLost:
        return "Janus does not answer (" + r.reason + "): the floor is " + meanwhile;
    case MeetingReport::Kind::Refused:
        return "Janus refused the meeting room or its forward: " + r.reason;
    case MeetingReport::Kind::RoomRate:
        return "the meeting room is not mixed at 48000 Hz: " + r.reason;
    case MeetingReport::Kind::SpeakerTurn:
        return r.reason + " takes the floor" +
               (r.language.empty() ? std::string() : " (" + r.language + ")");
    }
    return {};
}

// --- audio thread ----------------------------------------------------------------------------

void MeetingFloor::provideFloor(std::span<float* const> floor, std::uint32_t frames) noexcept {
    QueuedPacket packet;
    while (inbound_.pop(packet)) {
        if (packet.epoch != playingEpoch_) { // a new forward: a new stream
            receiver_.reset();
            playingEpoch_ = packet.epoch;
        }
        receiver_.push(packet.view(), packet.arrival);
    }
    if (floor.empty() || frames > decoded_.size())
        return;
    receiver_.play(decoded_.data(), frames); // always: the buffer keeps pace with Janus
    published_.publish(receiver_.stats());
    const float target = hearing_.load(std::memory_order_acquire) ? 1.0f : 0.0f;
    if (target == 0.0f && mix_ == 0.0f)
        return; // the fallback as the map gave it
    constexpr float step = 1.0f / static_cast<float>(kCrossfadeSamples);
    float mix = mix_;
    for (std::uint32_t i = 0; i < frames; ++i) {
        mix = target > mix ? std::min(target, mix + step) : std::max(target, mix - step);
        for (float* channel : floor)
            if (channel != nullptr)
                channel[i] = mix * decoded_[i] + (1.0f - mix) * channel[i];
    }
    mix_ = mix;
}

// --- network threads -------------------------------------------------------------------------

bool MeetingFloor::waitFor(std::chrono::milliseconds time) {
    std::unique_lock lock(mutex_);
    return !wake_.wait_for(lock, time,
                           [this] { return stopping_.load(std::memory_order_acquire); });
}

// Packets of the forward (our SSRC, Opus) to the audio thread; whether they arrive, and when
// that changes, for the logs.
void MeetingFloor::receiveLoop() {
    std::vector<std::uint8_t> datagram(65536);
    bool wasHearing = false;
    while (!stopping_.load(std::memory_order_acquire)) {
        UdpPeer from;
        auto size = socket_->receiveInto(datagram, from, std::chrono::milliseconds(50));
        if (size && settings_.srtp) {
            // Not authentic (not the forward, or a forward before the current key): a stranger.
            const std::lock_guard lock(srtpMutex_);
            std::size_t plain = 0;
            if (srtp_ == nullptr || srtp_->unprotectRtp(std::span(datagram.data(), *size), plain) !=
                                        SrtpRefusal::None) {
                strangers_.fetch_add(1, std::memory_order_relaxed);
                size.reset();
            } else {
                size = plain;
            }
        }
        if (size) {
            const RtpParse parse = parseRtp(std::span(datagram.data(), *size));
            const auto packet = parse.packet && parse.packet->header.ssrc == ssrc_ &&
                                        parse.packet->header.payloadType == kPayloadType
                                    ? QueuedPacket::of(*parse.packet, nowSeconds(),
                                                       epoch_.load(std::memory_order_acquire))
                                    : std::nullopt;
            if (packet) {
                inbound_.push(*packet); // a full queue: the audio thread stalled; dropped
                lastPacketNs_.store(nowNs(), std::memory_order_relaxed);
            } else {
                strangers_.fetch_add(1, std::memory_order_relaxed);
            }
        }
        const bool hearing =
            nowNs() - lastPacketNs_.load(std::memory_order_relaxed) <
            std::chrono::duration_cast<std::chrono::nanoseconds>(kHearingTimeout).count();
        if (hearing != wasHearing) {
            hearing_.store(hearing, std::memory_order_release);
            reports_.push({hearing ? MeetingReport::Kind::Hearing : MeetingReport::Kind::NotHearing,
                           "", 0, ""});
            wasHearing = hearing;
        }
    }
}

// The room and the forward in Janus, kept there.
void MeetingFloor::janusLoop() {
    JanusClient janus(settings_.janus, settings_.apiSecret, JanusClient::kAudioBridge);
    std::uint64_t forward = 0; // the forwarder's stream id; 0: none asked for yet
    bool lost = false;
    auto withKeys = [this](nlohmann::json request) {
        request["room"] = settings_.room;
        request["secret"] = settings_.roomSecret;
        if (!settings_.adminKey.empty())
            request["admin_key"] = settings_.adminKey;
        return request;
    };
    auto ensureRoom = [&] {
        if (roomExistsIn(janus.request(withKeys({{"request", "exists"}})))) {
            const auto rate = roomRateIn(janus.request({{"request", "list"}}), settings_.room);
            if (rate && *rate != 48000)
                reports_.push({MeetingReport::Kind::RoomRate,
                               "room " + std::to_string(settings_.room) + " mixes at " +
                                   std::to_string(*rate) +
                                   " Hz: the floor has no sound above half that",
                               *rate, ""});
            return;
        }
        janus.request(withKeys({{"request", "create"},
                                {"description", description_},
                                {"sampling_rate", 48000},
                                // libopus's own choice (about 50 kbit/s, voice mode) codes
                                // the highs coarsely (hybrid mode): the floor is owed more.
                                {"default_bitrate", kRoomBitrate},
                                {"audiolevel_event", true},
                                // Who talks, over a second of packets (Janus's default is
                                // two): how soon a speaker's turn is seen.
                                {"audio_active_packets", 50},
                                {"permanent", false}}));
    };
    auto startForward = [&] {
        nlohmann::json request = withKeys({{"request", "rtp_forward"},
                                           {"host", settings_.floorHost},
                                           {"port", settings_.floorPort},
                                           {"codec", "opus"},
                                           {"ptype", kPayloadType},
                                           {"ssrc", ssrc_},
                                           {"always_on", true}});
        if (settings_.srtp) { // a new key for each forward: a replayed old one never plays
            const SrtpMasterKey key = randomSrtpKey();
            request["srtp_suite"] = 80;
            request["srtp_crypto"] = sdesKey(key);
            const std::lock_guard lock(srtpMutex_);
            srtp_ = std::make_unique<SrtpSession>(key, key);
        }
        const nlohmann::json answer = janus.request(request);
        const auto id = forwarderIdIn(answer);
        if (!id)
            throw JanusError(JanusError::Kind::Garbled, 0,
                             "Janus's answer to rtp_forward holds no stream_id");
        forward = *id;
        epoch_.fetch_add(1, std::memory_order_acq_rel); // what comes now is the new forward's
        reports_.push({MeetingReport::Kind::Linked, "", 0, ""});
    };
    auto nextKeepalive = Clock::now(), nextCheck = Clock::now(), nextTurnCheck = Clock::now();
    SpeakerTurns turns;
    while (waitFor(std::chrono::milliseconds(250))) {
        const auto now = Clock::now();
        try {
            if (!janus.connected()) {
                janus.connect();
                lost = false;
                forward = 0;
            }
            if (forward == 0) {
                ensureRoom();
                startForward();
                nextCheck = now + kCheckEvery;
            }
            if (now >= nextKeepalive) {
                nextKeepalive = now + kKeepaliveEvery;
                janus.keepalive();
            }
            if (settings_.floorLanguageFollowsSpeaker && now >= nextTurnCheck) {
                nextTurnCheck = now + kTurnsEvery;
                const auto turn = turns.next(participantsIn(
                    janus.request({{"request", "listparticipants"}, {"room", settings_.room}})));
                if (turn)
                    reports_.push({MeetingReport::Kind::SpeakerTurn, turn->display, 0,
                                   turn->language.value_or("")});
            }
            if (now >= nextCheck) {
                nextCheck = now + kCheckEvery;
                bool listed = false;
                try {
                    listed =
                        forwarderListedIn(janus.request(withKeys({{"request", "listforwarders"}})),
                                          forward, settings_.floorPort);
                } catch (const JanusError& e) {
                    if (e.kind != JanusError::Kind::Refused || e.code != kNoSuchRoom)
                        throw;
                }
                if (!listed)
                    forward = 0; // the room went, or its forward: both made again next round
            }
        } catch (const JanusError& e) {
            if (e.kind == JanusError::Kind::Refused && janus.connected()) {
                reports_.push({MeetingReport::Kind::Refused, e.what(), 0, ""});
                forward = 0;
                waitFor(std::chrono::seconds(5)); // a refusal does not mend itself at once
                continue;
            }
            if (!lost)
                reports_.push({MeetingReport::Kind::JanusLost, e.what(), 0, ""});
            lost = true;
            janus.forget();
            waitFor(std::chrono::milliseconds(750));
        } catch (const std::exception& e) {
            // Anything else (no key drawn, no memory): said, tried again, never the thread's end.
            reports_.push({MeetingReport::Kind::Refused, e.what(), 0, ""});
            forward = 0;
            waitFor(std::chrono::seconds(5));
        }
    }
    // Janus would otherwise send the mix to this port until the room goes.
    if (forward != 0 && janus.connected())
        try {
            janus.request(withKeys({{"request", "stop_rtp_forward"}, {"stream_id", forward}}));
        } catch (const std::exception&) {
        }
}

} // namespace dragoman
