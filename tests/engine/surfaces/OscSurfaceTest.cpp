// The OSC remote control against a real liblo peer on loopback UDP and a real engine: keys
// pressed over OSC change what the language channels carry, the state and meters come back,
// and every malformed or unknown message gets an error and changes nothing.
#include "surfaces/OscSurface.h"

#include "net/UdpSocket.h"
#include "session/SessionJson.h"
#include "session/SessionValidation.h"
#include "support/OscClient.h"
#include "support/ToneRig.h"
#include "surfaces/OscPacket.h"

#include <catch2/catch.hpp>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <limits>
#include <lo/lo.h>
#include <map>
#include <netinet/in.h>
#include <sstream>
#include <string>
#include <vector>

using namespace dragoman;
using namespace dragoman::test;

namespace {

lo_message message(int value) {
    lo_message m = lo_message_new();
    lo_message_add_int32(m, value);
    return m;
}

lo_message message(const char* value) {
    lo_message m = lo_message_new();
    lo_message_add_string(m, value);
    return m;
}

bool contains(const std::vector<std::string>& replies, const std::string& reply) {
    return std::find(replies.begin(), replies.end(), reply) != replies.end();
}

std::string listing(const std::vector<std::string>& replies) {
    std::string text;
    for (const std::string& r : replies)
        text += r + "\n";
    return text;
}

// The engine renders, the status folds its events in, the remote publishes, as `run` does.
struct RunningSession {
    ToneRig rig{summitSession(), 48000.0};
    SessionStatus status;
    std::vector<std::string> loaded;
    std::vector<std::string> learning;
    SurfaceTarget target{
        rig.engine(),
        status,
        [this](const std::string& file) {
            const SessionLoad load = loadSessionFile(file);
            if (load.ok()) {
                rig.loadSession(load.session);
                loaded.push_back(file);
            }
            return load.problems;
        },
        [this](const std::string& device, const std::string& console, const std::string& key) {
            learning.push_back(device + " " + console + " " + key);
        },
        [this] { return remotePaths; },
        [this] { return webListeners; },
        [] { return std::optional<MeetingFloorStats>(); }, // the meeting's: tests/web
        [this] { return floorQuality; }};
    // As a RemoteBoothHost would measure them, and the Janus servers count them.
    std::vector<RemotePathStats> remotePaths;
    std::map<std::string, int> webListeners;
    std::optional<FloorQualityReading> floorQuality; // as the floor quality meter judges
    OscSurface remote{OscSettings{"127.0.0.1", 0, {}}};

    void answer() { remote.poll(std::chrono::milliseconds(200), target); }
    void run(double seconds) {
        rig.run(seconds);
        const std::vector<EngineEvent> events = status.update(rig.engine());
        remote.publish(target, events);
        remote.publishMessages(target);
        remote.publishMeters(rig.engine().takeMeters(), status.programs());
    }
};

// Subscribes `client` to the meters every 50 ms, and reads the acknowledgement.
void subscribeToMeters(RunningSession& session, OscClient& client) {
    lo_message meters = lo_message_new();
    lo_message_add_string(meters, "meters");
    lo_message_add_float(meters, 0.05f);
    client.send(meters, "/dragoman/subscribe");
    session.answer();
    client.receive();
}

} // namespace

TEST_CASE("keys pressed over OSC change what the channels carry, and are acknowledged",
          "[surfaces]") {
    RunningSession session;
    OscClient client(session.remote.port());
    client.send(message(1), "/dragoman/console/ko-en-1/mic");
    session.answer();
    CHECK(client.receive() ==
          std::vector<std::string>{"/dragoman/ok \"/dragoman/console/ko-en-1/mic\""});
    session.run(0.5);
    const double t = session.rig.now();
    CHECK(session.rig.level("channel en", "ko-en-1", t - 0.2, t) > kPresent);
    CHECK(session.rig.level("channel en", "floor", t - 0.2, t) < kAbsent);

    // A bundle of two: ja-1 goes on air and the floor language moves to English.
    lo_bundle bundle = lo_bundle_new(LO_TT_IMMEDIATE);
    lo_bundle_add_message(bundle, "/dragoman/console/ja-1/mic-toggle", lo_message_new());
    lo_bundle_add_message(bundle, "/dragoman/floor/language", message("en"));
    client.send(bundle);
    session.answer();
    const auto replies = client.receive();
    INFO(listing(replies));
    CHECK(contains(replies, "/dragoman/ok \"/dragoman/console/ja-1/mic-toggle\""));
    CHECK(contains(replies, "/dragoman/ok \"/dragoman/floor/language\""));
    session.run(0.5);
    CHECK(session.status.floorLanguage() == "en");
    CHECK(session.status.console("ja-1")->state.micOn);
}

