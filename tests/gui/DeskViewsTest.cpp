// The interpreter console and the engineer view as a person sees them: the real editor over a
// real processor, keys pressed through the console's keyboard shortcuts, audio rendered, and
// the drawn pixels checked (the mic key turns red on air, amber while waiting). Writes the
// screenshots docs/ shows (into the build tree; docs/ holds reviewed copies).
#define CATCH_CONFIG_RUNNER
#include "DragomanEditor.h"
#include "DragomanProcessor.h"
#include "files/AudioFileReader.h"
#include "remotebooth/RemoteConsoleClient.h"
#include "support/AllocationCounter.h"
#include "support/EditorSnapshot.h"
#include "support/Goertzel.h"
#include "support/ToneRig.h"

#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <numbers>
#include <thread>
#include <unistd.h>

using namespace dragoman;
using namespace dragoman::plugin;

namespace {

// Renders `seconds` of tones (floor 440 Hz, mics 620/830/1070 Hz) through the processor.
void render(DragomanProcessor& processor, double seconds) {
    const int block = 256;
    juce::AudioBuffer<float> buffer(
        std::max(processor.getTotalNumInputChannels(), processor.getTotalNumOutputChannels()),
        block);
    juce::MidiBuffer midi;
    static std::int64_t frame = 0;
    const double tones[] = {440.0, 620.0, 830.0, 1070.0};
    for (int b = 0; b < static_cast<int>(seconds * 48000.0 / block); ++b, frame += block) {
        buffer.clear();
        for (int c = 0; c < processor.getTotalNumInputChannels() && c < 4; ++c)
            for (int i = 0; i < block; ++i)
                buffer.setSample(
                    c, i,
                    static_cast<float>(0.2 * std::sin(2.0 * std::numbers::pi * tones[c] *
                                                      static_cast<double>(frame + i) / 48000.0)));
        {
            const dragoman::test::CountedSection counted;
            processor.processBlock(buffer, midi);
        }
    }
    processor.pollEngine();
}

using dragoman::test::snapshot;

// The fill colour of a key, in the editor's snapshot: a point inside its top-left corner,
// clear of the rounded edge and of the caption.
juce::Colour keyColour(const juce::Image& image, DragomanEditor& editor, juce::Component& c) {
    const auto area = editor.getLocalArea(&c, c.getLocalBounds());
    return image.getPixelAt(area.getX() + 12, area.getY() + 12);
}

bool near(juce::Colour a, juce::Colour b) {
    return std::abs(a.getRed() - b.getRed()) + std::abs(a.getGreen() - b.getGreen()) +
               std::abs(a.getBlue() - b.getBlue()) <
           60;
}

juce::Component* micKeyOf(juce::Component& console) {
    for (juce::Component* child : console.getChildren())
        if (auto* button = dynamic_cast<juce::TextButton*>(child))
            if (button->getButtonText() == "MIC" || button->getButtonText() == "ON AIR" ||
                button->getButtonText() == "WAITING" || button->getButtonText() == "MUTED" ||
                button->getButtonText() == "MUTED: TALKBACK" ||
                button->getButtonText() == "TAKE OVER")
                return button;
    return nullptr;
}

juce::TextButton* buttonOf(juce::Component& console, const juce::String& text) {
    for (juce::Component* child : console.getChildren())
        if (auto* button = dynamic_cast<juce::TextButton*>(child))
            if (button->getButtonText() == text)
                return button;
    return nullptr;
}

// Six seconds of words (bursts of noise, faded in and out, with pauses of silence), through
// sox's `effect` ("sinc -3400": a telephone line; "": full band).
std::vector<float> telephoneFloor(const std::string& effect) {
    const std::string base = "/tmp/dragoman-gui-floor-" + std::to_string(getpid());
    REQUIRE(
        std::system(("sox -n -r 48000 -c 1 -b 16 " + base + ".wav synth 0.3 pinknoise vol 0.5 " +
                     effect + " fade q 0.05 0.3 0.05 pad 0 0.2 repeat 11 2>/dev/null")
                        .c_str()) == 0);
    AudioFileReader reader(base + ".wav");
    std::vector<float> samples(reader.frames());
    samples.resize(reader.read(samples));
    std::remove((base + ".wav").c_str());
    return samples;
}

} // namespace

