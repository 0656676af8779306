// See DragomanEditor.h.
#include "DragomanEditor.h"

namespace dragoman::plugin {

DragomanEditor::DragomanEditor(DragomanProcessor& owner)
    : juce::AudioProcessorEditor(owner), desk_(owner), remoteBooth_(owner) {
    setLookAndFeel(&lookAndFeel_.getObject());
    tabs_.setTabBarDepth(34);
    tabs_.setOutline(0);
    buildViews();
    addAndMakeVisible(tabs_);
    setResizable(true, true);
    setResizeLimits(900, 560, 2400, 1600);
    setSize(1100, 640);
    startTimerHz(30);
}

DragomanEditor::~DragomanEditor() {
    stopTimer();
    setLookAndFeel(nullptr);
}

void DragomanEditor::resized() {
    tabs_.setBounds(getLocalBounds());
}

void DragomanEditor::buildViews() {
    const int shown = tabs_.getCurrentTabIndex();
    const int fixedTabs = tabs_.getNumTabs() - 2; // the session editor and the remote booth
    const bool onFixedTab = shown >= 0 && shown >= fixedTabs;
    const int fixedShown = shown - fixedTabs;
    tabs_.clearTabs();
    consoles_.clear();
    auto* engineer = new gui::EngineerView(desk_);
    engineer_ = engineer;
    tabs_.addTab("Engineer", gui::DeskColours::panel, engineer, true);
    for (const Booth& booth : desk_.session().booths)
        for (const Console& console : booth.consoles) {
            auto* view = new gui::InterpreterConsole(desk_, console.id);
            consoles_.push_back(view);
            tabs_.addTab("Console " + juce::String(console.id), gui::DeskColours::panel, view,
                         true);
        }
    tabs_.addTab("Session", gui::DeskColours::panel, &sessionEditor_, false);
    tabs_.addTab("Remote booth", gui::DeskColours::panel, &remoteBooth_, false);
    builtGeneration_ = desk_.sessionGeneration();
    tabs_.setCurrentTabIndex(onFixedTab ? tabs_.getNumTabs() - 2 + fixedShown
                                        : std::clamp(shown, 0, tabs_.getNumTabs() - 3));
}

gui::InterpreterConsole* DragomanEditor::console(const std::string& id) {
    for (gui::InterpreterConsole* view : consoles_)
        if (view->consoleId() == id)
            return view;
    return nullptr;
}

void DragomanEditor::refresh() {
    if (builtGeneration_ != desk_.sessionGeneration())
        buildViews(); // booths, consoles or channels changed
    engineer_->refresh();
    for (gui::InterpreterConsole* view : consoles_)
        if (view->isShowing() || !isOnDesktop())
            view->refresh();
    remoteBooth_.refresh();
}

} // namespace dragoman::plugin
