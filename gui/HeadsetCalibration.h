// The engineer's setting of a headset's calibration (the dBFS that gives 94 dB SPL at the
// ear; hearing protection's tiers follow from it): for one console, or for every console
// without one of its own. Applied as a session change, live (hearing protection keeps the day's
// dose and tier through it), so the session file keeps it where it is saved. Message thread
// only.
#pragma once

#include "DeskControl.h"

#include <juce_gui_basics/juce_gui_basics.h>

namespace dragoman::gui {

class HeadsetCalibration : public juce::Component {
public:
    explicit HeadsetCalibration(DeskControl& desk);

    // The consoles of the session as it is now (after a session change).
    void rebuild();
    // Chooses whose calibration is shown: 0 every console's default, 1... the consoles.
    void choose(int index);
    void setDbfs(double dbfs) { level_.setValue(dbfs, juce::dontSendNotification); }
    double dbfs() const { return level_.getValue(); }
    // As a click on SET: "" when applied, else the session's problems.
    juce::String apply();
    juce::String message() const { return message_.getText(); }

    void resized() override;

private:
    void showChosen();

    DeskControl& desk_;
    juce::Label caption_;
    juce::ComboBox whose_;
    juce::Slider level_;
    juce::TextButton set_{"SET"};
    juce::Label message_;
    std::vector<std::string> consoles_; // by item, after the default
};

} // namespace dragoman::gui