TEST_CASE("the console's mic key shows on air, waiting and off, driven from the keyboard",
          "[gui]") {
    DragomanProcessor processor;
    processor.prepareToPlay(48000.0, 256);
    DragomanEditor editor(processor);
    editor.setSize(1100, 640);
    editor.showTab(1);
    gui::InterpreterConsole* first = editor.console("ko-en-1");
    gui::InterpreterConsole* second = editor.console("ko-en-2");
    REQUIRE(first != nullptr);
    REQUIRE(second != nullptr);
    juce::Component* micKey = micKeyOf(*first);
    REQUIRE(micKey != nullptr);

    juce::Image image = snapshot(editor, "console-off.png");
    CHECK_FALSE(near(keyColour(image, editor, *micKey), gui::DeskColours::onAir));

    first->keyPressed(juce::KeyPress('m')); // mic on
    render(processor, 0.5);
    image = snapshot(editor, "console.png");
    CHECK(near(keyColour(image, editor, *micKey), gui::DeskColours::onAir));
    CHECK(processor.status().console("ko-en-1")->state.micOn);

    // The boothmate asks for the mic: booth interlock makes it wait (amber), then hand over.
    editor.showTab(2);
    second->keyPressed(juce::KeyPress('m'));
    render(processor, 0.2);
    image = snapshot(editor, "console-waiting.png");
    juce::Component* secondMic = micKeyOf(*second);
    REQUIRE(secondMic != nullptr);
    CHECK(near(keyColour(image, editor, *secondMic), gui::DeskColours::waiting));

    editor.showTab(1);
    first->keyPressed(juce::KeyPress('m')); // mic off: handover
    render(processor, 0.2);
    CHECK(processor.status().console("ko-en-2")->state.micOn);
    CHECK_FALSE(processor.status().console("ko-en-1")->state.micOn);
    image = snapshot(editor, "console-after-handover.png");
    CHECK_FALSE(near(keyColour(image, editor, *micKey), gui::DeskColours::onAir));
}

TEST_CASE("a console asks its boothmate to take over: the boothmate's mic key says TAKE OVER "
          "and takes the mic",
          "[gui][handover]") {
    DragomanProcessor processor;
    processor.prepareToPlay(48000.0, 256);
    DragomanEditor editor(processor);
    editor.setSize(1100, 640);
    gui::InterpreterConsole* first = editor.console("ko-en-1");
    gui::InterpreterConsole* second = editor.console("ko-en-2");
    REQUIRE(first != nullptr);
    REQUIRE(second != nullptr);
    first->keyPressed(juce::KeyPress('m'));
    render(processor, 3.0); // three seconds on air: the day's clock shows it
    juce::TextButton* ask = buttonOf(*first, "ASK TO TAKE OVER");
    REQUIRE(ask != nullptr);
    ask->onClick();
    render(processor, 0.3);
    CHECK(presenceOf(processor.status().console("ko-en-1")->state) == Presence::Requested);
    first->refresh(); // as the editor's timer does
    CHECK(ask->getButtonText() == "TAKE-OVER ASKED");
    CHECK(first->boothmateText() == "BOOTHMATE ko-en-2: READY");
    CHECK(first->shiftText().startsWith("TURN 0:03 OF 30:00"));

    editor.showTab(2);
    juce::Image image = snapshot(editor, "console-handover-request.png");
    CHECK(second->boothmateText() == "BOOTHMATE ko-en-1 ASKS YOU TO TAKE OVER: PRESS MIC");
    juce::Component* secondMic = micKeyOf(*second);
    REQUIRE(secondMic != nullptr);
    CHECK(dynamic_cast<juce::TextButton*>(secondMic)->getButtonText() == "TAKE OVER");
    CHECK(near(keyColour(image, editor, *secondMic), gui::DeskColours::waiting));
    editor.showTab(1);
    snapshot(editor, "console-handover-asked.png");
    editor.showTab(0);
    snapshot(editor, "engineer-view-handover.png");

    // The boothmate accepts with the mic key: on air at once (the booth's interlock would
    // otherwise make them wait), the requester off, the request gone from both.
    editor.showTab(2);
    second->keyPressed(juce::KeyPress('m'));
    render(processor, 0.3);
    CHECK(processor.status().console("ko-en-2")->state.micOn);
    CHECK_FALSE(processor.status().console("ko-en-1")->state.micOn);
    CHECK(second->boothmateText() == "BOOTHMATE ko-en-1: READY");
    CHECK(second->shiftText().startsWith("TURN 0:00 OF 30:00"));
    CHECK(first->shiftText() == "DAY 0:03");

    // Away: the boothmate sees it, and the hand-over key has nobody to give the mic to.
    juce::TextButton* away = buttonOf(*first, "AWAY");
    REQUIRE(away != nullptr);
    away->onClick();
    render(processor, 0.2);
    CHECK(second->boothmateText() == "BOOTHMATE ko-en-1: AWAY");
    juce::TextButton* handOver = buttonOf(*second, "HAND OVER NOW");
    REQUIRE(handOver != nullptr);
    second->refresh();
    CHECK_FALSE(handOver->isEnabled());
    snapshot(editor, "console-boothmate-away.png");
}