TEST_CASE("malformed and unknown OSC messages get an error naming them and change nothing",
          "[surfaces]") {
    RunningSession session;
    OscClient client(session.remote.port());
    client.send(message(1), "/dragoman/console/ko-en-1/mic");
    session.answer();
    session.run(0.3);
    client.receive();

    client.send(message("yes"), "/dragoman/console/ko-en-1/mic");
    client.send(message(0), "/dragoman/console/fr-1/mic");
    client.send(message(40), "/dragoman/console/ko-en-1/volume");
    client.send(message("d"), "/dragoman/console/ko-en-1/output");
    client.send(message("fr"), "/dragoman/floor/language");
    client.send(message(1), "/dragoman/console/ko-en-1/shout");
    client.send(message(1), "/mixer/fader/1");
    client.send(message("nothing"), "/dragoman/subscribe");
    session.answer();
    // Not OSC at all, sent from a plain UDP socket.
    UdpSocket raw("127.0.0.1", 0);
    UdpPeer dragoman;
    auto& v4 = reinterpret_cast<sockaddr_in&>(dragoman.address);
    v4.sin_family = AF_INET;
    v4.sin_port = htons(static_cast<std::uint16_t>(session.remote.port()));
    v4.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    dragoman.length = sizeof v4;
    const std::vector<std::uint8_t> garbage{'h', 'e', 'l', 'l', 'o', '!', '!', '!'};
    raw.send(dragoman, garbage);
    const std::vector<std::uint8_t> truncated{'/', 'd', 'r', 'a', 'g', 'o', 'm'}; // 7 bytes
    raw.send(dragoman, truncated);
    session.answer();
    const auto rawReplies = raw.receive(std::chrono::milliseconds(200));
    REQUIRE(rawReplies.has_value());
    const OscDecoded garbageReply = decodeOscPacket(rawReplies->bytes);
    REQUIRE(garbageReply.messages.size() == 1);
    CHECK(describeOscMessage(garbageReply.messages[0]) ==
          "/dragoman/error \"\" \"malformed OSC packet: not an OSC message (no address)\"");
    const auto truncatedReply = raw.receive(std::chrono::milliseconds(200));
    REQUIRE(truncatedReply.has_value());
    CHECK(describeOscMessage(decodeOscPacket(truncatedReply->bytes).messages.at(0)) ==
          "/dragoman/error \"\" \"malformed OSC packet: a packet of 7 bytes (OSC packets are a "
          "multiple of 4)\"");

    const auto replies = client.receive();
    INFO(listing(replies));
    CHECK(contains(replies, "/dragoman/error \"/dragoman/console/ko-en-1/mic\" \"expects 1 (on) "
                            "or 0 (off)\""));
    CHECK(contains(replies,
                   "/dragoman/error \"/dragoman/console/fr-1/mic\" \"unknown console \"fr-1\"\""));
    CHECK(contains(replies, "/dragoman/error \"/dragoman/console/ko-en-1/volume\" \"expects a "
                            "level in dB from -60 to 12\""));
    CHECK(contains(replies, "/dragoman/error \"/dragoman/console/ko-en-1/output\" \"expects the "
                            "outgoing channel's slot: \"a\", \"b\" or \"c\"\""));
    CHECK(contains(replies, "/dragoman/error \"/dragoman/floor/language\" \"unknown language "
                            "channel \"fr\"\""));
    CHECK(contains(replies, "/dragoman/error \"/dragoman/console/ko-en-1/shout\" \"unknown "
                            "console key \"shout\"\""));
    CHECK(contains(replies, "/dragoman/error \"/mixer/fader/1\" \"unknown address (Dragoman's "
                            "addresses start with /dragoman/)\""));
    CHECK(contains(replies, "/dragoman/error \"/dragoman/subscribe\" \"expects \"state\", "
                            "\"signals\", \"messages\" or \"meters\"\""));
    CHECK(replies.size() == 8);

    // Nothing changed: ko-en-1 is still on air on en, at full volume, on A; the floor is ko.
    session.run(0.3);
    const double t = session.rig.now();
    CHECK(session.status.console("ko-en-1")->state.micOn);
    CHECK(session.status.floorLanguage() == "ko");
    CHECK(session.rig.level("channel en", "ko-en-1", t - 0.2, t) > kPresent);
}

