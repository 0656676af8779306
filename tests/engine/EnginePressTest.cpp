// Engine::press, listen and setFloorLanguage say why a press was not sent, in the words every
// face passes on to its user; and a full key queue is counted, not hidden.
#include "Engine.h"
#include "support/ToneRig.h"

#include <catch2/catch.hpp>

using namespace dragoman;
using dragoman::test::summitSession;
using Outcome = PressResult::Outcome;

TEST_CASE("a press that cannot be sent says why, naming the console or channel", "[engine]") {
    Engine engine(summitSession(), 48000.0);
    CHECK(engine.press("ko-en-1", {ConsoleKey::Mic, Switch::On}).outcome() == Outcome::Sent);
    CHECK(engine.press("ko-en-1", {ConsoleKey::Mic, Switch::On}).why("ko-en-1").empty());

    const PressResult unknown = engine.press("fr-1", {ConsoleKey::Mic, Switch::On});
    CHECK_FALSE(unknown);
    CHECK(unknown.why("fr-1") == "unknown console \"fr-1\"");
    CHECK(engine.press("fr-1", {ConsoleKey::Listen, ListenChoice{ListenSource::Kind::Floor, {}}})
              .outcome() == Outcome::UnknownConsole);

    const PressResult channel =
        engine.press("ja-1", {ConsoleKey::Listen, ListenChoice{ListenSource::Kind::Channel, "fr"}});
    CHECK(channel.outcome() == Outcome::UnknownChannel);
    CHECK(channel.why("ja-1", "fr") == "unknown language channel \"fr\"");

    CHECK(engine.setFloorLanguage("en").outcome() == Outcome::Sent);
    const PressResult notALanguage = engine.setFloorLanguage("english!");
    CHECK(notALanguage.outcome() == Outcome::NotALanguage);
    CHECK(notALanguage.why("", "english!") == "\"english!\" is not a language code");

    CHECK(engine.knowsConsole("ko-en-2"));
    CHECK_FALSE(engine.knowsConsole("fr-1"));
    CHECK(engine.knowsChannel("ja"));
    CHECK_FALSE(engine.knowsChannel("fr"));
}

TEST_CASE("presses the audio thread does not take fill the queue, and are counted", "[engine]") {
    Engine engine(summitSession(), 48000.0);
    // No process() call: nothing drains the queue, as with a stalled device.
    std::size_t sent = 0;
    PressResult last = Outcome::Sent;
    while (last && sent < 100000) {
        last =
            engine.press("ko-en-1", {ConsoleKey::Cough, sent % 2 == 0 ? Switch::On : Switch::Off});
        if (last)
            ++sent;
    }
    CHECK(last.outcome() == Outcome::QueueFull);
    CHECK(last.why("ko-en-1") == "the key queue is full");
    CHECK(sent >= 1000); // the queue holds a burst from every surface
    CHECK(engine.droppedCommands() == 1);
}
