// The live state of a running session as the control side sees it: every console's keys and
// on-air state, every channel's carrier and relay quality, the floor language and recent
// refusals, folded from the engine's events. What the engineer view, the interpreter console
// and (later) OSC and logs read. Control thread only: one SessionStatus drains an engine's
// events, so a face keeps exactly one.
#pragma once

#include "ProgramLoudness.h"
#include "ShiftTimer.h"
#include "control/Events.h"

#include <map>
#include <string>
#include <vector>

namespace dragoman {

class Engine;

struct ConsoleStatus {
    ConsoleState state;
    std::string booth;    // the booth the console sits in
    std::string outgoing; // channel id the mic feeds (when on)
    std::string hearing;  // channel id heard, or "" for the floor
    ShiftTime shift;      // the shift timer's times, as of the last update
};

struct ChannelStatus {
    std::string interpreter; // console id live on the channel, or ""
    RelayQuality quality = RelayQuality::Silent;
};

struct Refusal {
    std::uint64_t frame = 0;
    std::string console;
    ConsoleKey key = ConsoleKey::Mic;
    RefusalReason reason = RefusalReason::ChannelBusy;
    std::string holder;
};

class SessionStatus {
public:
    // Drains the engine's events and folds them in; returns them (for logs and timelines).
    // Also runs the shift timer, and plays its chime through the engine when one is due, and
    // measures the program feeds' loudness (which sets their loudness gain).
    std::vector<EngineEvent> update(Engine& engine);

    const std::map<std::string, ConsoleStatus>& consoles() const { return consoles_; }
    const std::map<std::string, ChannelStatus>& channels() const { return channels_; }
    const std::string& floorLanguage() const { return floorLanguage_; }
    const std::vector<Refusal>& refusals() const { return refusals_; } // newest last, bounded
    std::uint64_t planGeneration() const { return planGeneration_; }
    // Each program feed's loudness as of the last update (session order).
    const std::vector<ProgramReading>& programs() const { return programs_; }

    const ConsoleStatus* console(const std::string& id) const;
    const ChannelStatus* channel(const std::string& id) const;

    // For a face that learns a console's state from elsewhere rather than from an engine (a
    // remote console, from its host): sets it as told.
    void mirrorConsole(const std::string& id, const ConsoleStatus& status) {
        consoles_[id] = status;
    }
    void mirrorFloorLanguage(const std::string& language) { floorLanguage_ = language; }

private:
    std::map<std::string, ConsoleStatus> consoles_;
    std::map<std::string, ChannelStatus> channels_;
    std::string floorLanguage_;
    std::vector<Refusal> refusals_;
    std::uint64_t planGeneration_ = 0;
    std::vector<ProgramReading> programs_;
    ShiftTimer shift_;
    std::uint64_t shiftGeneration_ = 0; // the plan whose session the timer knows
};

} // namespace dragoman