TEST_CASE("messages between consoles and the technician show on both desks, each where it "
          "goes",
          "[gui][messages]") {
    DragomanProcessor processor;
    processor.prepareToPlay(48000.0, 256);
    DragomanEditor editor(processor);
    editor.setSize(1100, 640);
    gui::InterpreterConsole* first = editor.console("ko-en-1");
    gui::InterpreterConsole* second = editor.console("ko-en-2");
    gui::InterpreterConsole* japanese = editor.console("ja-1");
    REQUIRE(first != nullptr);
    REQUIRE(second != nullptr);
    REQUIRE(japanese != nullptr);
    const auto withoutClock = [](const juce::StringArray& lines) {
        juce::StringArray out;
        for (const juce::String& line : lines)
            out.add(line.fromFirstOccurrenceOf("  ", false, false)); // "09:01  " off
        return out;
    };
    const auto utf8 = [](std::initializer_list<const char*> lines) {
        juce::StringArray out;
        for (const char* line : lines)
            out.add(juce::String::fromUTF8(line));
        return out;
    };

    // ko-en-1 presses TAKE OVER IN 2 MIN: its boothmate reads it, the Japanese booth does not.
    juce::TextButton* takeOver = buttonOf(first->messages(), "TAKE OVER IN 2 MIN");
    REQUIRE(takeOver != nullptr);
    takeOver->onClick();
    // The Japanese booth (relaying English) asks the ko-en booth by text.
    japanese->messages().chooseRecipient(1); // TECHNICIAN, then BOOTH ko-en
    japanese->messages().send("Please repeat the minister's name");
    CHECK(japanese->messages().refusal().isEmpty());
    // The technician tells the Japanese booth who speaks next, with a detail.
    gui::EngineerView& engineer = *editor.engineer();
    engineer.messages().chooseRecipient(1); // BOOTH ko-en, BOOTH ja
    juce::TextEditor* typed = nullptr;
    for (juce::Component* c : engineer.messages().getChildren())
        if (auto* t = dynamic_cast<juce::TextEditor*>(c))
            typed = t;
    REQUIRE(typed != nullptr);
    typed->setText("in French");
    juce::TextButton* next = buttonOf(engineer.messages(), "NEXT SPEAKER");
    REQUIRE(next != nullptr);
    next->onClick();
    render(processor, 0.1);
    editor.refresh();

    CHECK(withoutClock(second->messages().lines()) ==
          utf8({"ko-en-1 \u2192 boothmates: Take over in 2 minutes",
                "ja-1 \u2192 booth ko-en: Please repeat the minister's name"}));
    CHECK(withoutClock(first->messages().lines()) ==
          utf8({"you \u2192 boothmates: Take over in 2 minutes",
                "ja-1 \u2192 booth ko-en: Please repeat the minister's name"}));
    CHECK(withoutClock(japanese->messages().lines()) ==
          utf8({"you \u2192 booth ko-en: Please repeat the minister's name",
                "technician \u2192 booth ja: Next speaker: in French"}));
    CHECK(withoutClock(engineer.messages().lines()) ==
          utf8({"you \u2192 booth ja: Next speaker: in French"}));
    CHECK(typed->getText().isEmpty()); // sent: the line is free again

    // The slow-down key reaches the technician as a message; a bad text is refused, naming it.
    juce::TextButton* slow = buttonOf(*japanese, "SLOW DOWN");
    REQUIRE(slow != nullptr);
    slow->onClick();
    render(processor, 0.2);
    editor.refresh();
    CHECK(withoutClock(engineer.messages().lines())[1] ==
          "ja-1 \u2192 technician: Slow down, please");
    first->messages().send(juce::String(std::string(300, 'x')));
    CHECK(first->messages().refusal() == "NOT SENT: text: longer than 280 bytes");
    first->messages().send(""); // an empty line sends nothing, and says so
    CHECK(first->messages().refusal().startsWith("NOT SENT: text: empty"));
    // Messages never move a key: nobody went on air.
    for (const char* console : {"ko-en-1", "ko-en-2", "ja-1"})
        CHECK_FALSE(processor.status().console(console)->state.micOn);

    editor.showTab(2);
    snapshot(editor, "console-messages.png");
    editor.showTab(0);
    snapshot(editor, "engineer-view-messages.png");
}

TEST_CASE("the engineer sets a headset's calibration live and sees each interpreter's ears",
          "[gui][hearing]") {
    DragomanProcessor processor;
    processor.prepareToPlay(48000.0, 256);
    DragomanEditor editor(processor);
    editor.setSize(1100, 640);
    render(processor, 0.5);
    editor.refresh();
    // Before: every console at the session's -12 dBFS; the floor's -14 dBFS sine passes whole.
    CHECK(editor.engineer()->hearingCaption("ko-en-2").endsWith("94 dB at -12.0 dBFS"));
    gui::HeadsetCalibration& calibration = editor.engineer()->headsetCalibration();
    calibration.choose(2); // every console, ko-en-1, ko-en-2
    CHECK(calibration.dbfs() == -12.0);
    calibration.setDbfs(-24.0); // a loud headset: 94 dB SPL already at -24 dBFS
    CHECK(calibration.apply().isEmpty());
    CHECK(calibration.message().startsWith("ko-en-2: 94 dB SPL at -24.0 dBFS"));
    const auto headsetOf = [&](const std::string& id) {
        for (const Booth& booth : processor.session().booths)
            for (const Console& console : booth.consoles)
                if (console.id == id)
                    return console.headset94Dbfs;
        return std::optional<double>();
    };
    CHECK(headsetOf("ko-en-2") == -24.0);
    CHECK_FALSE(headsetOf("ko-en-1"));

    // Measured at the phones: ko-en-2's floor is held at its 94 dB SPL tier (-24 dBFS) once
    // the overload has lasted; ko-en-1's is as before.
    render(processor, 1.0);
    render(processor, 0.5);
    const auto peakOf = [&](const std::string& phones) {
        for (const MeterReading& m : processor.meters().outputs)
            if (m.what == PortId{PortId::Kind::Phones, phones})
                return m.level.peak;
        return -1.0f;
    };
    CHECK(peakOf("ko-en-2") < dbToGain(-23.5f));
    CHECK(peakOf("ko-en-2") > dbToGain(-25.0f));
    CHECK(peakOf("ko-en-1") > 0.19f);
    editor.refresh(); // the session changed: the views are built again
    CHECK(editor.engineer()->hearingCaption("ko-en-2").startsWith("HELD AT 94 dB"));
    CHECK(editor.engineer()->hearingCaption("ko-en-2").endsWith("94 dB at -24.0 dBFS"));
    CHECK(editor.engineer()->hearingCaption("ko-en-1").endsWith("94 dB at -12.0 dBFS"));
    snapshot(editor, "engineer-view-hearing.png");
}

