// The desk components' view of a remote console: the booth as the host described it when the
// console joined, the console's state as the host sends it, and key presses sent to the host
// (acknowledged there, never assumed here). What the desk cannot do from afar (change the
// floor language or the session) it refuses. Message thread only.
#pragma once

#include "DeskControl.h"
#include "remotebooth/RemoteConsoleClient.h"

#include <map>
#include <utility>
#include <vector>

namespace dragoman::plugin {

class RemoteConsoleDesk : public gui::DeskControl {
public:
    RemoteConsoleDesk(RemoteConsoleClient& client, std::string console);

    // Reads the host's latest state in, and the levels ("mic", "phones": the processor's
    // takeRemoteConsoleLevels); call before refreshing the views.
    void update(const MeterReadings& levels);
    const std::string& consoleId() const { return console_; }

    const Session& session() const override { return session_; }
    const SessionStatus& status() const override { return status_; }
    const MeterReadings& meters() const override { return meters_; }
    float knob(const std::string& console, ConsoleKey key) const override;
    ListenChoice listening(const std::string& console) const override;
    void press(const std::string& console, const KeyPress& press) override;
    void setFloorLanguage(const std::string&) override {} // the engineer's, at the host
    std::string floorWarning() const override { return state_.floorQuality; } // the host's
    Problems applySession(const Session&) override;
    // What reached this console from the host, and what it wrote (kept here: the host's
    // board is not ours to read).
    std::vector<BoothMessage> messagesFor(const std::string& reader) const override;
    std::uint64_t latestMessage() const override { return messageChanges_; }
    std::string postMessage(const std::string& from, const MessageRecipient& to, QuickMessage quick,
                            const std::string& text) override;
    std::string takeMessageRefusal() override { return std::exchange(messageRefusal_, {}); }
    int sessionGeneration() const override { return 1; }

private:
    RemoteConsoleClient& client_;
    const std::string console_;
    Session session_;
    SessionStatus status_;
    MeterReadings meters_;
    StateMessage state_;
    std::map<ConsoleKey, float> knobs_; // as last set here, in dB
    std::vector<BoothMessage> written_; // by this console, newest kept
    std::uint64_t messageChanges_ = 0;
    std::string messageRefusal_;
};

} // namespace dragoman::plugin