TEST_CASE("OSC subscribers get the state, its changes, signals and meters", "[surfaces]") {
    RunningSession session;
    RemotePathStats path;
    path.console = "ko-en-2";
    path.joined = true;
    path.peer = "192.0.2.7:40112";
    path.roundTripMs = 31.24;
    path.fromConsoleMs = 27.46;
    path.lossFromConsolePercent = 4.96;
    session.remotePaths = {path};
    session.webListeners = {{"en", 12}, {"floor", 3}};
    FloorQualityReading quality;
    quality.judged = true;
    quality.problems = {{FloorProblem::Kind::Narrowband, "nothing above 4 kHz (a telephone line?)"},
                        {FloorProblem::Kind::Noisy, "noisy: -40 dBFS in the pauses"}};
    session.floorQuality = quality;
    OscClient client(session.remote.port());
    client.send(message("state"), "/dragoman/subscribe");
    session.run(0.1); // the status learns the consoles
    session.answer();
    auto replies = client.receive();
    INFO(listing(replies));
    CHECK(contains(replies, "/dragoman/console/ko-en-1/mic 0"));
    CHECK(contains(replies, "/dragoman/console/ja-1/hearing \"en\""));
    CHECK(contains(replies, "/dragoman/floor/language \"ko\""));
    CHECK(contains(replies, "/dragoman/remote-console/ko-en-2/joined 1"));
    CHECK(contains(replies, "/dragoman/remote-console/ko-en-2/peer \"192.0.2.7:40112\""));
    CHECK(contains(replies, "/dragoman/remote-console/ko-en-2/rtt-ms 31"));
    CHECK(contains(replies, "/dragoman/remote-console/ko-en-2/from-console-ms 28"));
    CHECK(contains(replies, "/dragoman/remote-console/ko-en-2/loss-from-console-pct 5"));
    CHECK(contains(replies, "/dragoman/web-listeners/en 12"));
    CHECK(contains(replies, "/dragoman/web-listeners/floor 3"));
    CHECK(contains(replies, "/dragoman/floor/quality \"nothing above 4 kHz (a telephone line?); "
                            "noisy: -40 dBFS in the pauses\""));

    lo_message meters = lo_message_new();
    lo_message_add_string(meters, "meters");
    lo_message_add_float(meters, 0.05f);
    client.send(meters, "/dragoman/subscribe");
    client.send(message("signals"), "/dragoman/subscribe");
    client.send(message(1), "/dragoman/console/ko-en-2/mic");
    client.send(message(1), "/dragoman/console/ja-1/help");
    session.answer();
    client.receive();
    session.run(0.3);
    session.run(0.1);
    replies = client.receive();
    INFO(listing(replies));
    // Only what changed: ko-en-2 on air on en, ja-1 asking for help.
    CHECK(contains(replies, "/dragoman/console/ko-en-2/mic 1"));
    CHECK(contains(replies, "/dragoman/channel/en/interpreter \"ko-en-2\""));
    CHECK(contains(replies, "/dragoman/console/ja-1/help 1"));
    CHECK(contains(replies, "/dragoman/signal \"ja-1\" \"help\" 1"));
    CHECK(!contains(replies, "/dragoman/console/ko-en-1/mic 0"));
    // The floor's 0.25 sine peaks at -12 dBFS.
    CHECK(contains(replies, "/dragoman/meter \"floor 1\" -12 -15"));
    // Presence: ko-en-2 on air, and so its boothmate sees it.
    CHECK(contains(replies, "/dragoman/console/ko-en-2/presence \"on air\""));
    CHECK(contains(replies, "/dragoman/console/ko-en-1/boothmate \"on air\""));
    // Hearing protection with the meters: the minute's dB SPL, the dose in %, the tier.
    CHECK(std::any_of(replies.begin(), replies.end(), [](const std::string& r) {
        return r.starts_with("/dragoman/hearing \"ko-en-1\" ") && r.ends_with(" 100");
    }));

    // A key the engine refuses reaches subscribers: the ko-en booth has no outgoing C.
    client.send(message("c"), "/dragoman/console/ko-en-1/output");
    session.answer();
    CHECK(client.receive() ==
          std::vector<std::string>{"/dragoman/ok \"/dragoman/console/ko-en-1/output\""});
    session.run(0.1);
    CHECK(contains(client.receive(),
                   "/dragoman/refused \"ko-en-1\" \"output\" \"no such outgoing channel\" \"\""));
}