TEST_CASE("the console's talkback key, held, speaks to the technician and not to the channel",
          "[gui][talkback]") {
    DragomanProcessor processor;
    processor.prepareToPlay(48000.0, 256);
    DragomanEditor editor(processor);
    editor.setSize(1100, 640);
    gui::InterpreterConsole* first = editor.console("ko-en-1");
    REQUIRE(first != nullptr);
    first->keyPressed(juce::KeyPress('m'));
    render(processor, 0.5);
    const auto peakOf = [&](const PortId& port) {
        for (const MeterReading& m : processor.meters().outputs)
            if (m.what == port)
                return m.level.peak;
        return -1.0f;
    };
    const PortId talkback{PortId::Kind::Talkback, "technician"};
    const PortId english{PortId::Kind::Channel, "en"};
    CHECK(peakOf(talkback) == 0.0f);
    juce::TextButton* key = buttonOf(*first, "TALKBACK");
    REQUIRE(key != nullptr);
    key->setState(juce::Button::buttonDown); // held
    render(processor, 0.2);
    render(processor, 0.3);
    CHECK(processor.status().console("ko-en-1")->state.talkback);
    CHECK(peakOf(talkback) > 0.19f); // ko-en-1's mic, a 0.2 tone
    CHECK(peakOf(english) < 0.01f);  // neither its voice nor the floor
    editor.showTab(1);
    const juce::Image image = snapshot(editor, "console-talkback.png");
    juce::Component* mic = micKeyOf(*first);
    REQUIRE(mic != nullptr);
    CHECK(dynamic_cast<juce::TextButton*>(mic)->getButtonText() == "MUTED: TALKBACK");
    CHECK_FALSE(near(keyColour(image, editor, *mic), gui::DeskColours::onAir)); // not live
    editor.showTab(0);
    snapshot(editor, "engineer-view-talkback.png");
    key->setState(juce::Button::buttonNormal); // let go
    render(processor, 0.2);
    render(processor, 0.3);
    CHECK_FALSE(processor.status().console("ko-en-1")->state.talkback);
    CHECK(peakOf(talkback) == 0.0f);
    CHECK(peakOf(english) > 0.19f);
}

TEST_CASE("the app keeps the booth log as dragoman run does", "[gui][booth-log]") {
    const std::string directory = "/tmp/dragoman-app-booth-log-" + std::to_string(getpid());
    std::filesystem::remove_all(directory);
    Session session = dragoman::test::summitSession();
    session.boothLog = BoothLogSettings{directory};
    std::string file;
    {
        DragomanProcessor processor(session);
        processor.prepareToPlay(48000.0, 256);
        processor.engine().press("ko-en-1", {ConsoleKey::Mic, Switch::On});
        render(processor, 0.3);
        REQUIRE(processor.engine()
                    .messages()
                    .post("ja-1", {MessageRecipient::Kind::Technician, {}},
                          QuickMessage::FloorSoundBad, "")
                    .message);
        render(processor, 0.3);
        CHECK(processor.boothLogProblem().empty());
        file = processor.boothLogPath();
        REQUIRE_FALSE(file.empty());
    } // closing the app writes each interpreter's day
    std::vector<std::string> events;
    std::ifstream lines(file);
    for (std::string line; std::getline(lines, line);) {
        const auto j = nlohmann::json::parse(line);
        const std::string event = j["event"].get<std::string>();
        // (ja-1 hears the 300 ms auto-floor crossfade of two coherent tones: an overload its
        // hearing protection rightly logs; not what this test is about.)
        if (!event.starts_with("hearing_"))
            events.push_back(event + " " + j.value("console", ""));
    }
    CHECK(events == std::vector<std::string>{"started ", "on_air ko-en-1", "message ja-1",
                                             "day ko-en-1", "day ko-en-2", "day ja-1"});
    std::filesystem::remove_all(directory);
}

TEST_CASE("the desk typeface covers Hangul and kana, so language names show in their scripts",
          "[gui]") {
    const juce::SharedResourcePointer<gui::DeskLookAndFeel> look;
    REQUIRE(look->coversCjk());
    // JUCE's FreeType faces number glyphs by code point and draw a missing one as the font's
    // "missing glyph" box: a character is covered when its outline differs from that box
    // (taken from a private-use code point, which no font draws).
    const juce::Typeface::Ptr face = juce::Font(16.0f).getTypefacePtr();
    auto outline = [&face](juce::juce_wchar c) {
        juce::Path path;
        face->getOutlineForGlyph(static_cast<int>(c), path);
        return path.toString();
    };
    const juce::String missing = outline(0xE000);
    for (const juce::juce_wchar c :
         {0xD55C /* 한 */, 0xAD6D /* 국 */, 0x65E5 /* 日 */, 0x672C /* 本 */, 0x30A2 /* ア */})
        CHECK(outline(c) != missing);
    CHECK(outline('A') != missing);
}

