// The desk components' view of the plugin: keys go through the plugin's parameters (so a DAW
// records them as automation), state and levels come from the processor. Message thread only.
#pragma once

#include "DeskControl.h"
#include "DragomanProcessor.h"

namespace dragoman::plugin {

class ProcessorDesk : public gui::DeskControl {
public:
    explicit ProcessorDesk(DragomanProcessor& processor) : processor_(processor) {}

    const Session& session() const override { return processor_.session(); }
    const SessionStatus& status() const override { return processor_.status(); }
    const MeterReadings& meters() const override { return processor_.meters(); }
    float knob(const std::string& console, ConsoleKey key) const override;
    ListenChoice listening(const std::string& console) const override;
    void press(const std::string& console, const KeyPress& press) override;
    void setFloorLanguage(const std::string& language) override;
    Problems applySession(const Session& session) override {
        return processor_.applySession(session);
    }
    int sessionGeneration() const override { return processor_.sessionGeneration(); }
    std::vector<RemotePathStats> remotePaths() const override { return processor_.remotePaths(); }
    std::string remoteProblem() const override { return processor_.remoteProblem(); }
    std::vector<std::string> remoteNotes() const override { return processor_.remoteNotes(); }
    std::map<std::string, int> webListeners() const override { return processor_.webListeners(); }
    std::string webListenerProblem() const override { return processor_.webListenerProblem(); }
    std::vector<std::string> webListenerNotes() const override {
        return processor_.webListenerNotes();
    }
    std::optional<MeetingFloorStats> meetingFloor() const override {
        return processor_.meetingFloor();
    }
    std::string meetingProblem() const override { return processor_.meetingProblem(); }
    std::vector<std::string> meetingNotes() const override { return processor_.meetingNotes(); }
    std::vector<BoothMessage> messagesFor(const std::string& reader) const override;
    std::uint64_t latestMessage() const override { return processor_.engine().messages().latest(); }
    std::string postMessage(const std::string& from, const MessageRecipient& to, QuickMessage quick,
                            const std::string& text) override {
        return processor_.engine().messages().post(from, to, quick, text).refusal;
    }
    std::string floorWarning() const override {
        return describeProblems(processor_.floorQuality());
    }

private:
    float value(const std::string& console, ConsoleKey key) const;
    DragomanProcessor& processor_;
};

} // namespace dragoman::plugin
