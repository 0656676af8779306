// See HeadsetCalibration.h.
#include "HeadsetCalibration.h"

#include "DeskLookAndFeel.h"
#include "session/SessionValidation.h"

namespace dragoman::gui {

HeadsetCalibration::HeadsetCalibration(DeskControl& desk) : desk_(desk) {
    caption_.setText("HEADSET 94 dB SPL AT", juce::dontSendNotification);
    caption_.setColour(juce::Label::textColourId, DeskColours::dimText);
    caption_.setFont(juce::Font(12.0f));
    level_.setSliderStyle(juce::Slider::IncDecButtons);
    level_.setRange(SessionLimits::kMinHeadsetDbfs, SessionLimits::kMaxHeadsetDbfs, 0.5);
    level_.setTextValueSuffix(" dBFS");
    level_.setNumDecimalPlacesToDisplay(1);
    level_.setTextBoxStyle(juce::Slider::TextBoxLeft, false, 90, 24);
    whose_.onChange = [this] { showChosen(); };
    set_.onClick = [this] { apply(); };
    message_.setColour(juce::Label::textColourId, DeskColours::dimText);
    message_.setFont(juce::Font(12.0f));
    for (juce::Component* c :
         std::initializer_list<juce::Component*>{&caption_, &whose_, &level_, &set_, &message_})
        addAndMakeVisible(*c);
    rebuild();
}

void HeadsetCalibration::rebuild() {
    const int chosen = std::max(0, whose_.getSelectedItemIndex());
    whose_.clear(juce::dontSendNotification);
    consoles_.clear();
    whose_.addItem("EVERY CONSOLE", 1);
    for (const Booth& booth : desk_.session().booths)
        for (const Console& console : booth.consoles) {
            consoles_.push_back(console.id);
            whose_.addItem(juce::String(console.id), static_cast<int>(consoles_.size()) + 1);
        }
    choose(std::min(chosen, whose_.getNumItems() - 1));
}

void HeadsetCalibration::choose(int index) {
    whose_.setSelectedItemIndex(index, juce::dontSendNotification);
    showChosen();
}

void HeadsetCalibration::showChosen() {
    const Session& session = desk_.session();
    double dbfs = session.limiter.headset94Dbfs;
    const int index = whose_.getSelectedItemIndex();
    if (index >= 1)
        for (const Booth& booth : session.booths)
            for (const Console& console : booth.consoles)
                if (console.id == consoles_[static_cast<std::size_t>(index - 1)])
                    dbfs = console.headset94Dbfs.value_or(dbfs);
    setDbfs(dbfs);
    message_.setText({}, juce::dontSendNotification);
}

juce::String HeadsetCalibration::apply() {
    Session session = desk_.session();
    const int index = whose_.getSelectedItemIndex();
    const double dbfs = level_.getValue();
    juce::String who = "every console without its own";
    if (index <= 0) {
        session.limiter.headset94Dbfs = dbfs;
    } else {
        const std::string& id = consoles_[static_cast<std::size_t>(index - 1)];
        who = juce::String(id);
        for (Booth& booth : session.booths)
            for (Console& console : booth.consoles)
                if (console.id == id)
                    console.headset94Dbfs = dbfs;
    }
    const Problems problems = desk_.applySession(session);
    if (problems.empty()) {
        message_.setColour(juce::Label::textColourId, DeskColours::dimText);
        message_.setText(who + ": 94 dB SPL at " + juce::String(dbfs, 1) + " dBFS, 100 dB SPL at " +
                             juce::String(dbfs + 6.0, 1) + " dBFS",
                         juce::dontSendNotification);
        return {};
    }
    juce::String text;
    for (const Problem& p : problems)
        text << juce::String::fromUTF8(p.describe().c_str()) << "; ";
    message_.setColour(juce::Label::textColourId, DeskColours::onAir);
    message_.setText(text.dropLastCharacters(2), juce::dontSendNotification);
    return message_.getText();
}

void HeadsetCalibration::resized() {
    auto area = getLocalBounds();
    auto row = area.removeFromTop(28);
    caption_.setBounds(row.removeFromLeft(140));
    whose_.setBounds(row.removeFromLeft(150).reduced(2));
    level_.setBounds(row.removeFromLeft(160).reduced(2));
    set_.setBounds(row.removeFromLeft(56).reduced(2));
    message_.setBounds(area);
}

} // namespace dragoman::gui