TEST_CASE("the engineer view shows who is on air where, and switches the floor language", "[gui]") {
    DragomanProcessor processor;
    processor.prepareToPlay(48000.0, 256);
    DragomanEditor editor(processor);
    editor.setSize(1100, 640);
    editor.console("ko-en-1")->keyPressed(juce::KeyPress('m'));
    editor.console("ja-1")->keyPressed(juce::KeyPress('m'));
    processor.pressKey("ja-1", ConsoleKey::SlowDown, 1.0f);
    render(processor, 0.5);
    editor.showTab(0);
    snapshot(editor, "engineer-view.png");
    CHECK(processor.status().channel("en")->interpreter == "ko-en-1");
    CHECK(processor.status().channel("ja")->quality == RelayQuality::Relay);

    // The floor-language buttons: EN moves the bidirectional booth to ko.
    juce::TextButton* en = nullptr;
    for (juce::Component* child : editor.getChildComponent(0)->getChildren())
        if (auto* tabContent = dynamic_cast<gui::EngineerView*>(child))
            for (juce::Component* c : tabContent->getChildren())
                if (auto* button = dynamic_cast<juce::TextButton*>(c))
                    if (button->getButtonText() == "EN")
                        en = button;
    REQUIRE(en != nullptr);
    en->onClick(); // what a click runs (triggerClick would post it to a message loop)
    render(processor, 0.3);
    CHECK(processor.status().floorLanguage() == "en");
    CHECK(processor.status().console("ko-en-1")->outgoing == "ko");
    // The outgoing parameter followed the engine (A en -> B ko), as a DAW would record it.
    CHECK(processor.parameters().getRawParameterValue("ko-en-1.output")->load() == 1.0f);
    snapshot(editor, "engineer-view-floor-en.png");
}

// Program feeds on ko (normalised to -23 LUFS) and en (to -16, for the web): the engineer sees
// each one's loudness as a broadcaster's meter reads it, and the target it is brought to.
TEST_CASE("the engineer view shows each program feed's loudness and its target", "[gui][program]") {
    DragomanProcessor processor;
    processor.prepareToPlay(48000.0, 256);
    DragomanEditor editor(processor);
    editor.setSize(1100, 640);
    Session edited = processor.session();
    edited.channels[0].program = ProgramFeed{};
    ProgramFeed web;
    web.loudnessLufs = -16.0;
    edited.channels[1].program = web;
    REQUIRE(processor.applySession(edited).empty());
    for (int poll = 0; poll < 100; ++poll) // 5 s, polled as the editor's timer does
        render(processor, 0.05);
    editor.refresh();
    editor.showTab(0);
    snapshot(editor, "engineer-view-program.png");
    bool offTarget = true;
    const juce::String ko = editor.engineer()->programCaption("ko", offTarget);
    INFO(ko);
    CHECK(ko.startsWith("PROGRAM  M -23."));
    CHECK(ko.contains("target -23"));
    CHECK(ko.contains(" dBTP"));
    const juce::String en = editor.engineer()->programCaption("en", offTarget);
    INFO(en);
    CHECK(en.contains("target -16"));
    CHECK(editor.engineer()->programCaption("ja", offTarget).isEmpty()); // none
}

// A floor from a telephone line (bursts of noise cut at 3.4 kHz by sox, faded in and out as
// words are, pauses of silence) fed
// to the floor bus: the console warns its interpreter and the engineer view the engineer, within
// a few seconds; a full-band floor afterwards clears both.
TEST_CASE("the console and the engineer view warn when the floor is not good enough to interpret",
          "[gui][floor-quality]") {
    DragomanProcessor processor;
    processor.prepareToPlay(48000.0, 256);
    DragomanEditor editor(processor);
    editor.setSize(1100, 640);
    gui::InterpreterConsole* console = editor.console("ko-en-1");
    REQUIRE(console != nullptr);
    // Feeds `floor` to the floor bus, polling as the message thread does; the seconds until
    // the console's warning reads `expected` ("": none), or -1.
    auto feed = [&](const std::vector<float>& floor, const juce::String& expected) {
        constexpr int block = 256;
        juce::AudioBuffer<float> buffer(
            std::max(processor.getTotalNumInputChannels(), processor.getTotalNumOutputChannels()),
            block);
        juce::MidiBuffer midi;
        const int floorChannel = processor.getChannelIndexInProcessBlockBuffer(true, 0, 0);
        for (std::size_t at = 0; at + block <= floor.size(); at += block) {
            buffer.clear();
            buffer.copyFrom(floorChannel, 0, floor.data() + at, block);
            processor.processBlock(buffer, midi);
            if ((at / block) % 8 == 0) { // every 43 ms, as the poll's 30 times a second
                processor.pollEngine();
                if (console->floorQualityText() == expected)
                    return static_cast<double>(at) / 48000.0;
            }
        }
        return -1.0;
    };
    const double told =
        feed(telephoneFloor("sinc -3400"), "FLOOR SOUND: nothing above 4 kHz (a telephone line?)");
    CHECK(told > 0.0);
    CHECK(told < 4.0);
    WARN("the console warned " << told << " s into the telephone-line floor");
    editor.showTab(1);
    snapshot(editor, "console-floor-quality.png");
    editor.showTab(0);
    snapshot(editor, "engineer-view-floor-quality.png");
    const double cleared = feed(telephoneFloor(""), "");
    CHECK(cleared > 0.0);
    CHECK(cleared < 4.0);
}