lo_message strings(std::initializer_list<const char*> values) {
    lo_message m = lo_message_new();
    for (const char* v : values)
        lo_message_add_string(m, v);
    return m;
}

bool startsWithOne(const std::vector<std::string>& replies, const std::string& start) {
    return std::count_if(replies.begin(), replies.end(),
                         [&](const std::string& r) { return r.starts_with(start); }) == 1;
}

TEST_CASE("messages over OSC reach message subscribers, are read back, and bad ones are refused",
          "[surfaces][messages]") {
    RunningSession session;
    OscClient technician(session.remote.port());
    OscClient booth(session.remote.port());
    technician.send(message("messages"), "/dragoman/subscribe");
    session.answer();
    CHECK(technician.receive() == std::vector<std::string>{"/dragoman/ok \"/dragoman/subscribe\""});

    booth.send(strings({"ko-en-1", "boothmates", "take-over-soon"}), "/dragoman/quick");
    booth.send(strings({"ja-1", "booth:ko-en", "next-speaker", "in French"}), "/dragoman/quick");
    booth.send(strings({"technician", "console:ja-1", "Your mic is noisy, move it away"}),
               "/dragoman/message");
    session.answer();
    const auto acks = booth.receive();
    INFO(listing(acks));
    CHECK(std::count(acks.begin(), acks.end(), "/dragoman/ok \"/dragoman/quick\"") == 2);
    CHECK(contains(acks, "/dragoman/ok \"/dragoman/message\""));
    session.run(0.05);
    auto posted = technician.receive();
    INFO(listing(posted));
    // NUMBER FROM TO QUICK TEXT WORDS TIME: every message, to whoever subscribed.
    CHECK(startsWithOne(posted, "/dragoman/message/posted 1 \"ko-en-1\" \"boothmates\" "
                                "\"take-over-soon\" \"\" \"Take over in 2 minutes\" \"20"));
    CHECK(startsWithOne(posted, "/dragoman/message/posted 2 \"ja-1\" \"booth:ko-en\" "
                                "\"next-speaker\" \"in French\" \"Next speaker: in French\""));
    CHECK(startsWithOne(posted, "/dragoman/message/posted 3 \"technician\" \"console:ja-1\" \"\" "
                                "\"Your mic is noisy, move it away\""));
    CHECK(posted.size() == 3);
    session.run(0.05);
    CHECK(technician.receive(50).empty()); // each once

    // The slow-down key is a message too.
    booth.send(message(1), "/dragoman/console/ja-1/slow-down");
    session.answer();
    booth.receive();
    session.run(0.1);
    posted = technician.receive();
    INFO(listing(posted));
    CHECK(startsWithOne(posted, "/dragoman/message/posted 4 \"ja-1\" \"technician\" "
                                "\"slow-down\" \"\" \"Slow down, please\""));

    // A reader that comes late asks for what it missed.
    OscClient late(session.remote.port());
    lo_message since = lo_message_new();
    lo_message_add_int32(since, 2);
    late.send(since, "/dragoman/messages");
    session.answer();
    const auto missed = late.receive();
    INFO(listing(missed));
    CHECK(startsWithOne(missed, "/dragoman/message/posted 3 "));
    CHECK(startsWithOne(missed, "/dragoman/message/posted 4 "));
    CHECK(contains(missed, "/dragoman/messages/end 2"));
    CHECK(contains(missed, "/dragoman/ok \"/dragoman/messages\""));

    // Refused, each naming its field; nothing posted.
    const std::uint64_t before = session.rig.engine().messages().latest();
    booth.send(strings({"fr-1", "technician", "hello"}), "/dragoman/message");
    booth.send(strings({"ko-en-1", "everyone", "hello"}), "/dragoman/message");
    booth.send(strings({"ko-en-1", "technician", "dance"}), "/dragoman/quick");
    booth.send(strings({"ko-en-1", "technician", "two\nlines"}), "/dragoman/message");
    booth.send(strings({"ko-en-1", "technician"}), "/dragoman/message");
    booth.send(message(1), "/dragoman/message");
    session.answer();
    const auto refused = booth.receive();
    INFO(listing(refused));
    CHECK(contains(refused, "/dragoman/error \"/dragoman/message\" \"from: unknown console "
                            "\"fr-1\"\""));
    CHECK(std::any_of(refused.begin(), refused.end(), [](const std::string& r) {
        return r.starts_with("/dragoman/error \"/dragoman/message\" \"to: \"everyone\" is not");
    }));
    CHECK(std::any_of(refused.begin(), refused.end(), [](const std::string& r) {
        return r.starts_with("/dragoman/error \"/dragoman/quick\" \"quick: unknown quick message");
    }));
    CHECK(contains(refused, "/dragoman/error \"/dragoman/message\" \"text: a control character "
                            "at byte 3\""));
    CHECK(std::count_if(refused.begin(), refused.end(), [](const std::string& r) {
              return r.starts_with("/dragoman/error \"/dragoman/message\" \"expects the sender");
          }) == 2);
    CHECK(session.rig.engine().messages().latest() == before);
}

