// What the desk components need from the face they run in: the session, its live state and
// levels, and a way to press keys. The plugin implements it through its parameters (so a DAW
// records the presses); any other face can implement it on the Engine directly.
// Message thread only.
#pragma once

#include "Engine.h"
#include "SessionStatus.h"
#include "base/Problem.h"
#include "meeting/MeetingFloorStats.h"
#include "remotebooth/RemotePathStats.h"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace dragoman::gui {

class DeskControl {
public:
    virtual ~DeskControl() = default;

    virtual const Session& session() const = 0;
    virtual const SessionStatus& status() const = 0;
    virtual const MeterReadings& meters() const = 0;

    // Current knob setting in dB (HeadphoneVolume, Bass, Treble, Sidetone).
    virtual float knob(const std::string& console, ConsoleKey key) const = 0;
    // Current listen selection.
    virtual ListenChoice listening(const std::string& console) const = 0;

    // A key press (control/KeyPress.h); toggles are sent as toggles.
    virtual void press(const std::string& console, const KeyPress& press) = 0;
    virtual void setFloorLanguage(const std::string& language) = 0;

    // Replaces the running session (live, click-free) if it is valid; returns its problems
    // otherwise, and changes nothing.
    virtual Problems applySession(const Session& session) = 0;
    // Counts session changes, so that views rebuild when the session's shape changes.
    virtual int sessionGeneration() const = 0;

    // Remote consoles' paths, where this face hosts them; and why it cannot, if it cannot.
    virtual std::vector<RemotePathStats> remotePaths() const { return {}; }
    virtual std::string remoteProblem() const { return {}; }
    // The latest joins, departures, refusals and forgeries of remote consoles, newest last.
    virtual std::vector<std::string> remoteNotes() const { return {}; }

    // Web listeners per signal (a channel id, or "floor") where this face feeds them; why it
    // cannot, if it cannot; the latest word from their Janus servers, newest last.
    virtual std::map<std::string, int> webListeners() const { return {}; }
    virtual std::string webListenerProblem() const { return {}; }
    virtual std::vector<std::string> webListenerNotes() const { return {}; }

    // The meeting's path to the floor where this face takes the floor from a meeting (nothing
    // otherwise); why it cannot, if it cannot; the latest word of the link, newest last.
    virtual std::optional<MeetingFloorStats> meetingFloor() const { return std::nullopt; }
    virtual std::string meetingProblem() const { return {}; }
    virtual std::vector<std::string> meetingNotes() const { return {}; }

    // Messages without a microphone as `reader` (a console, or kTechnician) sees them: those
    // that reach it and those it wrote, oldest first; latestMessage() changes when they may
    // have (cheap, for a view that refreshes 30 times a second).
    virtual std::vector<BoothMessage> messagesFor(const std::string& reader) const {
        (void)reader;
        return {};
    }
    virtual std::uint64_t latestMessage() const { return 0; }
    // Writes a message as `from`: "" when posted (or, from afar, on its way), else why not,
    // naming the field ("to: unknown booth \"fr\"").
    virtual std::string postMessage(const std::string& from, const MessageRecipient& to,
                                    QuickMessage quick, const std::string& text) {
        (void)from, (void)to, (void)quick, (void)text;
        return "messages are not available here";
    }
    // Why the last message from here was refused after it left ("" none), and clears it.
    virtual std::string takeMessageRefusal() { return {}; }

    // What is wrong with the floor's sound, as this face judges it or its host says ("nothing
    // above 4 kHz (a telephone line?)"); "" when nothing is.
    virtual std::string floorWarning() const { return {}; }
};

} // namespace dragoman::gui