TEST_CASE("the app hosts a remote console: heard on its channel, its path in the engineer view",
          "[gui]") {
    const Session session =
        dragoman::test::summitWithRemoteConsole(20000 + static_cast<int>(getpid() % 20000) + 1);
    const RemoteBoothSettings& remote = *session.remoteBooths;
    DragomanProcessor processor(session);
    processor.prepareToPlay(48000.0, 256);
    REQUIRE(processor.remoteProblem().empty());
    REQUIRE(processor.remotePort() == remote.port);

    // The remote console, on its own frame clock: a 700 Hz mic, on air after half a second.
    std::atomic<bool> done{false};
    std::thread console([&] {
        RemoteConsoleClient client(
            {"127.0.0.1", remote.port, "ko-en-2", dragoman::test::kRemoteSecret, 10.0, false});
        client.join();
        const int frame = client.frameSamples();
        std::vector<float> mic(static_cast<std::size_t>(frame)), phones(mic.size());
        auto next = std::chrono::steady_clock::now();
        for (std::int64_t n = 0, at = 0; !done.load(); ++n) {
            std::this_thread::sleep_until(next);
            next += std::chrono::nanoseconds(frame * 1000000000LL / 48000);
            for (float& sample : mic)
                sample = static_cast<float>(0.2 * std::sin(2.0 * std::numbers::pi * 700.0 *
                                                           static_cast<double>(at++) / 48000.0));
            client.process(mic.data(), phones.data(), static_cast<std::uint32_t>(frame));
            if (n == 200) // 0.5 s in
                client.press("mic", 1.0f);
        }
    });
    // The host's audio on the clock too, channel en kept.
    const int block = 256;
    juce::AudioBuffer<float> buffer(
        std::max(processor.getTotalNumInputChannels(), processor.getTotalNumOutputChannels()),
        block);
    juce::MidiBuffer midi;
    const int enChannel = processor.getChannelIndexInProcessBlockBuffer(false, 1, 0);
    std::vector<float> english;
    // Until the console's tone has filled the last half second on en (a busy machine may
    // take longer to join and settle), at most 20 s.
    auto heard = [&] {
        const std::size_t end = english.size();
        return end > 24000 && dragoman::test::resampledToneAmplitude(english, end - 24000, end,
                                                                     700.0, 48000.0) > 0.1;
    };
    auto next = std::chrono::steady_clock::now();
    for (int b = 0; b < 48000 * 20 / block && !(b > 48000 * 3 / 2 / block && heard()); ++b) {
        std::this_thread::sleep_until(next);
        next += std::chrono::microseconds(block * 1000000 / 48000);
        buffer.clear();
        processor.processBlock(buffer, midi);
        english.insert(english.end(), buffer.getReadPointer(enChannel),
                       buffer.getReadPointer(enChannel) + block);
        if (b % 8 == 0)
            processor.pollEngine();
    }
    processor.pollEngine();
    done.store(true);
    console.join();
    CHECK(heard());
    CHECK(processor.status().channel("en")->interpreter == "ko-en-2");
    REQUIRE(processor.remotePaths().size() == 1);
    CHECK(processor.remotePaths()[0].joined);
    CHECK(processor.remotePaths()[0].peer.starts_with("127.0.0.1:"));
    // The join is kept for the engineer view, not dropped with the host's reports.
    REQUIRE_FALSE(processor.remoteNotes().empty());
    CHECK(processor.remoteNotes().front().starts_with("ko-en-2 joined from 127.0.0.1:"));

    DragomanEditor editor(processor);
    editor.setSize(1100, 640);
    editor.showTab(0);
    snapshot(editor, "engineer-view-remote.png");
}

