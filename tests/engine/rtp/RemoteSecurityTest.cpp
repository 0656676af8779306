// The remote booth protocol's keys, SRTP and messages: keys agree only when the secret does,
// SRTP refuses forged and replayed packets, and every message reads back as written while
// a truncated one is refused with the field at fault.
#include "rtp/JoinCookies.h"
#include "rtp/RemoteMessages.h"
#include "rtp/RtpPacket.h"
#include "rtp/SrtpSession.h"

#include <algorithm>
#include <catch2/catch.hpp>

using namespace dragoman;

namespace {
const std::string kSecret = "correct horse battery staple";

std::vector<std::uint8_t> rtpPacket(std::uint16_t sequence) {
    RtpHeader header;
    header.payloadType = 112;
    header.sequence = sequence;
    header.timestamp = sequence * 120u;
    header.ssrc = 42;
    const std::vector<std::uint8_t> payload(40, 0x5a);
    return serializeRtp(header, payload);
}
} // namespace

TEST_CASE("Both ends derive the same keys only from the same secret and nonces",
          "[rtp][security]") {
    const RemoteNonce a = randomNonce(), b = randomNonce();
    CHECK(a != b);
    const RemotePathKeys console = deriveRemotePathKeys(kSecret, "ko-en-1", a, b);
    const RemotePathKeys host = deriveRemotePathKeys(kSecret, "ko-en-1", a, b);
    CHECK(console.consoleToHost == host.consoleToHost);
    CHECK(console.hostToConsole == host.hostToConsole);
    CHECK(sameProof(console.hostProof, host.hostProof));
    CHECK(console.consoleToHost != console.hostToConsole);

    const RemotePathKeys stranger = deriveRemotePathKeys("a guess at the secret", "ko-en-1", a, b);
    CHECK(stranger.consoleToHost != host.consoleToHost);
    CHECK_FALSE(sameProof(stranger.hostProof, host.hostProof));
    CHECK_FALSE(sameProof(stranger.consoleProof, host.consoleProof));
    CHECK(sameProof(console.consoleProof, host.consoleProof));
    CHECK_FALSE(sameProof(host.consoleProof, host.hostProof)); // one proof is not the other's
    CHECK(sameProof(deriveHostProof(kSecret, "ko-en-1", a, b), host.hostProof));
    // Another console, or another join, gets other keys.
    CHECK(deriveRemotePathKeys(kSecret, "ko-en-2", a, b).consoleToHost != host.consoleToHost);
    CHECK(deriveRemotePathKeys(kSecret, "ko-en-1", b, a).consoleToHost != host.consoleToHost);
}

TEST_CASE("SRTP carries packets between matching keys and refuses forged and replayed ones",
          "[rtp][security]") {
    const RemotePathKeys keys =
        deriveRemotePathKeys(kSecret, "ko-en-1", randomNonce(), randomNonce());
    SrtpSession console(keys.consoleToHost, keys.hostToConsole);
    SrtpSession host(keys.hostToConsole, keys.consoleToHost);

    const auto plain = rtpPacket(1000);
    std::vector<std::uint8_t> wire;
    REQUIRE(console.protectRtp(plain, wire));
    CHECK(wire.size() == plain.size() + 10);                                // HMAC-SHA1-80
    CHECK(!std::equal(plain.begin() + 12, plain.end(), wire.begin() + 12)); // encrypted
    std::vector<std::uint8_t> received = wire;
    std::size_t size = 0;
    REQUIRE(host.unprotectRtp(received, size) == SrtpRefusal::None);
    CHECK(std::vector<std::uint8_t>(received.begin(), received.begin() + static_cast<long>(size)) ==
          plain);

    received = wire; // the same packet again
    CHECK(host.unprotectRtp(received, size) == SrtpRefusal::Replayed);

    std::vector<std::uint8_t> flipped;
    REQUIRE(console.protectRtp(rtpPacket(1001), flipped));
    flipped[20] ^= 1;
    CHECK(host.unprotectRtp(flipped, size) == SrtpRefusal::Forged);

    const RemotePathKeys wrong =
        deriveRemotePathKeys("a guess at the secret", "ko-en-1", randomNonce(), randomNonce());
    SrtpSession stranger(wrong.consoleToHost, wrong.hostToConsole);
    std::vector<std::uint8_t> forged;
    REQUIRE(stranger.protectRtp(rtpPacket(1002), forged));
    CHECK(host.unprotectRtp(forged, size) == SrtpRefusal::Forged);
    REQUIRE(stranger.protectRtcp(serializeControl(JoinMessage{}, 7), forged));
    CHECK(host.unprotectRtcp(forged, size) == SrtpRefusal::Forged);

    // Control messages both ways.
    const WelcomeMessage sent{120,          64,
                              true,         "Korea-US online summit",
                              "ko-en",      {{"ko", "한국어"}, {"en", "English"}},
                              {"en", "ko"}, {"ko-en-1"}};
    REQUIRE(host.protectRtcp(serializeControl(sent, 9), wire));
    REQUIRE(console.unprotectRtcp(wire, size) == SrtpRefusal::None);
    const auto welcome = parseControl(std::span(wire).first(size));
    REQUIRE(welcome.message);
    CHECK(std::get<WelcomeMessage>(*welcome.message) == sent);
}

