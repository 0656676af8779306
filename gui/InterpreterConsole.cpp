// See InterpreterConsole.h.
#include "InterpreterConsole.h"

#include "control/KeyRanges.h"

#include <algorithm>

namespace dragoman::gui {
namespace {

juce::String channelName(const Session& session, const std::string& id) {
    for (const LanguageChannel& c : session.channels)
        if (c.id == id)
            return juce::String::fromUTF8(c.name.c_str());
    return juce::String(id);
}

// Lit keys are drawn in their colour (JUCE paints a toggled-on button with its "on" colours).
void colourButton(juce::TextButton& button, juce::Colour colour, bool lit,
                  juce::Colour ink = juce::Colours::white) {
    button.setColour(juce::TextButton::buttonColourId, DeskColours::panel);
    button.setColour(juce::TextButton::buttonOnColourId, colour);
    button.setColour(juce::TextButton::textColourOffId, DeskColours::dimText);
    button.setColour(juce::TextButton::textColourOnId, ink);
    button.setToggleState(lit, juce::dontSendNotification);
}

} // namespace

InterpreterConsole::InterpreterConsole(DeskControl& desk, std::string console)
    : desk_(desk), console_(std::move(console)) {
    setWantsKeyboardFocus(true);
    mic_.setButtonText("MIC");
    mic_.onClick = [this] { desk_.press(console_, {ConsoleKey::Mic, Switch::Toggle}); };
    cough_.setButtonText("COUGH");
    cough_.onStateChange = [this] { setCough(cough_.isDown()); };
    talkback_.setButtonText("TALKBACK");
    talkback_.setTooltip("Hold to speak to the technician (not to the listeners)");
    talkback_.onStateChange = [this] { setTalkback(talkback_.isDown()); };
    slowDown_.setButtonText("SLOW DOWN");
    slowDown_.onClick = [this] { desk_.press(console_, {ConsoleKey::SlowDown, Switch::Toggle}); };
    help_.setButtonText("HELP");
    help_.onClick = [this] { desk_.press(console_, {ConsoleKey::Help, Switch::Toggle}); };
    askHandover_.setButtonText("ASK TO TAKE OVER");
    askHandover_.onClick = [this] {
        desk_.press(console_, {ConsoleKey::HandoverRequest, Switch::Toggle});
    };
    handOver_.setButtonText("HAND OVER NOW");
    handOver_.onClick = [this] { desk_.press(console_, {ConsoleKey::Handover, Switch::On}); };
    away_.setButtonText("AWAY");
    away_.onClick = [this] { desk_.press(console_, {ConsoleKey::Away, Switch::Toggle}); };
    for (juce::TextButton* b :
         {&mic_, &cough_, &talkback_, &slowDown_, &help_, &askHandover_, &handOver_, &away_})
        addAndMakeVisible(*b);

    if (const Booth* own = booth())
        for (std::size_t slot = 0; slot < own->outputs.size(); ++slot) {
            auto button = std::make_unique<juce::TextButton>();
            button->setButtonText(
                juce::String::charToString(static_cast<juce::juce_wchar>('A' + slot)) + "   " +
                channelName(desk_.session(), own->outputs[slot]));
            button->onClick = [this, slot] {
                desk_.press(console_, {ConsoleKey::Output, static_cast<OutputSlot>(slot)});
            };
            addAndMakeVisible(*button);
            outputs_.push_back(std::move(button));
        }
    auto addListen = [this](const juce::String& text, ListenSource::Kind kind,
                            const std::string& channel) {
        auto button = std::make_unique<juce::TextButton>(text);
        button->onClick = [this, kind, channel] {
            desk_.press(console_, {ConsoleKey::Listen, ListenChoice{kind, channel}});
        };
        addAndMakeVisible(*button);
        listens_.push_back(std::move(button));
    };
    addListen("AUTO-RELAY", ListenSource::Kind::AutoRelay, "");
    addListen("FLOOR", ListenSource::Kind::Floor, "");
    for (const LanguageChannel& channel : desk_.session().channels)
        addListen(juce::String(channel.id).toUpperCase() + "  " +
                      juce::String::fromUTF8(channel.name.c_str()),
                  ListenSource::Kind::Channel, channel.id);

    const std::pair<ConsoleKey, const char*> knobs[] = {{ConsoleKey::HeadphoneVolume, "VOLUME"},
                                                        {ConsoleKey::Bass, "BASS"},
                                                        {ConsoleKey::Treble, "TREBLE"},
                                                        {ConsoleKey::Sidetone, "SIDETONE"}};
    for (const auto& [key, name] : knobs) {
        auto knob = std::make_unique<Knob>();
        knob->key = key;
        knob->slider.setSliderStyle(juce::Slider::RotaryHorizontalVerticalDrag);
        knob->slider.setTextBoxStyle(juce::Slider::TextBoxBelow, false, 70, 18);
        knob->slider.setTextValueSuffix(" dB");
        knob->slider.setNumDecimalPlacesToDisplay(0);
        const LevelRange range = levelRange(key);
        knob->slider.setRange(range.minDb, range.maxDb, 0.5);
        knob->slider.onValueChange = [this, k = knob.get()] {
            desk_.press(console_, {k->key, Decibels{static_cast<float>(k->slider.getValue())}});
        };
        knob->label.setText(name, juce::dontSendNotification);
        knob->label.setJustificationType(juce::Justification::centred);
        knob->label.setColour(juce::Label::textColourId, DeskColours::dimText);
        addAndMakeVisible(knob->slider);
        addAndMakeVisible(knob->label);
        knobs_.push_back(std::move(knob));
    }
    addAndMakeVisible(phonesLevel_);
    addAndMakeVisible(micLevel_);

    // Messages: one press to the boothmates and the technician; a text to them or another
    // booth (a relay booth asks its pivot).
    using Kind = MessageRecipient::Kind;
    const Booth* own = booth();
    const bool mates = own != nullptr && own->consoles.size() > 1;
    std::vector<QuickButton> quick;
    if (mates)
        quick.push_back({QuickMessage::TakeOverSoon, MessageRecipient{Kind::Boothmates, {}},
                         "TAKE OVER IN 2 MIN"});
    quick.push_back(
        {QuickMessage::FloorSoundBad, MessageRecipient{Kind::Technician, {}}, "FLOOR SOUND BAD"});
    quick.push_back({QuickMessage::Louder, MessageRecipient{Kind::Technician, {}}, "LOUDER"});
    std::vector<RecipientChoice> recipients;
    if (mates)
        recipients.push_back({"BOOTHMATES", {Kind::Boothmates, {}}});
    recipients.push_back({"TECHNICIAN", {Kind::Technician, {}}});
    for (const Booth& other : desk_.session().booths)
        if (own == nullptr || other.id != own->id)
            recipients.push_back({"BOOTH " + juce::String(other.id), {Kind::Booth, other.id}});
    messages_ =
        std::make_unique<MessageStrip>(desk_, console_, std::move(quick), std::move(recipients), 2);
    addAndMakeVisible(*messages_);
    refresh();
}

const Booth* InterpreterConsole::booth() const {
    for (const Booth& b : desk_.session().booths)
        for (const Console& c : b.consoles)
            if (c.id == console_)
                return &b;
    return nullptr;
}

bool InterpreterConsole::isBoothmate(const std::string& console) const {
    const Booth* own = booth();
    return own != nullptr && std::any_of(own->consoles.begin(), own->consoles.end(),
                                         [&](const Console& c) { return c.id == console; });
}

void InterpreterConsole::setCough(bool down) {
    if (down == coughDown_)
        return;
    coughDown_ = down;
    desk_.press(console_, {ConsoleKey::Cough, down ? Switch::On : Switch::Off});
}

void InterpreterConsole::setTalkback(bool down) {
    if (down == talkbackDown_)
        return;
    talkbackDown_ = down;
    desk_.press(console_, {ConsoleKey::Talkback, down ? Switch::On : Switch::Off});
}

void InterpreterConsole::refresh() {
    const ConsoleStatus* status = desk_.status().console(console_);
    const ConsoleState state = status != nullptr ? status->state : ConsoleState{};
    const bool live = state.micOn && !state.coughing && !state.talkback;
    // The boothmate asks to be relieved: the mic key says what pressing it does now.
    const bool asked = !state.micOn && state.boothmate == Presence::Requested;
    if (state.micOn && state.coughing)
        mic_.setButtonText("MUTED");
    else if (state.micOn && state.talkback)
        mic_.setButtonText("MUTED: TALKBACK");
    else
        mic_.setButtonText(state.micOn     ? "ON AIR"
                           : asked         ? "TAKE OVER"
                           : state.waiting ? "WAITING"
                                           : "MIC");
    colourButton(mic_, state.waiting || asked ? DeskColours::waiting : DeskColours::onAir,
                 live || state.waiting || asked,
                 state.waiting || asked ? juce::Colours::black : juce::Colours::white);
    askHandover_.setButtonText(state.handoverRequested ? "TAKE-OVER ASKED" : "ASK TO TAKE OVER");
    colourButton(askHandover_, DeskColours::waiting, state.handoverRequested, juce::Colours::black);
    askHandover_.setEnabled(state.micOn);
    handOver_.setEnabled(state.micOn && state.boothmate != Presence::None &&
                         state.boothmate != Presence::Away);
    colourButton(handOver_, DeskColours::waiting, false);
    colourButton(away_, DeskColours::dimText, state.away, juce::Colours::black);
    colourButton(cough_, DeskColours::waiting, state.coughing, juce::Colours::black);
    // Lit while held here too: a remote console's state does not carry it back.
    colourButton(talkback_, DeskColours::selected, state.talkback || talkbackDown_);
    colourButton(slowDown_, DeskColours::signal, state.slowDown, juce::Colours::black);
    colourButton(help_, DeskColours::signal, state.help, juce::Colours::black);
    for (std::size_t slot = 0; slot < outputs_.size(); ++slot)
        colourButton(*outputs_[slot], live ? DeskColours::onAir : DeskColours::selected,
                     slot == state.slot);

    const ListenChoice listening = desk_.listening(console_);
    for (std::size_t i = 0; i < listens_.size(); ++i) {
        const bool chosen = i == 0 ? listening.kind == ListenSource::Kind::AutoRelay
                            : i == 1
                                ? listening.kind == ListenSource::Kind::Floor
                                : listening == ListenChoice{ListenSource::Kind::Channel,
                                                            desk_.session().channels[i - 2].id};
        colourButton(*listens_[i], DeskColours::selected, chosen);
    }
    for (const auto& knob : knobs_)
        knob->slider.setValue(desk_.knob(console_, knob->key), juce::dontSendNotification);

    const MeterReadings& meters = desk_.meters();
    for (const MeterReading& m : meters.outputs)
        if (m.what == PortId{PortId::Kind::Phones, console_})
            phonesLevel_.setLevel(m.level);
    for (const MeterReading& m : meters.inputs)
        if (m.what == PortId{PortId::Kind::Mic, console_})
            micLevel_.setLevel(m.level);
    messages_->refresh();
    repaint();
}

juce::String InterpreterConsole::floorQualityText() const {
    const std::string warning = desk_.floorWarning();
    return warning.empty() ? juce::String()
                           : "FLOOR SOUND: " + juce::String::fromUTF8(warning.c_str());
}

juce::String InterpreterConsole::boothmateText() const {
    const ConsoleStatus* own = desk_.status().console(console_);
    const Booth* own_booth = booth();
    if (own == nullptr || own_booth == nullptr || own->state.boothmate == Presence::None)
        return {};
    juce::StringArray mates;
    for (const Console& mate : own_booth->consoles)
        if (mate.id != console_)
            mates.add(juce::String(mate.id));
    const juce::String who = "BOOTHMATE " + mates.joinIntoString(", ");
    switch (own->state.boothmate) {
    case Presence::Requested:
        return own->state.micOn ? who + ": ON AIR, ASKS TO BE RELIEVED"
                                : who + " ASKS YOU TO TAKE OVER: PRESS MIC";
    case Presence::OnAir:
        return who + ": ON AIR";
    case Presence::Ready:
        return who + ": READY";
    case Presence::Away:
        return who + ": AWAY";
    case Presence::None:
        break;
    }
    return {};
}

juce::String InterpreterConsole::shiftText() const {
    const ConsoleStatus* own = desk_.status().console(console_);
    if (own == nullptr || own->shift.daySeconds <= 0.0)
        return {};
    const auto clock = [](double seconds) {
        const int s = static_cast<int>(seconds);
        return s >= 3600 ? juce::String::formatted("%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                         : juce::String::formatted("%d:%02d", s / 60, s % 60);
    };
    const ShiftTime& shift = own->shift;
    juce::String text;
    if (shift.holdsTurn)
        text << "TURN " << clock(shift.turnSeconds) << " OF " << clock(shift.turnLengthSeconds)
             << "  \u00b7  ";
    return text + "DAY " + clock(shift.daySeconds);
}

juce::String InterpreterConsole::hearingText() const {
    const ConsoleStatus* status = desk_.status().console(console_);
    if (status == nullptr || status->hearing.empty())
        return "FLOOR";
    juce::String text = "RELAY " + juce::String(status->hearing).toUpperCase();
    if (const ChannelStatus* channel = desk_.status().channel(status->hearing))
        text << "  " << relayQualityMark(channel->quality);
    return text;
}

void InterpreterConsole::paint(juce::Graphics& g) {
    using namespace DeskColours;
    g.fillAll(background);
    const Session& session = desk_.session();
    const SessionStatus& status = desk_.status();
    const ConsoleStatus* own = status.console(console_);
    const ConsoleState state = own != nullptr ? own->state : ConsoleState{};

    // Header: who, where, and what the floor is speaking.
    auto header = getLocalBounds().removeFromTop(56).reduced(16, 8);
    g.setColour(text);
    g.setFont(juce::Font(22.0f, juce::Font::bold));
    const Booth* own_booth = booth();
    g.drawText("Console " + juce::String(console_) + "   \u00b7   booth " +
                   (own_booth != nullptr ? juce::String(own_booth->id) : juce::String()),
               header, juce::Justification::centredLeft);
    g.setFont(juce::Font(20.0f));
    g.setColour(floorTone);
    g.drawText("FLOOR: " + channelName(session, status.floorLanguage()) + " (" +
                   juce::String(status.floorLanguage()) + ")",
               header, juce::Justification::centredRight);

    // A floor not good enough to interpret: said where the eye goes between the key rows.
    if (const juce::String warning = floorQualityText(); warning.isNotEmpty()) {
        g.setColour(waiting);
        g.setFont(juce::Font(15.0f, juce::Font::bold));
        g.drawText(warning, 220, 68, getWidth() - 540, 24, juce::Justification::centred, true);
    }

    // The on-air banner: red across the top when live, so it is seen from the corner of an eye.
    if (state.micOn && !state.coughing && !state.talkback) {
        g.setColour(onAir);
        g.fillRect(0, 56, getWidth(), 6);
    }

    // Boothmate and channel-busy indicators, under the outgoing keys. The boothmate's presence
    // comes with this console's own state (the engine's word), so a remote console shows it
    // as a hall console does.
    g.setFont(juce::Font(15.0f, juce::Font::bold));
    auto indicators = juce::Rectangle<int>(getWidth() - 300, 292, 284, 66);
    if (const juce::String mate = boothmateText(); mate.isNotEmpty()) {
        const Presence p = state.boothmate;
        g.setColour(p == Presence::Requested ? waiting
                    : p == Presence::OnAir   ? onAir
                    : p == Presence::Ready   ? floorTone
                                             : dimText);
        g.drawFittedText(mate, indicators.removeFromTop(40), juce::Justification::topLeft, 2);
    }
    if (const juce::String shift = shiftText(); shift.isNotEmpty()) {
        const ShiftTime& time = own->shift;
        g.setColour(!time.endingSoon()                          ? dimText
                    : time.turnSeconds < time.turnLengthSeconds ? waiting
                                                                : onAir);
        g.setFont(juce::Font(15.0f, juce::Font::bold));
        g.drawText(shift, getWidth() - 300, std::min(400, getHeight() - 190), 284, 22,
                   juce::Justification::centredLeft);
    }
    g.setFont(juce::Font(15.0f));
    if (own != nullptr)
        if (const ChannelStatus* channel = status.channel(own->outgoing);
            channel != nullptr && !channel->interpreter.empty() &&
            channel->interpreter != console_ && !isBoothmate(channel->interpreter)) {
            g.setColour(waiting);
            g.drawText("CHANNEL " + juce::String(own->outgoing).toUpperCase() + " BUSY (" +
                           juce::String(channel->interpreter) + ")",
                       indicators.removeFromTop(22), juce::Justification::centredLeft);
        }

    // What the console hears now, and the meter captions.
    g.setColour(dimText);
    g.setFont(juce::Font(14.0f));
    g.drawText("LISTEN", 16, 70, 200, 20, juce::Justification::centredLeft);
    g.drawText("OUTGOING", getWidth() - 300, 70, 200, 20, juce::Justification::centredLeft);
    g.drawText("HEARING", 16, getHeight() - 150, 80, 18, juce::Justification::centredLeft);
    g.setColour(selected);
    g.setFont(juce::Font(16.0f, juce::Font::bold));
    g.drawText(hearingText(), 96, getHeight() - 150, 160, 18, juce::Justification::centredLeft);
    g.setColour(dimText);
    g.setFont(juce::Font(13.0f));
    g.drawText("PHONES", 16, getHeight() - 124, 60, 14, juce::Justification::centredLeft);
    g.drawText("MIC", 16, getHeight() - 104, 60, 14, juce::Justification::centredLeft);
}

void InterpreterConsole::resized() {
    const int w = getWidth();
    auto listenColumn = juce::Rectangle<int>(16, 94, 240, getHeight() - 260);
    const int listenHeight = std::min(44, listenColumn.getHeight() /
                                              std::max<int>(1, static_cast<int>(listens_.size())));
    for (auto& button : listens_)
        button->setBounds(listenColumn.removeFromTop(listenHeight).reduced(0, 3));

    // The centre column, top to bottom: mic, cough, the pair's keys, messages. Short of room
    // (the remote console under its join form), messages show one line; the mic key keeps
    // the most.
    if (!messages_)
        return; // laid out once built
    auto centre = juce::Rectangle<int>(280, 80, w - 280 - 316, getHeight() - 166 - 80);
    const int lines = centre.getHeight() >= 340 ? 2 : 1;
    const bool roomy = centre.getHeight() >= 340;
    messages_->setLinesShown(lines);
    messages_->setBounds(centre.removeFromBottom(MessageStrip::heightFor(lines)).reduced(8, 0));
    centre.removeFromBottom(4);
    auto pair = centre.removeFromBottom(roomy ? 50 : 42);
    auto keys = centre.removeFromBottom(roomy ? 56 : 42);
    talkback_.setBounds(keys.removeFromRight(keys.getWidth() / 3).reduced(8, 4));
    cough_.setBounds(keys.reduced(8, 4));
    mic_.setBounds(centre.reduced(8));
    const int pairWidth = pair.getWidth() / 3;
    askHandover_.setBounds(pair.removeFromLeft(pairWidth).reduced(8, 6));
    handOver_.setBounds(pair.removeFromLeft(pairWidth).reduced(8, 6));
    away_.setBounds(pair.reduced(8, 6));

    auto outgoing = juce::Rectangle<int>(w - 300, 94, 284, 190);
    for (auto& button : outputs_)
        button->setBounds(outgoing.removeFromTop(60).reduced(0, 4));

    phonesLevel_.setBounds(76, getHeight() - 122, 180, 10);
    micLevel_.setBounds(76, getHeight() - 102, 180, 10);

    auto bottom = juce::Rectangle<int>(280, getHeight() - 160, w - 296, 150);
    auto signals = bottom.removeFromRight(180);
    slowDown_.setBounds(signals.removeFromTop(70).reduced(4, 8));
    help_.setBounds(signals.removeFromTop(70).reduced(4, 8));
    const int knobWidth = bottom.getWidth() / std::max<int>(1, static_cast<int>(knobs_.size()));
    for (auto& knob : knobs_) {
        auto area = bottom.removeFromLeft(knobWidth);
        knob->label.setBounds(area.removeFromTop(20));
        knob->slider.setBounds(area.reduced(6, 0));
    }
}

bool InterpreterConsole::keyPressed(const juce::KeyPress& key) {
    const juce::juce_wchar typed = key.getTextCharacter() != 0
                                       ? key.getTextCharacter()
                                       : static_cast<juce::juce_wchar>(key.getKeyCode());
    const juce::juce_wchar c = juce::CharacterFunctions::toLowerCase(typed);
    if (c == 'm') {
        desk_.press(console_, {ConsoleKey::Mic, Switch::Toggle});
    } else if (c >= '1' && c <= '3') {
        desk_.press(console_, {ConsoleKey::Output, static_cast<OutputSlot>(c - '1')});
    } else if (c == 'f') {
        desk_.press(console_, {ConsoleKey::Listen, ListenChoice{ListenSource::Kind::Floor, {}}});
    } else if (c == 'r') {
        desk_.press(console_,
                    {ConsoleKey::Listen, ListenChoice{ListenSource::Kind::AutoRelay, {}}});
    } else {
        // Cough and talkback (held keys) are handled by keyStateChanged.
        return key == juce::KeyPress::spaceKey || c == 't';
    }
    return true;
}

bool InterpreterConsole::keyStateChanged(bool) {
    setCough(juce::KeyPress::isKeyCurrentlyDown(juce::KeyPress::spaceKey));
    setTalkback(juce::KeyPress::isKeyCurrentlyDown('T') || juce::KeyPress::isKeyCurrentlyDown('t'));
    return false;
}

} // namespace dragoman::gui