TEST_CASE("the app joins a booth elsewhere as its remote console, and goes on air there", "[gui]") {
    // The host: a processor serving ko-en-2 remotely. The console: another app, joined
    // through its remote booth panel as an interpreter would, its mic a 700 Hz tone.
    const Session session =
        dragoman::test::summitWithRemoteConsole(20000 + static_cast<int>(getpid() % 20000) + 2);
    const RemoteBoothSettings& remote = *session.remoteBooths;
    DragomanProcessor host(session);
    host.prepareToPlay(48000.0, 256);
    DragomanProcessor app;
    app.prepareToPlay(48000.0, 256);
    DragomanEditor editor(app);
    editor.setSize(1100, 640);
    editor.showRemoteBooth();
    RemoteJoinPanel& panel = editor.remoteBooth();

    // Both on the clock, block by block: the host's floor a 440 Hz tone, the app's first
    // input the interpreter's voice.
    const int block = 256;
    juce::AudioBuffer<float> hostBuffer(
        std::max(host.getTotalNumInputChannels(), host.getTotalNumOutputChannels()), block),
        appBuffer(std::max(app.getTotalNumInputChannels(), app.getTotalNumOutputChannels()), block);
    juce::MidiBuffer midi;
    const int enChannel = host.getChannelIndexInProcessBlockBuffer(false, 1, 0);
    std::vector<float> english, headphones;
    std::vector<float> hostFloor; // when set, the host's floor instead of the tone (looped)
    std::int64_t frame = 0;
    auto next = std::chrono::steady_clock::now();
    auto run = [&](double seconds) {
        for (int b = 0; b < static_cast<int>(seconds * 48000.0 / block); ++b, frame += block) {
            std::this_thread::sleep_until(next);
            next += std::chrono::microseconds(block * 1000000 / 48000);
            hostBuffer.clear();
            appBuffer.clear();
            for (int i = 0; i < block; ++i) {
                const double t = static_cast<double>(frame + i) / 48000.0;
                hostBuffer.setSample(
                    0, i,
                    hostFloor.empty()
                        ? static_cast<float>(0.2 * std::sin(2.0 * std::numbers::pi * 440.0 * t))
                        : hostFloor[static_cast<std::size_t>(frame + i) % hostFloor.size()]);
                appBuffer.setSample(
                    0, i, static_cast<float>(0.2 * std::sin(2.0 * std::numbers::pi * 700.0 * t)));
            }
            host.processBlock(hostBuffer, midi);
            app.processBlock(appBuffer, midi);
            english.insert(english.end(), hostBuffer.getReadPointer(enChannel),
                           hostBuffer.getReadPointer(enChannel) + block);
            headphones.insert(headphones.end(), appBuffer.getReadPointer(0),
                              appBuffer.getReadPointer(0) + block);
            if (b % 8 == 0) {
                host.pollEngine();
                editor.refresh();
            }
        }
    };

    // A join to nowhere, cancelled at once: the app does not wait for the timeout.
    panel.setFields("127.0.0.1:9", "ko-en-2", dragoman::test::kRemoteSecret);
    panel.join();
    const auto cancelledAt = std::chrono::steady_clock::now();
    app.leaveRemoteBooth();
    CHECK(std::chrono::steady_clock::now() - cancelledAt < std::chrono::seconds(1));
    CHECK(app.remoteConsoleState() == DragomanProcessor::RemoteConsoleState::Off);

    // A wrong secret: the panel says why.
    panel.setFields("127.0.0.1:" + juce::String(remote.port), "ko-en-2", "not the secret at all");
    panel.join();
    for (int i = 0;
         i < 40 && app.remoteConsoleState() == DragomanProcessor::RemoteConsoleState::Joining; ++i)
        run(0.1);
    editor.refresh();
    CHECK(panel.statusText().contains("could not prove"));
    CHECK(panel.console() == nullptr);

    panel.setFields("127.0.0.1:" + juce::String(remote.port), "ko-en-2",
                    dragoman::test::kRemoteSecret);
    panel.join();
    for (int i = 0;
         i < 40 && app.remoteConsoleState() != DragomanProcessor::RemoteConsoleState::Joined; ++i)
        run(0.1);
    run(0.5);
    REQUIRE(panel.console() != nullptr);
    CHECK(panel.statusText().contains("Korea-US online summit"));
    // The interpreter presses M on their console: on air at the host, shown here. Both
    // directions are judged on the last half second once both carry their tone (a busy
    // machine takes longer to settle the paths), within 20 s.
    panel.console()->keyPressed(juce::KeyPress('m'));
    auto carries = [](const std::vector<float>& signal, double frequency) {
        const std::size_t end = signal.size();
        return end > 24000 && dragoman::test::resampledToneAmplitude(signal, end - 24000, end,
                                                                     frequency, 48000.0) > 0.1;
    };
    run(1.0);
    for (int i = 0; i < 76 && !(carries(english, 700.0) && carries(headphones, 440.0)); ++i)
        run(0.25);
    editor.refresh();
    CHECK(carries(english, 700.0));
    CHECK(host.status().channel("en")->interpreter == "ko-en-2");
    // The app's headphones: the host's floor.
    CHECK(carries(headphones, 440.0));
    // Messages both ways: the remote interpreter's quick message reaches the host's board as
    // theirs, and the technician's answer shows on the remote desk.
    MessageBoard& board = host.engine().messages();
    juce::TextButton* takeOver = buttonOf(panel.console()->messages(), "TAKE OVER IN 2 MIN");
    REQUIRE(takeOver != nullptr);
    takeOver->onClick();
    for (int i = 0; i < 80 && board.latest() == 0; ++i)
        run(0.1);
    REQUIRE(board.latest() == 1);
    CHECK(board.since(0)[0].from == "ko-en-2");
    CHECK(board.since(0)[0].words() == "Take over in 2 minutes");
    REQUIRE(board
                .post("technician", {MessageRecipient::Kind::Console, "ko-en-2"},
                      QuickMessage::None, "Your mic is hot, back off a little")
                .message);
    const auto lastLine = [&] {
        const juce::StringArray lines = panel.console()->messages().lines();
        return lines.isEmpty() ? juce::String() : lines[lines.size() - 1];
    };
    for (int i = 0; i < 80 && !lastLine().endsWith("Your mic is hot, back off a little"); ++i)
        run(0.1);
    CHECK(lastLine().endsWith(
        juce::String::fromUTF8("technician \u2192 you: Your mic is hot, back off a little")));
    const juce::Image image = snapshot(editor, "remote-console.png");
    juce::Component* mic = micKeyOf(*panel.console());
    REQUIRE(mic != nullptr);
    CHECK(near(keyColour(image, editor, *mic), gui::DeskColours::onAir));

    // The host's floor turns into a telephone line: the remote console says so, as the host's
    // own consoles do.
    hostFloor = telephoneFloor("sinc -3400");
    const juce::String warning = "FLOOR SOUND: nothing above 4 kHz (a telephone line?)";
    for (int i = 0; i < 40 && panel.console()->floorQualityText() != warning; ++i)
        run(0.25);
    editor.refresh();
    CHECK(panel.console()->floorQualityText() == warning);
    snapshot(editor, "remote-console-floor-quality.png");

    // Leaving switches the mic off at the host: auto-floor takes the channel back.
    app.leaveRemoteBooth();
    run(0.5);
    CHECK(host.status().channel("en")->interpreter.empty());
    CHECK(host.status().channel("en")->quality == RelayQuality::Floor);
}