TEST_CASE("a session loaded over OSC runs, a bad one is refused with its problems", "[surfaces]") {
    RunningSession session;
    OscClient client(session.remote.port());
    const std::string bad = "/tmp/dragoman-osc-bad-" + std::to_string(getpid()) + ".json";
    std::ofstream(bad) << R"({"schema": 1, "floor": {"language": "ko"}, "channels": [],
                             "booths": [{"id": "x", "outputs": {"a": "fr"}, "consoles": []}]})";
    client.send(message(bad.c_str()), "/dragoman/session/load");
    session.answer();
    auto replies = client.receive();
    INFO(listing(replies));
    REQUIRE(replies.size() == 1);
    CHECK_THAT(replies[0],
               Catch::Contains("not loaded, the running session stays: ") &&
                   Catch::Contains("booths[0].outputs.a: unknown language channel \"fr\""));
    CHECK(session.loaded.empty());

    const std::string good = "/tmp/dragoman-osc-good-" + std::to_string(getpid()) + ".json";
    saveSessionFile(summitWithFrenchBooth(), good);
    client.send(message(good.c_str()), "/dragoman/session/load");
    session.answer();
    CHECK(client.receive() == std::vector<std::string>{"/dragoman/ok \"/dragoman/session/load\""});
    CHECK(session.loaded == std::vector<std::string>{good});
    std::remove(bad.c_str());
    std::remove(good.c_str());
}

TEST_CASE("MIDI learn over OSC is checked, armed, and its result sent to whoever asked",
          "[surfaces]") {
    RunningSession session;
    Session withPad = summitSession();
    withPad.midi.push_back(MidiController{"pad", {}});
    session.rig.loadSession(withPad);
    OscClient client(session.remote.port());
    auto learn = [](const char* device, const char* console, const char* key) {
        lo_message m = lo_message_new();
        lo_message_add_string(m, device);
        lo_message_add_string(m, console);
        lo_message_add_string(m, key);
        return m;
    };
    client.send(learn("drum", "ko-en-1", "mic"), "/dragoman/midi/learn");
    client.send(learn("pad", "ko-en-9", "mic"), "/dragoman/midi/learn");
    client.send(learn("pad", "ko-en-1", "listen-fr"), "/dragoman/midi/learn");
    session.answer();
    const auto refused = client.receive();
    INFO(listing(refused));
    CHECK(refused ==
          std::vector<std::string>{
              R"(/dragoman/error "/dragoman/midi/learn" "no MIDI controller "drum" in the )"
              R"(session's "midi" section")",
              R"(/dragoman/error "/dragoman/midi/learn" "unknown console "ko-en-9"")",
              R"(/dragoman/error "/dragoman/midi/learn" "unknown key "listen-fr"")"});
    CHECK(session.learning.empty());

    client.send(learn("pad", "ko-en-1", "mic"), "/dragoman/midi/learn");
    session.answer();
    CHECK(client.receive() == std::vector<std::string>{"/dragoman/ok \"/dragoman/midi/learn\""});
    CHECK(session.learning == std::vector<std::string>{"pad ko-en-1 mic"});

    // What `run` does once the controller sent its next note: the requester hears of it, once.
    MidiKey learnt{"ko-en-1", "mic", MidiKey::Message::ControlChange, 20, 3};
    session.remote.midiLearnt("pad", learnt, "/srv/summit.json");
    CHECK(
        client.receive() ==
        std::vector<std::string>{
            "/dragoman/midi/learnt \"pad\" \"ko-en-1\" \"mic\" \"cc\" 20 3 \"/srv/summit.json\""});
    session.remote.midiLearnt("pad", learnt, "/srv/summit.json");
    CHECK(client.receive().empty());
}

