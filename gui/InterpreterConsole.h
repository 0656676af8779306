// The interpreter's desk for one console: a large mic key with an unmistakable on-air state,
// cough (held), outgoing A/B/C with language names, the listen selector (auto-relay, floor,
// relay channels with their distance from the original), headphone volume, bass, treble,
// sidetone, slow-down and help, working in pairs (ask the boothmate to take over, hand over now,
// away; the boothmate's presence, and their request on the mic key), messages (the latest, quick
// ones to the boothmate and the technician, a text to anyone), channel-busy indicator, and the
// floor language; talkback to the technician (held). Keyboard: M mic, Space cough (hold), T
// talkback (hold), 1-3 outgoing A-C, F floor, R auto-relay. Message thread only.
#pragma once

#include "DeskControl.h"
#include "LevelBar.h"
#include "MessageStrip.h"

#include <juce_gui_basics/juce_gui_basics.h>
#include <memory>
#include <vector>

namespace dragoman::gui {

class InterpreterConsole : public juce::Component {
public:
    InterpreterConsole(DeskControl& desk, std::string console);

    // Reads the desk's state into every key and indicator; call after each status update.
    void refresh();
    const std::string& consoleId() const { return console_; }
    // The floor's sound, if something is wrong with it: "FLOOR SOUND: nothing above 4 kHz (a
    // telephone line?)"; "" when nothing is.
    juce::String floorQualityText() const;
    // The boothmate as this console shows them: "BOOTHMATE ko-en-2: READY", "... ASKS YOU TO
    // TAKE OVER"; "" in a booth of one.
    juce::String boothmateText() const;
    // The shift timer: "TURN 28:59 OF 30:00 · DAY 1:05:10"; "" before this console's first
    // time on air. Amber in the turn's last minute, red past its end.
    juce::String shiftText() const;
    MessageStrip& messages() { return *messages_; }

    void paint(juce::Graphics& g) override;
    void resized() override;
    bool keyPressed(const juce::KeyPress& key) override;
    bool keyStateChanged(bool isKeyDown) override;

private:
    struct Knob {
        ConsoleKey key;
        juce::Slider slider;
        juce::Label label;
    };

    const Booth* booth() const;
    bool isBoothmate(const std::string& console) const; // the channel busy line is for others
    void setCough(bool down);
    void setTalkback(bool down);
    juce::String hearingText() const;

    DeskControl& desk_;
    std::string console_;
    juce::TextButton mic_, cough_, talkback_, slowDown_, help_;
    juce::TextButton askHandover_, handOver_, away_;
    std::vector<std::unique_ptr<juce::TextButton>> outputs_;
    std::vector<std::unique_ptr<juce::TextButton>> listens_; // auto, floor, then channels
    std::vector<std::unique_ptr<Knob>> knobs_;
    LevelBar phonesLevel_, micLevel_;
    std::unique_ptr<MessageStrip> messages_;
    bool coughDown_ = false, talkbackDown_ = false;
};

} // namespace dragoman::gui