TEST_CASE("the session editor shows problems next to their fields and applies a valid edit live",
          "[gui]") {
    DragomanProcessor processor;
    processor.prepareToPlay(48000.0, 256);
    DragomanEditor editor(processor);
    editor.setSize(1100, 640);
    editor.showSessionEditor();
    gui::SessionEditor& session = editor.sessionEditor();

    // An unknown outgoing channel and a relay loop: nothing applied, each shown at its field.
    session.edited().booths[0].outputs[1] = "fr";
    session.edited().booths[1].relay = "ja";
    session.rebuild(); // the form shows the edited values
    CHECK(session.apply().size() == 2);
    CHECK(session.problemAt("booths[0].outputs.b") == "unknown language channel \"fr\"");
    CHECK(session.problemAt("booths[1].relay").startsWith("relay loop"));
    snapshot(editor, "session-editor-problems.png");
    CHECK(processor.engine().session().booths[0].outputs[1] == "ko");

    // Add a French channel and booth, fix the mistakes, apply: live, and the desk follows.
    session.revert();
    session.edited().channels.push_back({"fr", "Français", {}, {}});
    Booth fr;
    fr.id = "fr";
    fr.outputs = {"fr"};
    fr.relay = "en";
    fr.consoles = {{"fr-1", 1}};
    session.edited().booths.push_back(fr);
    session.rebuild();
    REQUIRE(session.apply().empty());
    CHECK(processor.engine().session().channels.size() == 4);
    editor.refresh(); // rebuilds the tabs for the new shape
    REQUIRE(editor.console("fr-1") != nullptr);
    editor.console("fr-1")->keyPressed(juce::KeyPress('m'));
    render(processor, 0.3);
    CHECK(processor.status().console("fr-1")->state.micOn);
    CHECK(processor.status().channel("fr")->interpreter == "fr-1");
    snapshot(editor, "session-editor.png");

    // Save and open round-trip through a file.
    const juce::File file = juce::File::createTempFile(".json");
    session.save(file);
    session.revert();
    CHECK(session.load(file).empty());
    CHECK(session.edited() == processor.engine().session());
    file.deleteFile();
}

TEST_CASE("the plugin's audio callback allocates nothing, through key presses and session edits",
          "[gui]") {
    DragomanProcessor processor;
    processor.prepareToPlay(48000.0, 256);
    render(processor, 0.1); // first blocks settle
    // The counter itself works: an allocation inside the callback window is seen.
    test::resetCountedAllocations();
    {
        const test::CountedSection counted;
        int* volatile escaped = new int(7); // volatile: the compiler may not elide the pair
        delete escaped;
    }
    REQUIRE(test::countedAllocations() == 2);
    test::resetCountedAllocations();
    for (int round = 0; round < 12; ++round) {
        processor.pressKey("ko-en-1", ConsoleKey::Mic, static_cast<float>(round % 2));
        processor.pressKey("ja-1", ConsoleKey::Listen, static_cast<float>(round % 5));
        processor.pressKey("ko-en-2", ConsoleKey::HeadphoneVolume, -static_cast<float>(round));
        processor.pressKey("ko-en-1", ConsoleKey::Output, static_cast<float>(round % 2));
        if (round % 4 == 0) {
            Session edited = processor.session();
            edited.channels[1].floorBed.enabled = !edited.channels[1].floorBed.enabled;
            REQUIRE(processor.applySession(edited).empty());
        }
        render(processor, 0.05);
    }
    CHECK(test::countedAllocations() == 0);
}

int main(int argc, char** argv) {
    const juce::ScopedJuceInitialiser_GUI juce;
    return Catch::Session().run(argc, argv);
}