TEST_CASE("OSC meter subscribers hear of an input's NaN or infinite samples, with their count",
          "[surfaces]") {
    RunningSession session;
    // ko-en-1's mic: a NaN every 100th sample for 0.2 s (96 of them), then silence.
    std::vector<float> spoilt(9600, 0.0f);
    for (std::size_t i = 0; i < spoilt.size(); i += 100)
        spoilt[i] = std::numeric_limits<float>::quiet_NaN();
    session.rig.setSignal("ko-en-1", spoilt);
    OscClient client(session.remote.port());
    subscribeToMeters(session, client);
    session.run(0.3);
    session.run(0.1);
    const auto replies = client.receive();
    INFO(listing(replies));
    CHECK(contains(replies, "/dragoman/input/non-finite \"mic ko-en-1\" 96"));
    CHECK(std::count_if(replies.begin(), replies.end(), [](const std::string& r) {
              return r.starts_with("/dragoman/input/non-finite");
          }) == 1);
}

TEST_CASE("OSC arguments without data, misaligned doubles and doubles beyond float decode",
          "[surfaces]") {
    // /x with nil, a double of 1e300 at a 4-byte offset (after an int), and true: liblo points
    // nil at nothing and the double at an address lo_arg may not be read through.
    lo_message message = lo_message_new();
    lo_message_add_int32(message, 7);
    lo_message_add_double(message, 1e300);
    lo_message_add_true(message);
    std::size_t size = 0;
    void* bytes = lo_message_serialise(message, "/x", nullptr, &size);
    lo_message_free(message);
    const std::vector<std::uint8_t> packet(static_cast<std::uint8_t*>(bytes),
                                           static_cast<std::uint8_t*>(bytes) + size);
    std::free(bytes);
    const OscDecoded decoded = decodeOscPacket(packet);
    REQUIRE(decoded.messages.size() == 1);
    const auto& arguments = decoded.messages[0].arguments;
    REQUIRE(arguments.size() == 3);
    CHECK(std::get<std::int32_t>(arguments[0]) == 7);
    CHECK(std::get<float>(arguments[1]) == std::numeric_limits<float>::max());
    CHECK(std::get<std::int32_t>(arguments[2]) == 1);

    lo_message withNil = lo_message_new();
    lo_message_add_nil(withNil);
    bytes = lo_message_serialise(withNil, "/y", nullptr, &size);
    lo_message_free(withNil);
    const std::vector<std::uint8_t> nilPacket(static_cast<std::uint8_t*>(bytes),
                                              static_cast<std::uint8_t*>(bytes) + size);
    std::free(bytes);
    const OscDecoded nil = decodeOscPacket(nilPacket);
    CHECK(nil.messages.empty());
    CHECK_THAT(nil.error, Catch::Contains("argument 1 has type 'N'"));
}

TEST_CASE("OSC is no amplifier: a big bundle gets one answer, replies to an address are bounded",
          "[surfaces]") {
    RunningSession session;
    OscClient client(session.remote.port());
    // 200 pings in one bundle: one error, not 200 answers.
    lo_bundle bundle = lo_bundle_new(LO_TT_IMMEDIATE);
    for (int i = 0; i < 200; ++i)
        lo_bundle_add_message(bundle, "/dragoman/ping", lo_message_new());
    client.send(bundle);
    session.answer();
    const std::vector<std::string> replies = client.receive(300);
    REQUIRE(replies.size() == 1);
    CHECK_THAT(replies[0], Catch::Contains("a packet of 200 messages; at most 64 act"));

    // The whole state asked for 1000 times as fast as a forger can: what goes back to that
    // address stays within its budget (a state is about 1.5 KB: 1.5 MB were sent before).
    session.run(0.1); // the status knows every console
    const auto started = std::chrono::steady_clock::now();
    for (int i = 0; i < 1000; ++i) {
        client.send(lo_message_new(), "/dragoman/state");
        if (i % 4 == 3) // read as they come, so none is lost in the socket's buffer
            session.remote.poll(std::chrono::milliseconds(0), session.target);
    }
    for (int i = 0; i < 20; ++i)
        session.remote.poll(std::chrono::milliseconds(10), session.target);
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    const OscSurface::Traffic traffic = session.remote.traffic();
    INFO(traffic.repliedBytes << " bytes replied in " << seconds << " s, " << traffic.droppedReplies
                              << " replies dropped");
    CHECK(traffic.droppedReplies > 0);
    CHECK(static_cast<double>(traffic.repliedBytes) <=
          OscSurface::kMostReplyBytesPerSecond * (1.0 + seconds) + 2048.0);
}

