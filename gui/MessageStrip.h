// Messages without a microphone on a desk: the latest messages that reach this reader (a
// console, or the technician) and those it wrote, with time, sender and recipient; one-press
// quick messages; a line to type a text, a recipient, SEND; and why a message was refused.
// The interpreter console and the engineer view each hold one. Message thread only.
#pragma once

#include "DeskControl.h"
#include "DeskLookAndFeel.h"

#include <juce_gui_basics/juce_gui_basics.h>
#include <memory>
#include <optional>
#include <vector>

namespace dragoman::gui {

struct QuickButton {
    QuickMessage quick = QuickMessage::None;
    // Where it goes: fixed (a console's "take over in 2 min" to its boothmates), or, without
    // one, to the recipient chosen below with the typed text as its detail (the technician's
    // "next speaker" + "in French").
    std::optional<MessageRecipient> to;
    juce::String caption;
};

struct RecipientChoice {
    juce::String caption; // "BOOTHMATES", "TECHNICIAN", "BOOTH ja"
    MessageRecipient to;
};

class MessageStrip : public juce::Component {
public:
    MessageStrip(DeskControl& desk, std::string reader, std::vector<QuickButton> quick,
                 std::vector<RecipientChoice> recipients, int linesShown);

    // Reads the messages if they may have changed; call after each status update.
    void refresh();

    // What the strip shows, newest last, as a person reads it ("09:01  ko-en-1 → you: Take
    // over in 2 minutes"; "you → technician: ..."), and why the last message was refused.
    juce::StringArray lines() const;
    juce::String refusal() const { return refusal_; }
    // As a click on SEND with this text typed (for tests and keyboard use).
    void send(const juce::String& text);
    // As a click on quick button `index`.
    void pressQuick(std::size_t index);
    void chooseRecipient(int index) { recipient_.setSelectedItemIndex(index); }
    // Lines of messages shown (the console shows fewer when it is short of room); the height
    // that many lines take with the keys under them.
    void setLinesShown(int lines);
    static int heightFor(int lines) { return lines * 20 + 70; }

    void paint(juce::Graphics& g) override;
    void resized() override;

private:
    void post(QuickMessage quick, const MessageRecipient& to, const std::string& text);
    juce::String describe(const BoothMessage& m) const;
    juce::String recipientName(const MessageRecipient& to) const;

    DeskControl& desk_;
    const std::string reader_;
    std::vector<QuickButton> quick_;
    std::vector<RecipientChoice> recipients_;
    int linesShown_;
    std::vector<BoothMessage> all_; // as last read
    std::vector<std::unique_ptr<juce::TextButton>> quickButtons_;
    juce::TextEditor text_;
    juce::ComboBox recipient_;
    juce::TextButton sendButton_{"SEND"};
    std::vector<BoothMessage> shown_; // the newest linesShown_
    std::uint64_t seenLatest_ = ~std::uint64_t{0};
    juce::String refusal_;
};

} // namespace dragoman::gui
