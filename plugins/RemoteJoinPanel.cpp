// See RemoteJoinPanel.h.
#include "RemoteJoinPanel.h"

#include "DeskLookAndFeel.h"

namespace dragoman::plugin {

namespace {
using State = DragomanProcessor::RemoteConsoleState;
constexpr int kFormHeight = 92; // the fields, the status and the path: the rest is the console's
} // namespace

RemoteJoinPanel::RemoteJoinPanel(DragomanProcessor& processor) : processor_(processor) {
    auto field = [this](juce::Label& label, const juce::String& text, juce::TextEditor& editor,
                        const juce::String& hint) {
        label.setText(text, juce::dontSendNotification);
        label.setColour(juce::Label::textColourId, gui::DeskColours::dimText);
        editor.setTextToShowWhenEmpty(hint, gui::DeskColours::dimText);
        addAndMakeVisible(label);
        addAndMakeVisible(editor);
    };
    field(hostLabel_, "Host", host_, "conference.example.org:5004");
    field(consoleLabel_, "Console", consoleId_, "ko-en-2");
    field(secretLabel_, "Secret", secret_, "the console's secret, from the engineer");
    secret_.setPasswordCharacter(static_cast<juce::juce_wchar>(0x2022));
    joinButton_.setButtonText("Join");
    joinButton_.onClick = [this] {
        if (shown_ == State::Joined || shown_ == State::Joining)
            processor_.leaveRemoteBooth();
        else
            join();
    };
    addAndMakeVisible(joinButton_);
    status_.setColour(juce::Label::textColourId, gui::DeskColours::text);
    path_.setColour(juce::Label::textColourId, gui::DeskColours::dimText);
    addAndMakeVisible(status_);
    addAndMakeVisible(path_);
    refresh();
}

RemoteJoinPanel::~RemoteJoinPanel() {
    console_.reset(); // before the desk it reads
}

void RemoteJoinPanel::setFields(const juce::String& host, const juce::String& console,
                                const juce::String& secret) {
    host_.setText(host, false);
    consoleId_.setText(console, false);
    secret_.setText(secret, false);
}

void RemoteJoinPanel::join() {
    const juce::String address = host_.getText().trim();
    const int colon = address.lastIndexOfChar(':');
    RemoteConsoleOptions options;
    options.host = (colon > 0 ? address.substring(0, colon) : address).toStdString();
    options.port = colon > 0 ? address.substring(colon + 1).getIntValue() : 5004;
    options.console = consoleId_.getText().trim().toStdString();
    options.secret = secret_.getText().toStdString();
    if (options.host.empty() || options.console.empty() || options.secret.empty() ||
        options.port <= 0 || options.port > 65535) {
        status_.setText("Enter the host (address:port), your console and its secret.",
                        juce::dontSendNotification);
        return;
    }
    processor_.joinRemoteBooth(options);
    refresh();
}

void RemoteJoinPanel::refresh() {
    const State state = processor_.remoteConsoleState();
    if (state != shown_) {
        shown_ = state;
        console_.reset();
        desk_.reset();
        if (state == State::Joined && processor_.remoteConsole() != nullptr) {
            desk_ = std::make_unique<RemoteConsoleDesk>(*processor_.remoteConsole(),
                                                        consoleId_.getText().trim().toStdString());
            desk_->update(processor_.takeRemoteConsoleLevels());
            console_ = std::make_unique<gui::InterpreterConsole>(*desk_, desk_->consoleId());
            addAndMakeVisible(*console_);
            resized();
        }
        joinButton_.setButtonText(state == State::Joined    ? "Leave"
                                  : state == State::Joining ? "Cancel"
                                                            : "Join");
        for (juce::TextEditor* editor : {&host_, &consoleId_, &secret_})
            editor->setEnabled(state == State::Off || state == State::Failed);
    }
    switch (state) {
    case State::Off:
        status_.setText("Not joined. This app can be the remote console of a booth elsewhere.",
                        juce::dontSendNotification);
        break;
    case State::Joining:
        status_.setText("Joining " + host_.getText() + " ...", juce::dontSendNotification);
        break;
    case State::Failed:
        status_.setText("Not joined: " + juce::String(processor_.remoteConsoleProblem()),
                        juce::dontSendNotification);
        break;
    case State::Joined:
        status_.setText("Console " + consoleId_.getText() + " of " +
                            juce::String::fromUTF8(desk_->session().name.c_str()) + ", joined at " +
                            host_.getText() +
                            ". Mic: this device's first input; headphones: its first two outputs.",
                        juce::dontSendNotification);
        break;
    }
    if (desk_ && console_) {
        desk_->update(processor_.takeRemoteConsoleLevels());
        console_->refresh();
        const RemoteConsolePath p = processor_.remoteConsole()->path();
        path_.setText("round trip " + juce::String(p.roundTripMs, 1) + " ms   to host: loss " +
                          juce::String(p.toHost.lossPercent, 1) + " %, buffer " +
                          juce::String(p.toHost.bufferMs, 1) + " ms   from host: loss " +
                          juce::String(p.fromHost.lossPercent, 1) + " %, buffer " +
                          juce::String(p.fromHost.bufferMs, 1) + " ms",
                      juce::dontSendNotification);
    } else {
        path_.setText({}, juce::dontSendNotification);
    }
}

void RemoteJoinPanel::paint(juce::Graphics& g) {
    g.fillAll(gui::DeskColours::background);
}

void RemoteJoinPanel::resized() {
    auto area = getLocalBounds().reduced(16, 6);
    auto form = area.removeFromTop(kFormHeight);
    auto row = form.removeFromTop(32);
    hostLabel_.setBounds(row.removeFromLeft(60));
    host_.setBounds(row.removeFromLeft(280).reduced(0, 3));
    row.removeFromLeft(16);
    consoleLabel_.setBounds(row.removeFromLeft(70));
    consoleId_.setBounds(row.removeFromLeft(140).reduced(0, 3));
    row.removeFromLeft(16);
    secretLabel_.setBounds(row.removeFromLeft(60));
    secret_.setBounds(row.removeFromLeft(220).reduced(0, 3));
    row.removeFromLeft(16);
    joinButton_.setBounds(row.removeFromLeft(100).reduced(0, 2));
    form.removeFromTop(8);
    status_.setBounds(form.removeFromTop(24));
    path_.setBounds(form.removeFromTop(24));
    if (console_)
        console_->setBounds(area);
}

} // namespace dragoman::plugin
