// "Remote booth": the app as a remote console of a booth elsewhere. The interpreter enters
// the host (address:port), their console and its secret, and joins; once joined, the panel
// shows their console, driven by the host's state, and the path's round trip and loss.
// Message thread only.
#pragma once

#include "DragomanProcessor.h"
#include "InterpreterConsole.h"
#include "RemoteConsoleDesk.h"

#include <juce_gui_basics/juce_gui_basics.h>
#include <memory>

namespace dragoman::plugin {

class RemoteJoinPanel : public juce::Component {
public:
    explicit RemoteJoinPanel(DragomanProcessor& processor);
    ~RemoteJoinPanel() override;

    // Follows the processor: joining, joined (the console shows), failed. Call often.
    void refresh();

    void setFields(const juce::String& host, const juce::String& console,
                   const juce::String& secret);
    void join(); // what the Join button does
    gui::InterpreterConsole* console() { return console_.get(); }
    juce::String statusText() const { return status_.getText(); }

    void paint(juce::Graphics& g) override;
    void resized() override;

private:
    DragomanProcessor& processor_;
    juce::Label hostLabel_, consoleLabel_, secretLabel_, status_, path_;
    juce::TextEditor host_, consoleId_, secret_;
    juce::TextButton joinButton_;
    std::unique_ptr<RemoteConsoleDesk> desk_;
    std::unique_ptr<gui::InterpreterConsole> console_;
    DragomanProcessor::RemoteConsoleState shown_ = DragomanProcessor::RemoteConsoleState::Off;
};

} // namespace dragoman::plugin
