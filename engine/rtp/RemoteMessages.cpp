// See RemoteMessages.h.
#include "RemoteMessages.h"

#include <algorithm>
#include <bit>
#include <cstring>

namespace dragoman {

namespace {

constexpr std::uint8_t kRtcpApp = 204;
constexpr char kAppName[4] = {'D', 'R', 'G', 'M'};

enum class HandshakeType : char { Hello = 'H', Challenge = 'C', Refused = 'R', Confirm = 'J' };
enum class ControlType : std::uint8_t {
    Join = 1,
    Welcome,
    Key,
    Ack,
    State,
    Ping,
    Pong,
    Bye,
    Post,
    Delivery,
};

// A state message's flag: the working-in-pairs fields follow the floor language.
constexpr std::uint8_t kPairFlag = 128;

class ByteWriter {
public:
    explicit ByteWriter(std::vector<std::uint8_t>& out) : out_(out) {}
    void u8(std::uint8_t v) { out_.push_back(v); }
    void u16(std::uint16_t v) {
        u8(static_cast<std::uint8_t>(v >> 8));
        u8(static_cast<std::uint8_t>(v));
    }
    void u32(std::uint32_t v) {
        u16(static_cast<std::uint16_t>(v >> 16));
        u16(static_cast<std::uint16_t>(v));
    }
    void u64(std::uint64_t v) {
        u32(static_cast<std::uint32_t>(v >> 32));
        u32(static_cast<std::uint32_t>(v));
    }
    void f32(float v) { u32(std::bit_cast<std::uint32_t>(v)); }
    void text(const std::string& s) { // up to 255 bytes
        const std::size_t n = std::min<std::size_t>(s.size(), 255);
        u8(static_cast<std::uint8_t>(n));
        out_.insert(out_.end(), s.begin(), s.begin() + static_cast<std::ptrdiff_t>(n));
    }
    void longText(const std::string& s) { // up to kMaxWireMessageText bytes
        const std::size_t n = std::min(s.size(), kMaxWireMessageText);
        u16(static_cast<std::uint16_t>(n));
        out_.insert(out_.end(), s.begin(), s.begin() + static_cast<std::ptrdiff_t>(n));
    }
    template <std::size_t N> void bytes(const std::array<std::uint8_t, N>& a) {
        out_.insert(out_.end(), a.begin(), a.end());
    }

private:
    std::vector<std::uint8_t>& out_;
};

// Reads fields in order; the first read past the end sets `failed` and names the field.
class ByteReader {
public:
    explicit ByteReader(std::span<const std::uint8_t> in) : in_(in) {}
    bool ok() const { return failed_.empty(); }
    bool more() const { return failed_.empty() && at_ < in_.size(); }
    const std::string& failure() const { return failed_; }
    std::uint8_t u8(const char* field) {
        if (!need(1, field))
            return 0;
        return in_[at_++];
    }
    std::uint16_t u16(const char* field) {
        if (!need(2, field))
            return 0;
        const auto v = static_cast<std::uint16_t>((in_[at_] << 8) | in_[at_ + 1]);
        at_ += 2;
        return v;
    }
    std::uint32_t u32(const char* field) {
        if (!need(4, field))
            return 0;
        std::uint32_t v = 0;
        for (int i = 0; i < 4; ++i)
            v = (v << 8) | in_[at_++];
        return v;
    }
    std::uint64_t u64(const char* field) {
        const std::uint64_t high = u32(field);
        return (high << 32) | u32(field);
    }
    float f32(const char* field) { return std::bit_cast<float>(u32(field)); }
    std::string text(const char* field) {
        const std::size_t n = u8(field);
        if (!need(n, field))
            return {};
        std::string s(reinterpret_cast<const char*>(in_.data() + at_), n);
        at_ += n;
        return s;
    }
    std::string longText(const char* field) {
        const std::size_t n = u16(field);
        if (failed_.empty() && n > kMaxWireMessageText) {
            failed_ = std::string(field) + ": longer than " + std::to_string(kMaxWireMessageText) +
                      " bytes";
            return {};
        }
        if (!need(n, field))
            return {};
        std::string s(reinterpret_cast<const char*>(in_.data() + at_), n);
        at_ += n;
        return s;
    }
    template <std::size_t N> std::array<std::uint8_t, N> bytes(const char* field) {
        std::array<std::uint8_t, N> a{};
        if (!need(N, field))
            return a;
        std::memcpy(a.data(), in_.data() + at_, N);
        at_ += N;
        return a;
    }

private:
    bool need(std::size_t n, const char* field) {
        if (!failed_.empty())
            return false;
        if (in_.size() - at_ < n) {
            failed_ = std::string("truncated at ") + field;
            return false;
        }
        return true;
    }
    std::span<const std::uint8_t> in_;
    std::size_t at_ = 0;
    std::string failed_;
};

} // namespace

bool isHandshake(std::span<const std::uint8_t> d) {
    return d.size() >= 4 && d[0] == 'D' && d[1] == 'R' && d[2] == 'G';
}

bool isRtcp(std::span<const std::uint8_t> d) {
    return d.size() >= 2 && d[1] >= 192 && d[1] <= 223;
}

HandshakeParse parseHandshake(std::span<const std::uint8_t> d) {
    if (!isHandshake(d))
        return {std::nullopt, "not a handshake message"};
    ByteReader r(d.subspan(4));
    HandshakeMessage message;
    switch (static_cast<HandshakeType>(d[3])) {
    case HandshakeType::Hello: {
        if (d.size() < kHelloSize)
            return {std::nullopt, "hello shorter than " + std::to_string(kHelloSize) +
                                      " bytes (it must be padded)"};
        HelloMessage hello;
        hello.version = r.u8("version");
        hello.console = r.text("console");
        hello.consoleNonce = r.bytes<16>("console nonce");
        message = hello;
        break;
    }
    case HandshakeType::Challenge: {
        ChallengeMessage challenge;
        challenge.consoleNonce = r.bytes<16>("console nonce");
        challenge.hostNonce = r.bytes<16>("host nonce");
        challenge.proof = r.bytes<32>("proof");
        message = challenge;
        break;
    }
    case HandshakeType::Refused:
        message = RefusedMessage{r.text("reason")};
        break;
    case HandshakeType::Confirm: {
        ConfirmMessage confirm;
        confirm.console = r.text("console");
        confirm.consoleNonce = r.bytes<16>("console nonce");
        confirm.hostNonce = r.bytes<16>("host nonce");
        confirm.proof = r.bytes<32>("proof");
        message = confirm;
        break;
    }
    default:
        return {std::nullopt, "unknown handshake message"};
    }
    if (!r.ok())
        return {std::nullopt, r.failure()};
    return {message, {}};
}

std::vector<std::uint8_t> serializeHandshake(const HandshakeMessage& message) {
    std::vector<std::uint8_t> out{'D', 'R', 'G'};
    ByteWriter w(out);
    if (const auto* hello = std::get_if<HelloMessage>(&message)) {
        w.u8(static_cast<std::uint8_t>(HandshakeType::Hello));
        w.u8(hello->version);
        w.text(hello->console);
        w.bytes(hello->consoleNonce);
        out.resize(std::max(out.size(), kHelloSize)); // zeros
    } else if (const auto* challenge = std::get_if<ChallengeMessage>(&message)) {
        w.u8(static_cast<std::uint8_t>(HandshakeType::Challenge));
        w.bytes(challenge->consoleNonce);
        w.bytes(challenge->hostNonce);
        w.bytes(challenge->proof);
    } else if (const auto* confirm = std::get_if<ConfirmMessage>(&message)) {
        w.u8(static_cast<std::uint8_t>(HandshakeType::Confirm));
        w.text(confirm->console);
        w.bytes(confirm->consoleNonce);
        w.bytes(confirm->hostNonce);
        w.bytes(confirm->proof);
    } else {
        w.u8(static_cast<std::uint8_t>(HandshakeType::Refused));
        w.text(std::get<RefusedMessage>(message).reason);
    }
    return out;
}

ControlParse parseControl(std::span<const std::uint8_t> p) {
    if (p.size() < 12)
        return {std::nullopt, "shorter than an RTCP APP packet"};
    if ((p[0] >> 6) != 2)
        return {std::nullopt, "not RTCP version 2"};
    if (p[1] != kRtcpApp)
        return {std::nullopt, "not an RTCP APP packet"};
    const std::size_t length = (static_cast<std::size_t>((p[2] << 8) | p[3]) + 1) * 4;
    if (length > p.size())
        return {std::nullopt, "RTCP length runs past the packet"};
    if (length < 12) // the body below starts at byte 12
        return {std::nullopt, "RTCP length shorter than an APP packet"};
    if (std::memcmp(p.data() + 8, kAppName, 4) != 0)
        return {std::nullopt, "APP packet not named DRGM"};
    ByteReader r(p.subspan(12, length - 12));
    ControlMessage message;
    switch (static_cast<ControlType>(p[0] & 0x1f)) {
    case ControlType::Join:
        message = JoinMessage{};
        break;
    case ControlType::Welcome: {
        WelcomeMessage welcome;
        welcome.frameSamples = r.u16("frame samples");
        welcome.bitrateKbps = r.u16("bitrate");
        welcome.redundancy = r.u8("redundancy") != 0;
        welcome.session = r.text("session name");
        welcome.booth = r.text("booth");
        for (int n = r.u8("channel count"); n > 0 && r.ok(); --n) {
            std::string id = r.text("channel id");
            welcome.channels.emplace_back(std::move(id), r.text("channel name"));
        }
        for (int n = r.u8("output count"); n > 0 && r.ok(); --n)
            welcome.outputs.push_back(r.text("output"));
        for (int n = r.u8("boothmate count"); n > 0 && r.ok(); --n)
            welcome.boothmates.push_back(r.text("boothmate"));
        if (r.ok() && welcome.frameSamples != 120 && welcome.frameSamples != 240 &&
            welcome.frameSamples != 480)
            return {std::nullopt, "welcome with a frame size low-delay Opus does not have"};
        message = welcome;
        break;
    }
    case ControlType::Key: {
        KeyMessage key;
        key.sequence = r.u32("key sequence");
        key.value = r.f32("key value");
        key.key = r.text("key name");
        message = key;
        break;
    }
    case ControlType::Ack: {
        AckMessage ack;
        ack.sequence = r.u32("ack sequence");
        ack.refusal = r.text("ack refusal");
        message = ack;
        break;
    }
    case ControlType::State: {
        StateMessage s;
        s.sequence = r.u32("state sequence");
        const std::uint8_t flags = r.u8("state flags");
        s.micOn = (flags & 1) != 0;
        s.waiting = (flags & 2) != 0;
        s.coughing = (flags & 4) != 0;
        s.slowDown = (flags & 8) != 0;
        s.help = (flags & 16) != 0;
        s.slot = r.u8("state slot");
        s.outgoing = r.text("state outgoing");
        s.hearing = r.text("state hearing");
        s.listen = r.text("state listen");
        s.floor = r.text("state floor");
        if ((flags & kPairFlag) != 0) {
            // Working in pairs: a host since December 3, 2026 says so in the flags, because
            // the zero padding of an older host's packet could not tell these fields apart.
            s.handoverRequested = (flags & 32) != 0;
            s.away = (flags & 64) != 0;
            s.floorQuality = r.text("state floor quality");
            s.boothmate = r.u8("state boothmate");
            if (s.boothmate > kMaxPresence)
                return {std::nullopt, "state boothmate: " + std::to_string(s.boothmate) +
                                          " is no presence (0 to " + std::to_string(kMaxPresence) +
                                          ")"};
            s.turnSeconds = r.u32("state turn time");
            s.daySeconds = r.u32("state day time");
            s.turnLengthSeconds = r.u32("state turn length");
        } else if (r.more()) { // a host before December 2026 sends no floor quality
            s.floorQuality = r.text("state floor quality");
        }
        message = s;
        break;
    }
    case ControlType::Ping: {
        PingMessage ping;
        ping.id = r.u32("ping id");
        ping.sentNs = r.u64("ping time");
        message = ping;
        break;
    }
    case ControlType::Pong: {
        PongMessage pong;
        pong.id = r.u32("pong id");
        pong.sentNs = r.u64("pong time");
        pong.report.bufferMs = r.f32("pong buffer");
        pong.report.lossPercent = r.f32("pong loss");
        pong.report.concealPercent = r.f32("pong concealment");
        pong.report.jitterMs = r.f32("pong jitter");
        message = pong;
        break;
    }
    case ControlType::Bye:
        message = ByeMessage{};
        break;
    case ControlType::Post: {
        PostMessage post;
        post.sequence = r.u32("post sequence");
        post.quick = r.u8("post quick");
        post.to = r.text("post recipient");
        post.text = r.longText("post text");
        message = post;
        break;
    }
    case ControlType::Delivery: {
        DeliveryMessage d;
        d.number = r.u32("delivery number");
        d.sentAtMs = r.u64("delivery time");
        d.quick = r.u8("delivery quick");
        d.from = r.text("delivery sender");
        d.to = r.text("delivery recipient");
        d.text = r.longText("delivery text");
        message = d;
        break;
    }
    default:
        return {std::nullopt, "unknown control message"};
    }
    if (!r.ok())
        return {std::nullopt, r.failure()};
    return {message, {}};
}

std::vector<std::uint8_t> serializeControl(const ControlMessage& message, std::uint32_t ssrc) {
    std::vector<std::uint8_t> out;
    out.reserve(64);
    ByteWriter w(out);
    w.u32(0); // type and length, below
    w.u32(ssrc);
    for (const char c : kAppName)
        w.u8(static_cast<std::uint8_t>(c));
    ControlType type = ControlType::Join;
    std::visit(
        [&](const auto& m) {
            using M = std::decay_t<decltype(m)>;
            if constexpr (std::is_same_v<M, JoinMessage>) {
                type = ControlType::Join;
            } else if constexpr (std::is_same_v<M, WelcomeMessage>) {
                type = ControlType::Welcome;
                w.u16(m.frameSamples);
                w.u16(m.bitrateKbps);
                w.u8(m.redundancy ? 1 : 0);
                w.text(m.session);
                w.text(m.booth);
                const auto count = [](std::size_t n) {
                    return static_cast<std::uint8_t>(std::min<std::size_t>(n, 255));
                };
                w.u8(count(m.channels.size()));
                for (std::size_t i = 0; i < count(m.channels.size()); ++i) {
                    w.text(m.channels[i].first);
                    w.text(m.channels[i].second);
                }
                w.u8(count(m.outputs.size()));
                for (std::size_t i = 0; i < count(m.outputs.size()); ++i)
                    w.text(m.outputs[i]);
                w.u8(count(m.boothmates.size()));
                for (std::size_t i = 0; i < count(m.boothmates.size()); ++i)
                    w.text(m.boothmates[i]);
            } else if constexpr (std::is_same_v<M, KeyMessage>) {
                type = ControlType::Key;
                w.u32(m.sequence);
                w.f32(m.value);
                w.text(m.key);
            } else if constexpr (std::is_same_v<M, AckMessage>) {
                type = ControlType::Ack;
                w.u32(m.sequence);
                w.text(m.refusal);
            } else if constexpr (std::is_same_v<M, StateMessage>) {
                type = ControlType::State;
                w.u32(m.sequence);
                w.u8(static_cast<std::uint8_t>((m.micOn ? 1 : 0) | (m.waiting ? 2 : 0) |
                                               (m.coughing ? 4 : 0) | (m.slowDown ? 8 : 0) |
                                               (m.help ? 16 : 0) | (m.handoverRequested ? 32 : 0) |
                                               (m.away ? 64 : 0) | kPairFlag));
                w.u8(m.slot);
                w.text(m.outgoing);
                w.text(m.hearing);
                w.text(m.listen);
                w.text(m.floor);
                w.text(m.floorQuality);
                w.u8(m.boothmate);
                w.u32(m.turnSeconds);
                w.u32(m.daySeconds);
                w.u32(m.turnLengthSeconds);
            } else if constexpr (std::is_same_v<M, PingMessage>) {
                type = ControlType::Ping;
                w.u32(m.id);
                w.u64(m.sentNs);
            } else if constexpr (std::is_same_v<M, PongMessage>) {
                type = ControlType::Pong;
                w.u32(m.id);
                w.u64(m.sentNs);
                w.f32(m.report.bufferMs);
                w.f32(m.report.lossPercent);
                w.f32(m.report.concealPercent);
                w.f32(m.report.jitterMs);
            } else if constexpr (std::is_same_v<M, PostMessage>) {
                type = ControlType::Post;
                w.u32(m.sequence);
                w.u8(m.quick);
                w.text(m.to);
                w.longText(m.text);
            } else if constexpr (std::is_same_v<M, DeliveryMessage>) {
                type = ControlType::Delivery;
                w.u32(m.number);
                w.u64(m.sentAtMs);
                w.u8(m.quick);
                w.text(m.from);
                w.text(m.to);
                w.longText(m.text);
            } else {
                type = ControlType::Bye;
            }
        },
        message);
    while (out.size() % 4 != 0)
        out.push_back(0);
    const std::size_t words = out.size() / 4 - 1;
    out[0] = static_cast<std::uint8_t>(0x80 | static_cast<std::uint8_t>(type));
    out[1] = kRtcpApp;
    out[2] = static_cast<std::uint8_t>(words >> 8);
    out[3] = static_cast<std::uint8_t>(words);
    return out;
}

} // namespace dragoman
