// See MessageStrip.h.
#include "MessageStrip.h"

#include <ctime>

namespace dragoman::gui {
namespace {

// Local time, as the booth's clock on the wall says it.
juce::String clockOf(std::chrono::system_clock::time_point when) {
    const std::time_t t = std::chrono::system_clock::to_time_t(when);
    std::tm tm{};
    localtime_r(&t, &tm);
    return juce::String::formatted("%02d:%02d", tm.tm_hour, tm.tm_min);
}

constexpr int kLineHeight = 20;
constexpr auto kFresh = std::chrono::seconds(60); // a message this new is drawn in amber

} // namespace

MessageStrip::MessageStrip(DeskControl& desk, std::string reader, std::vector<QuickButton> quick,
                           std::vector<RecipientChoice> recipients, int linesShown)
    : desk_(desk), reader_(std::move(reader)), quick_(std::move(quick)),
      recipients_(std::move(recipients)), linesShown_(linesShown) {
    for (std::size_t i = 0; i < quick_.size(); ++i) {
        auto button = std::make_unique<juce::TextButton>(quick_[i].caption);
        button->onClick = [this, i] { pressQuick(i); };
        button->setColour(juce::TextButton::buttonColourId, DeskColours::panel);
        button->setColour(juce::TextButton::textColourOffId, DeskColours::text);
        addAndMakeVisible(*button);
        quickButtons_.push_back(std::move(button));
    }
    for (std::size_t i = 0; i < recipients_.size(); ++i)
        recipient_.addItem(recipients_[i].caption, static_cast<int>(i) + 1);
    recipient_.setSelectedItemIndex(0, juce::dontSendNotification);
    text_.setTextToShowWhenEmpty("message", DeskColours::dimText);
    text_.setInputRestrictions(static_cast<int>(kMaxMessageText));
    text_.onReturnKey = [this] { send(text_.getText()); };
    sendButton_.onClick = [this] { send(text_.getText()); };
    addAndMakeVisible(text_);
    addAndMakeVisible(recipient_);
    addAndMakeVisible(sendButton_);
    refresh();
}

void MessageStrip::refresh() {
    if (const juce::String refused = juce::String::fromUTF8(desk_.takeMessageRefusal().c_str());
        refused.isNotEmpty()) {
        refusal_ = "NOT SENT: " + refused;
        repaint();
    }
    const std::uint64_t latest = desk_.latestMessage();
    if (latest == seenLatest_)
        return;
    seenLatest_ = latest;
    all_ = desk_.messagesFor(reader_);
    setLinesShown(linesShown_);
}

void MessageStrip::setLinesShown(int lines) {
    linesShown_ = std::max(1, lines);
    const auto shown = std::min(all_.size(), static_cast<std::size_t>(linesShown_));
    shown_.assign(all_.end() - static_cast<std::ptrdiff_t>(shown), all_.end());
    resized();
    repaint();
}

juce::String MessageStrip::recipientName(const MessageRecipient& to) const {
    using Kind = MessageRecipient::Kind;
    if (to.kind == Kind::Console && to.id == reader_)
        return "you";
    switch (to.kind) {
    case Kind::Boothmates:
        return "boothmates";
    case Kind::Booth:
        return "booth " + juce::String::fromUTF8(to.id.c_str());
    case Kind::Console:
        return juce::String::fromUTF8(to.id.c_str());
    case Kind::Technician:
        break;
    }
    return "technician";
}

juce::String MessageStrip::describe(const BoothMessage& m) const {
    const juce::String from =
        m.from == reader_ ? juce::String("you") : juce::String::fromUTF8(m.from.c_str());
    const juce::String arrow = juce::String::fromUTF8(" \u2192 ");
    return clockOf(m.sentAt) + "  " + from + arrow + recipientName(m.to) + ": " +
           juce::String::fromUTF8(m.words().c_str());
}

juce::StringArray MessageStrip::lines() const {
    juce::StringArray out;
    for (const BoothMessage& m : shown_)
        out.add(describe(m));
    return out;
}

void MessageStrip::post(QuickMessage quick, const MessageRecipient& to, const std::string& text) {
    const std::string refused = desk_.postMessage(reader_, to, quick, text);
    refusal_ =
        refused.empty() ? juce::String() : "NOT SENT: " + juce::String::fromUTF8(refused.c_str());
    refresh();
    repaint();
}

void MessageStrip::send(const juce::String& text) {
    const int chosen = recipient_.getSelectedItemIndex();
    if (chosen < 0 || chosen >= static_cast<int>(recipients_.size()))
        return;
    post(QuickMessage::None, recipients_[static_cast<std::size_t>(chosen)].to,
         text.trim().toStdString());
    if (refusal_.isEmpty())
        text_.clear();
}

void MessageStrip::pressQuick(std::size_t index) {
    if (index >= quick_.size())
        return;
    const QuickButton& button = quick_[index];
    if (button.to) {
        post(button.quick, *button.to, {});
        return;
    }
    const int chosen = recipient_.getSelectedItemIndex();
    if (chosen < 0 || chosen >= static_cast<int>(recipients_.size()))
        return;
    post(button.quick, recipients_[static_cast<std::size_t>(chosen)].to,
         text_.getText().trim().toStdString());
    if (refusal_.isEmpty())
        text_.clear();
}

void MessageStrip::paint(juce::Graphics& g) {
    using namespace DeskColours;
    g.setColour(panel);
    g.fillRoundedRectangle(getLocalBounds().toFloat(), 4.0f);
    auto list = getLocalBounds().reduced(8, 4).removeFromTop(linesShown_ * kLineHeight);
    // A refusal takes the last row, so it shows where the eye is, and the oldest line gives way.
    if (refusal_.isNotEmpty()) {
        g.setColour(onAir);
        g.setFont(juce::Font(14.0f, juce::Font::bold));
        g.drawText(refusal_, list.removeFromBottom(kLineHeight), juce::Justification::centredLeft,
                   true);
    }
    g.setFont(juce::Font(14.0f));
    const std::size_t rows = static_cast<std::size_t>(list.getHeight() / kLineHeight);
    if (shown_.empty()) {
        g.setColour(dimText);
        g.drawText("MESSAGES: none yet", list.removeFromTop(kLineHeight),
                   juce::Justification::centredLeft, true);
    }
    const auto now = std::chrono::system_clock::now();
    for (std::size_t i = shown_.size() > rows ? shown_.size() - rows : 0; i < shown_.size(); ++i) {
        const BoothMessage& m = shown_[i];
        const bool incoming = m.from != reader_;
        g.setColour(incoming && now - m.sentAt < kFresh ? waiting : incoming ? text : dimText);
        g.drawText(describe(m), list.removeFromTop(kLineHeight), juce::Justification::centredLeft,
                   true);
    }
}

void MessageStrip::resized() {
    auto area = getLocalBounds().reduced(8, 4);
    area.removeFromTop(linesShown_ * kLineHeight + 2);
    auto quickRow = area.removeFromTop(30);
    const int quickWidth =
        quickButtons_.empty() ? 0 : quickRow.getWidth() / static_cast<int>(quickButtons_.size());
    for (auto& button : quickButtons_)
        button->setBounds(quickRow.removeFromLeft(quickWidth).reduced(2, 2));
    area.removeFromTop(2);
    auto typing = area.removeFromTop(28);
    sendButton_.setBounds(typing.removeFromRight(64).reduced(2, 1));
    recipient_.setBounds(typing.removeFromRight(140).reduced(2, 1));
    text_.setBounds(typing.reduced(2, 1));
}

} // namespace dragoman::gui
