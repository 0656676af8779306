// The plugin's editor (also the standalone app's window): the engineer view, one interpreter
// console per seat, the session editor, and the remote booth panel (this app as a remote
// console of a booth elsewhere), in tabs. Message thread only.
#pragma once

#include "DeskLookAndFeel.h"
#include "DragomanProcessor.h"
#include "EngineerView.h"
#include "InterpreterConsole.h"
#include "ProcessorDesk.h"
#include "RemoteJoinPanel.h"
#include "SessionEditor.h"

#include <juce_audio_processors/juce_audio_processors.h>

namespace dragoman::plugin {

class DragomanEditor : public juce::AudioProcessorEditor, private juce::Timer {
public:
    explicit DragomanEditor(DragomanProcessor& owner);
    ~DragomanEditor() override;

    void resized() override;
    // Shows the engineer view (index 0), a console (1...), the session editor or the remote
    // booth panel (the last two).
    void showTab(int index) { tabs_.setCurrentTabIndex(index); }
    void showSessionEditor() { tabs_.setCurrentTabIndex(tabs_.getNumTabs() - 2); }
    void showRemoteBooth() { tabs_.setCurrentTabIndex(tabs_.getNumTabs() - 1); }
    RemoteJoinPanel& remoteBooth() { return remoteBooth_; }
    gui::SessionEditor& sessionEditor() { return sessionEditor_; }
    gui::InterpreterConsole* console(const std::string& id);
    gui::EngineerView* engineer() { return engineer_; }
    // Re-reads every view (the timer does this 30 times a second).
    void refresh();

private:
    void timerCallback() override { refresh(); }
    // (Re)builds the engineer and console tabs for the session's current shape.
    void buildViews();

    ProcessorDesk desk_;
    juce::SharedResourcePointer<gui::DeskLookAndFeel> lookAndFeel_;
    juce::TabbedComponent tabs_{juce::TabbedButtonBar::TabsAtTop};
    gui::EngineerView* engineer_ = nullptr;
    std::vector<gui::InterpreterConsole*> consoles_;
    // Outlives tab rebuilds: applying a session must not destroy the editor that applied it.
    gui::SessionEditor sessionEditor_{desk_};
    RemoteJoinPanel remoteBooth_;
    int builtGeneration_ = -1;
};

} // namespace dragoman::plugin
