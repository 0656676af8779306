// Messages across the network: a real host on loopback with console ko-en-2 remote, behind a
// relay that loses a third of the datagrams, duplicates and reorders them. The remote console's
// messages reach the host's board each once and in the order written (a refused one with its
// reason); the messages that reach ko-en-2 (and only those) arrive each once; and keys keep
// their order through the loss (eleven mic toggles end on air).
#include "device/DeviceBlockExchange.h"
#include "remotebooth/RemoteBoothHost.h"
#include "support/DeviceBuffers.h"
#include "support/ImpairmentRelay.h"
#include "support/ToneRig.h"
#include "support/TonedConsole.h"

#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <functional>
#include <thread>

using namespace dragoman;
using namespace dragoman::test;

namespace {

MessageRecipient recipient(const std::string& text) {
    return *parseRecipient(text).recipient;
}

} // namespace

TEST_CASE("messages cross a lossy path both ways, each once and in order, and keys keep order",
          "[remotebooth][messages]") {
    constexpr std::uint32_t kBlock = 128;
    const Session session = summitWithRemoteConsole(5004);
    Engine engine(session, 48000.0);
    RemoteBoothSettings remote = *session.remoteBooths;
    remote.port = 0;
    RemoteBoothHost host(engine, remote, kBlock);
    const DeviceChannels channels = DeviceChannelMap::wanted(engine);
    DeviceChannelMap map(engine, channels, "test device");
    std::atomic<bool> running{true};
    std::thread blocks([&] { // the device: silent inputs, at the block rate
        test::DeviceBuffers device(channels, kBlock);
        BlockSource* sources[] = {&host};
        RenderedBlockSink* sinks[] = {&host};
        auto next = std::chrono::steady_clock::now();
        while (running.load()) {
            renderDeviceBlock(engine, map, sources, sinks, device.inputs, device.outputs, kBlock);
            next += std::chrono::microseconds(kBlock * 1000000 / 48000);
            std::this_thread::sleep_until(next);
        }
    });
    SessionStatus status;
    std::vector<RemoteConsoleEvent> events;
    // Polls as `dragoman run` does until `condition` holds, for at most 20 s.
    auto within20s = [&](TonedConsole& console, const std::function<bool()>& condition) {
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
        while (std::chrono::steady_clock::now() < deadline) {
            status.update(engine);
            host.publishStates(status, engine);
            for (RemoteConsoleEvent& e : console.client().takeEvents())
                events.push_back(std::move(e));
            if (condition())
                return true;
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
        return false;
    };
    const auto count = [&](RemoteConsoleEvent::Kind kind) {
        return std::count_if(events.begin(), events.end(),
                             [&](const RemoteConsoleEvent& e) { return e.kind == kind; });
    };
    MessageBoard& board = engine.messages();
    {
        // Joined without loss (the handshake has its own tests), then a bad path.
        ImpairmentRelay relay(host.port(), {0.0, 0.0, 0.0});
        TonedConsole console(relay.port(), 0.0);
        relay.setImpairment({0.33, 0.1, 15.0});

        // From the remote console: eight messages, one of them to a booth the session lacks.
        const std::vector<std::pair<std::string, std::string>> written = {
            {"boothmates", "1 take over after this speaker"},
            {"technician", "2 my left earphone crackles"},
            {"booth:ja", "3 what was the minister's name?"},
            {"booth:fr", "4 to nobody"},
            {"console:ko-en-1", "5 coffee?"},
            {"technician", "6 louder please"},
            {"boothmates", "7 ready in a minute"},
            {"technician", "8 thanks"}};
        for (const auto& [to, text] : written)
            console.client().post(recipient(to), QuickMessage::None, text);
        console.client().post(recipient("technician"), QuickMessage::FloorSoundBad, "since 10:02");
        REQUIRE(within20s(console, [&] {
            return count(RemoteConsoleEvent::Kind::MessagePosted) +
                       count(RemoteConsoleEvent::Kind::MessageRefused) ==
                   9;
        }));
        const std::vector<BoothMessage> posted = board.since(0);
        std::vector<std::string> texts;
        for (const BoothMessage& m : posted) {
            CHECK(m.from == "ko-en-2"); // a console posts as itself only
            texts.push_back(recipientText(m.to) + " " + m.words());
        }
        CHECK(texts == std::vector<std::string>{
                           "boothmates 1 take over after this speaker",
                           "technician 2 my left earphone crackles",
                           "booth:ja 3 what was the minister's name?", "console:ko-en-1 5 coffee?",
                           "technician 6 louder please", "boothmates 7 ready in a minute",
                           "technician 8 thanks", "technician Floor sound bad: since 10:02"});
        const auto refused =
            std::find_if(events.begin(), events.end(), [](const RemoteConsoleEvent& e) {
                return e.kind == RemoteConsoleEvent::Kind::MessageRefused;
            });
        REQUIRE(refused != events.end());
        CHECK(refused->text == "to: unknown booth \"fr\"");

        // To the remote console: what reaches it, through the same loss.
        const std::uint64_t before = board.latest();
        for (int i = 1; i <= 6; ++i)
            REQUIRE(board
                        .post("technician", recipient(i % 2 ? "console:ko-en-2" : "booth:ko-en"),
                              QuickMessage::None, "for you " + std::to_string(i))
                        .message);
        REQUIRE(board.post("technician", recipient("console:ja-1"), QuickMessage::None, "not you")
                    .message);
        REQUIRE(
            board.post("ko-en-1", recipient("boothmates"), QuickMessage::TakeOverSoon, "").message);
        REQUIRE(within20s(console,
                          [&] { return count(RemoteConsoleEvent::Kind::MessageReceived) >= 7; }));
        // Resends after a lost ack, and duplicates, must not show twice: give them time to come.
        std::this_thread::sleep_for(std::chrono::milliseconds(500));
        within20s(console, [] { return true; });
        std::vector<std::string> received;
        for (const BoothMessage& m : console.client().messages()) {
            CHECK(m.number > before);
            received.push_back(m.from + " " + m.words());
        }
        CHECK(received == std::vector<std::string>{"technician for you 1", "technician for you 2",
                                                   "technician for you 3", "technician for you 4",
                                                   "technician for you 5", "technician for you 6",
                                                   "ko-en-1 Take over in 2 minutes"});
        CHECK(count(RemoteConsoleEvent::Kind::MessageReceived) == 7);
        CHECK(console.client().unfitMessages() == 0);

        // Keys in a burst through the loss: each applied, once, in the order pressed. Eleven
        // toggles end on air only if none is skipped (a key after a lost one must wait for it).
        for (int press = 0; press < 11; ++press)
            console.client().press("mic-toggle", 1.0f);
        // A key is acknowledged once queued for the audio thread; the state shows it a block
        // later. A skipped or doubled toggle would leave the mic off for good.
        CHECK(within20s(console, [&] {
            return count(RemoteConsoleEvent::Kind::KeyDone) == 11 &&
                   status.console("ko-en-2")->state.micOn;
        }));
        CHECK(count(RemoteConsoleEvent::Kind::KeyDone) == 11);
        CHECK(relay.dropped() > 20);
        console.client().leave();
    }
    running.store(false);
    blocks.join();
}
