// The one key vocabulary: every key and argument read and written the same way by every face,
// the hardware key names built from it, the docs' tables checked against it, and toggles
// resolved by the engine.
#include "control/KeyPress.h"

#include "control/HardwareKey.h"
#include "support/ToneRig.h"

#include <catch2/catch.hpp>
#include <fstream>
#include <map>
#include <sstream>

using namespace dragoman;
using namespace dragoman::test;

namespace {

// One press of each argument kind the key takes.
std::vector<KeyPress> samplePresses(ConsoleKey key) {
    switch (argumentKind(key)) {
    case ArgumentKind::Switch:
        return {{key, Switch::On}, {key, Switch::Off}, {key, Switch::Toggle}};
    case ArgumentKind::Slot:
        return {{key, OutputSlot::A}, {key, OutputSlot::C}};
    case ArgumentKind::Listen:
        return {{key, ListenChoice{ListenSource::Kind::Floor, {}}},
                {key, ListenChoice{ListenSource::Kind::AutoRelay, {}}},
                {key, ListenChoice{ListenSource::Kind::Channel, "ko"}}};
    case ArgumentKind::Level:
        break;
    }
    const LevelRange range = levelRange(key);
    return {{key, Decibels{range.minDb}}, {key, Decibels{-3.5f}}, {key, Decibels{range.maxDb}}};
}

std::string readDoc(const std::string& name) {
    std::ifstream in(std::string(DRAGOMAN_SOURCE_DIR) + "/docs/" + name);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

} // namespace

TEST_CASE("every key press is written and read back the same", "[control]") {
    for (const ConsoleKey key : kConsoleKeys) {
        INFO(keyName(key));
        CHECK(consoleKeyNamed(keyName(key)) == key);
        for (const KeyPress& press : samplePresses(key)) {
            const std::string text = formatKeyPress(press);
            INFO(text);
            CHECK(argumentProblem(press).empty());
            const KeyPressParse read = parseKeyPress(keyName(key), formatArgument(press.argument));
            REQUIRE(read.press.has_value());
            CHECK(*read.press == press);
        }
    }
    CHECK(formatKeyPress({ConsoleKey::Mic, Switch::Toggle}) == "mic toggle");
    CHECK(formatKeyPress({ConsoleKey::Output, OutputSlot::B}) == "output b");
    CHECK(formatKeyPress({ConsoleKey::HeadphoneVolume, Decibels{-12.0f}}) == "volume -12");
}

TEST_CASE("a key press that does not read says why", "[control]") {
    CHECK(parseKeyPress("shout", "on").problem == "unknown console key \"shout\"");
    CHECK(parseKeyPress("mic", "up").problem == "expects on, off or toggle, got \"up\"");
    CHECK(parseKeyPress("output", "d").problem ==
          "expects the outgoing channel's slot: \"a\", \"b\" or \"c\"");
    CHECK(parseKeyPress("volume", "40").problem == "expects a level in dB from -60 to 12");
    CHECK(parseKeyPress("bass", "loud").problem ==
          "expects a level in dB from -18 to 18, got \"loud\"");
    CHECK(parseKeyPress("listen", "").problem ==
          "expects \"floor\", \"auto\" or a language channel's id");
    CHECK_FALSE(keyPressFromNumber(ConsoleKey::Output, 1.0f).press.has_value());
    CHECK(keyPressFromNumber(ConsoleKey::Sidetone, 40.0f, true).press ==
          KeyPress{ConsoleKey::Sidetone, Decibels{kSidetoneRange.maxDb}});
    CHECK(argumentProblem({ConsoleKey::Mic, OutputSlot::B}) == "mic expects on, off or toggle");
}

TEST_CASE("hardware key names are the vocabulary's keys and arguments", "[control]") {
    for (const ConsoleKey key : kConsoleKeys)
        for (const KeyPress& press : samplePresses(key)) {
            const NamedHardwarePress named = hardwarePressOf(press);
            INFO(named.name);
            const auto action = hardwareKeyAction(named.name);
            REQUIRE(action.has_value());
            CHECK(action->press.key == key);
            if (action->kind == HardwareKeyAction::Kind::Select)
                CHECK(action->press == press);
            if (action->kind == HardwareKeyAction::Kind::Level)
                CHECK(named.value == std::get<Decibels>(press.argument).db);
        }
    CHECK(hardwareKeyAction("mic")->kind == HardwareKeyAction::Kind::Held);
    CHECK(hardwareKeyAction("slow-down")->kind == HardwareKeyAction::Kind::Toggle);
    CHECK(hardwareKeyAction("mic-toggle")->press == KeyPress{ConsoleKey::Mic, Switch::Toggle});
    CHECK(hardwareKeyAction("listen-ko-en")->press ==
          KeyPress{ConsoleKey::Listen, ListenChoice{ListenSource::Kind::Channel, "ko-en"}});
    CHECK_FALSE(hardwareKeyAction("output").has_value());
    CHECK_FALSE(hardwareKeyAction("output-d").has_value());
    CHECK_FALSE(hardwareKeyAction("volume-3").has_value());
    CHECK_FALSE(hardwareKeyAction("shout").has_value());
}

TEST_CASE("the guide's key table and the OSC addresses list every key", "[control]") {
    const std::string guide = readDoc("guide.md");
    const std::string osc = readDoc("remote-control.md");
    REQUIRE_FALSE(guide.empty());
    REQUIRE_FALSE(osc.empty());
    const auto table = guide.substr(guide.find("## The console's keys"));
    for (const ConsoleKey key : kConsoleKeys) {
        const std::string name(keyName(key));
        INFO(name);
        CHECK(table.substr(0, table.find("## The rules")).find("`" + name + "`") !=
              std::string::npos);
        CHECK((osc.find("/dragoman/console/ID/" + name + "`") != std::string::npos ||
               osc.find("`.../" + name + "`") != std::string::npos));
    }
}

TEST_CASE("toggles are resolved by the engine: quick presses flip each time", "[control]") {
    ToneRig rig(summitSession(), 48000.0);
    rig.engine().takeEvents();
    // Sent before the audio thread runs: no face could have seen a state between them.
    for (int i = 0; i < 3; ++i)
        REQUIRE(rig.engine().press("ja-1", {ConsoleKey::SlowDown, Switch::Toggle}));
    for (int i = 0; i < 2; ++i)
        REQUIRE(rig.engine().press("ko-en-2", {ConsoleKey::Help, Switch::Toggle}));
    REQUIRE(rig.engine().press("ko-en-1", {ConsoleKey::Mic, Switch::Toggle}));
    rig.run(0.1);
    std::map<std::string, ConsoleState> last; // each console's latest reported state
    for (const EngineEvent& event : rig.engine().takeEvents())
        if (const auto* changed = std::get_if<ConsoleStateChanged>(&event))
            last[rig.engine().consoleId(changed->console)] = changed->state;
    const ConsoleState ja = last["ja-1"], koEn2 = last["ko-en-2"], koEn1 = last["ko-en-1"];
    CHECK(ja.slowDown);      // three flips
    CHECK_FALSE(koEn2.help); // two flips
    CHECK(koEn1.micOn);
    REQUIRE(rig.engine().press("ko-en-1", {ConsoleKey::Mic, Switch::Toggle}));
    rig.run(0.1);
    bool off = false;
    for (const EngineEvent& event : rig.engine().takeEvents())
        if (const auto* changed = std::get_if<ConsoleStateChanged>(&event))
            off |= rig.engine().consoleId(changed->console) == "ko-en-1" && !changed->state.micOn;
    CHECK(off);
}

TEST_CASE("a press whose argument does not fit its key is not sent", "[control]") {
    ToneRig rig(summitSession(), 48000.0);
    const PressResult result = rig.engine().press("ko-en-1", {ConsoleKey::Output, Switch::On});
    CHECK(result.outcome() == PressResult::Outcome::ArgumentMismatch);
    CHECK(result.why("ko-en-1") == "a key press whose argument does not fit its key");
}