TEST_CASE("Handshake and control messages read back as written", "[rtp][messages]") {
    const HelloMessage hello{"ko-en-1", randomNonce()};
    const auto helloParse = parseHandshake(serializeHandshake(hello));
    REQUIRE(helloParse.message);
    CHECK(std::get<HelloMessage>(*helloParse.message).console == "ko-en-1");
    CHECK(std::get<HelloMessage>(*helloParse.message).consoleNonce == hello.consoleNonce);

    const ChallengeMessage challenge{randomNonce(), randomNonce(), HostProof{1, 2, 3}};
    const auto challengeParse = parseHandshake(serializeHandshake(challenge));
    REQUIRE(challengeParse.message);
    CHECK(std::get<ChallengeMessage>(*challengeParse.message).proof == challenge.proof);

    const StateMessage state{.sequence = 7,
                             .micOn = true,
                             .coughing = true,
                             .help = true,
                             .slot = 1,
                             .outgoing = "en",
                             .hearing = "",
                             .listen = "auto",
                             .floor = "ko",
                             .floorQuality = "nothing above 4 kHz (a telephone line?)",
                             .handoverRequested = true,
                             .boothmate = 3,
                             .turnSeconds = 1799,
                             .daySeconds = 7321,
                             .turnLengthSeconds = 1800};
    const auto stateParse = parseControl(serializeControl(state, 5));
    REQUIRE(stateParse.message);
    CHECK(std::get<StateMessage>(*stateParse.message) == state);

    const auto key = parseControl(serializeControl(KeyMessage{12, -6.5f, "volume"}, 5));
    REQUIRE(key.message);
    CHECK(std::get<KeyMessage>(*key.message).value == -6.5f);
    CHECK(std::get<KeyMessage>(*key.message).key == "volume");

    const auto pong =
        parseControl(serializeControl(PongMessage{3, 99, {5.0f, 1.5f, 0.1f, 2.0f}}, 5));
    REQUIRE(pong.message);
    CHECK(std::get<PongMessage>(*pong.message).report.lossPercent == 1.5f);
    CHECK(std::get<PongMessage>(*pong.message).sentNs == 99);

    // Messages both ways, with a text longer than a short field's 255 bytes.
    const PostMessage post{7, 4, "booth:ja", std::string(280, 'x')};
    const auto postParse = parseControl(serializeControl(post, 5));
    REQUIRE(postParse.message);
    CHECK(std::get<PostMessage>(*postParse.message) == post);
    const DeliveryMessage delivery{
        41,           1796281200123,     0,
        "technician", "console:ko-en-2", "Ihr Mikrofon rauscht — bitte näher"};
    const auto deliveryParse = parseControl(serializeControl(delivery, 5));
    REQUIRE(deliveryParse.message);
    CHECK(std::get<DeliveryMessage>(*deliveryParse.message) == delivery);
}