TEST_CASE("with osc.peers, packets from other addresses are ignored, unanswered", "[surfaces]") {
    RunningSession session;
    OscSurface guarded{OscSettings{"127.0.0.1", 0, {"10.9.9.9", "192.168.0.0/16"}}};
    OscClient client(guarded.port());
    client.send(message(1), "/dragoman/console/ko-en-1/mic");
    guarded.poll(std::chrono::milliseconds(200), session.target);
    CHECK(client.receive(300).empty());
    CHECK(guarded.traffic().ignoredPackets == 1);
    session.run(0.3);
    const ConsoleStatus* console = session.status.console("ko-en-1");
    REQUIRE(console != nullptr);
    CHECK_FALSE(console->state.micOn); // nothing acted

    OscSurface open{OscSettings{"127.0.0.1", 0, {"127.0.0.0/8"}}};
    OscClient local(open.port());
    local.send(message(1), "/dragoman/console/ko-en-1/mic");
    open.poll(std::chrono::milliseconds(200), session.target);
    CHECK(local.receive(300) ==
          std::vector<std::string>{"/dragoman/ok \"/dragoman/console/ko-en-1/mic\""});

    // The session's list is checked like any field.
    Session withPeers = summitSession();
    withPeers.osc =
        OscSettings{"0.0.0.0", 9000, {"192.168.1.0/24", "::1", "10.0.0.0/33", "tablet"}};
    const Problems problems = validateSession(withPeers);
    REQUIRE(problems.size() == 2);
    CHECK(problems[0].describe() ==
          "osc.peers[2]: \"10.0.0.0/33\" is not an IP address or network (192.168.1.0/24)");
    CHECK(problems[1].path == "osc.peers[3]");
}

TEST_CASE("meter subscribers get each program feed's loudness", "[surfaces][program]") {
    RunningSession session;
    session.rig.loadSession(withProgramFeeds(summitSession()));
    OscClient client(session.remote.port());
    subscribeToMeters(session, client);
    // Nobody on air: ko and en carry the floor's tone (-12 dBFS, far over -23 LUFS), which
    // each program brings to its target within a second or two; after 5 s of audio the
    // short-term window (3 s) holds only the settled program. Meters go out every 50 ms of wall
    // time, however fast the audio renders, so the test reads ko's first reading published
    // after those 5 s (rendering on meanwhile, up to 30 s of audio).
    std::vector<std::string> replies;
    const std::string koPrefix = "/dragoman/loudness \"ko\" ";
    double momentary = 0.0, shortTerm = 0.0, integrated = 0.0, truePeak = 0.0, gain = 0.0;
    bool heard = false;
    for (int i = 0; i < 600 && !heard; ++i) {
        session.run(0.05);
        for (const std::string& reply : client.receive(1)) {
            replies.push_back(reply);
            if (i < 100 || !reply.starts_with(koPrefix))
                continue;
            // channel, momentary, short-term, integrated, true peak, gain
            std::istringstream fields(reply.substr(koPrefix.size()));
            fields >> momentary >> shortTerm >> integrated >> truePeak >> gain;
            heard = true;
        }
    }
    INFO(listing(replies));
    REQUIRE(heard);
    CHECK(momentary == Approx(-23.0).margin(0.5));
    CHECK(shortTerm == Approx(-23.0).margin(1.0));
    CHECK(truePeak <= -1.0);
    CHECK(gain < -5.0); // brought down
    CHECK(std::any_of(replies.begin(), replies.end(), [](const std::string& r) {
        return r.starts_with("/dragoman/loudness \"en\" ");
    }));
    CHECK(std::none_of(replies.begin(), replies.end(), [](const std::string& r) {
        return r.starts_with("/dragoman/loudness \"ja\" "); // no program feed
    }));
}