TEST_CASE("Truncated and foreign messages are refused with the reason", "[rtp][messages]") {
    auto challenge = serializeHandshake(ChallengeMessage{randomNonce(), randomNonce(), {}});
    challenge.resize(challenge.size() - 1);
    CHECK(parseHandshake(challenge).refusal == "truncated at proof");
    CHECK(parseHandshake(std::vector<std::uint8_t>{'D', 'R', 'G', 'X'}).refusal ==
          "unknown handshake message");
    CHECK_FALSE(isHandshake(rtpPacket(1)));

    const StateMessage told{.sequence = 1,
                            .micOn = true,
                            .outgoing = "en",
                            .hearing = "",
                            .listen = "floor",
                            .floor = "ko",
                            .floorQuality = "clipped: flat tops",
                            .away = true,
                            .boothmate = 4};
    auto state = serializeControl(told, 5);
    // Claim one word less than the packet holds: the shift times are cut.
    state[3] = static_cast<std::uint8_t>(state[3] - 1);
    CHECK(parseControl(state).refusal.starts_with("truncated at state"));
    // A presence out of range is named.
    auto wrongPresence = told;
    wrongPresence.boothmate = 9;
    CHECK(parseControl(serializeControl(wrongPresence, 5)).refusal ==
          "state boothmate: 9 is no presence (0 to 4)");

    // Older hosts' packets: before December 2026 (no floor quality), before December 3 (no
    // working in pairs). Each reads as nothing wrong, nobody requested, no shift time.
    for (const bool withQuality : {false, true}) {
        std::vector<std::uint8_t> older = {0x85, 204, 0, 0, 0, 0, 0, 5, 'D', 'R', 'G', 'M'};
        const std::uint8_t fields[] = {0, 0, 0, 1, 1, 0}; // sequence 1, flags: mic on, slot A
        older.insert(older.end(), std::begin(fields), std::end(fields));
        for (const std::string text : {"en", "", "floor", "ko"}) {
            older.push_back(static_cast<std::uint8_t>(text.size()));
            older.insert(older.end(), text.begin(), text.end());
        }
        if (withQuality) {
            const std::string quality = "clipped: flat tops";
            older.push_back(static_cast<std::uint8_t>(quality.size()));
            older.insert(older.end(), quality.begin(), quality.end());
        }
        while (older.size() % 4 != 0)
            older.push_back(0);
        older[3] = static_cast<std::uint8_t>(older.size() / 4 - 1);
        const auto olderParse = parseControl(older);
        REQUIRE(olderParse.message);
        const auto& read = std::get<StateMessage>(*olderParse.message);
        CHECK(read.micOn);
        CHECK(read.floor == "ko");
        CHECK(read.floorQuality == (withQuality ? "clipped: flat tops" : ""));
        CHECK(read.boothmate == 0);
        CHECK_FALSE(read.away);
        CHECK(read.turnLengthSeconds == 0);
    }
    // A message's text claims more than any message may hold.
    auto post = serializeControl(PostMessage{1, 0, "technician", "hi"}, 5);
    const std::size_t textLength = 12 + 4 + 1 + 1 + std::string("technician").size();
    post[textLength] = 0x04; // 1026 bytes
    post[textLength + 1] = 0x02;
    CHECK(parseControl(post).refusal == "post text: longer than 1024 bytes");
    auto cut = serializeControl(DeliveryMessage{1, 0, 1, "ja-1", "boothmates", "hello"}, 5);
    cut[3] = static_cast<std::uint8_t>(cut[3] - 1);
    CHECK(parseControl(cut).refusal == "truncated at delivery text");

    auto packet = serializeControl(ByeMessage{}, 5);
    packet[3] = 40; // a length past the end
    CHECK(parseControl(packet).refusal == "RTCP length runs past the packet");
    // Found by the fuzzer: a length of one word, shorter than the APP header itself.
    const std::vector<std::uint8_t> oneWord = {0xa2, 0xcc, 0x00, 0x00, 0xf7, 0xff, 0xff,
                                               0xff, 'D',  'R',  'G',  'M',  0x00, 0x89};
    CHECK(parseControl(oneWord).refusal == "RTCP length shorter than an APP packet");
    packet = serializeControl(ByeMessage{}, 5);
    packet[8] = 'X';
    CHECK(parseControl(packet).refusal == "APP packet not named DRGM");
    CHECK(parseControl(rtpPacket(1)).refusal == "not an RTCP APP packet");
    CHECK(isRtcp(serializeControl(ByeMessage{}, 5)));
    CHECK_FALSE(isRtcp(rtpPacket(1)));
}

TEST_CASE("A hello is padded and no answer to it is larger", "[rtp][messages]") {
    const auto hello = serializeHandshake(HelloMessage{"ko-en-1", randomNonce()});
    CHECK(hello.size() == kHelloSize);
    const auto challenge =
        serializeHandshake(ChallengeMessage{randomNonce(), randomNonce(), HostProof{}});
    const auto refusal = serializeHandshake(RefusedMessage{std::string(255, 'x')});
    CHECK(challenge.size() <= hello.size());
    CHECK(refusal.size() <= hello.size());
    const std::vector<std::uint8_t> unpadded(hello.begin(), hello.begin() + 40);
    CHECK(parseHandshake(unpadded).refusal == "hello shorter than 300 bytes (it must be padded)");
}

TEST_CASE("A host's cookie is valid only for its peer, console and nonce, and for 10 to 20 s",
          "[rtp][security]") {
    const JoinCookies cookies;
    const RemoteNonce nonce = randomNonce();
    const double now = 1000.0;
    const RemoteNonce cookie = cookies.issue("127.0.0.1:4000", "ko-en-1", nonce, now);
    CHECK(cookie == cookies.issue("127.0.0.1:4000", "ko-en-1", nonce, now + 1.0)); // repeatable
    CHECK(cookies.valid(cookie, "127.0.0.1:4000", "ko-en-1", nonce, now));
    CHECK(cookies.valid(cookie, "127.0.0.1:4000", "ko-en-1", nonce, now + 10.0));
    CHECK_FALSE(cookies.valid(cookie, "127.0.0.1:4000", "ko-en-1", nonce, now + 20.0));
    CHECK_FALSE(cookies.valid(cookie, "127.0.0.1:4001", "ko-en-1", nonce, now));
    CHECK_FALSE(cookies.valid(cookie, "127.0.0.1:4000", "ko-en-2", nonce, now));
    CHECK_FALSE(cookies.valid(cookie, "127.0.0.1:4000", "ko-en-1", randomNonce(), now));
    RemoteNonce altered = cookie;
    altered[10] ^= 1;
    CHECK_FALSE(cookies.valid(altered, "127.0.0.1:4000", "ko-en-1", nonce, now));
    // Another host (another key) issues other cookies.
    CHECK_FALSE(JoinCookies().valid(cookie, "127.0.0.1:4000", "ko-en-1", nonce, now));
}
