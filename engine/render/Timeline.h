// A plain-text log of what happened in the booths, time-aligned with the audio: who went on
// air on which channel, handovers, coughs, relay, floor-language changes, signals, refusals.
// Control thread only.
#pragma once

#include "control/Events.h"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace dragoman {

class Engine;

// One event in words ("console ko-en-1: ON AIR on en, hears floor"); "" for none.
std::string describeEvent(const Engine& engine, const EngineEvent& event);

// Describes events one after another, leaving out a console's state that reads as it did the
// last time (a change only its boothmate's presence made: the console shows it, a log would
// repeat a line).
class EventWords {
public:
    std::string describe(const Engine& engine, const EngineEvent& event);

private:
    std::map<std::uint32_t, std::string> lastConsoleText_; // by console handle
};

class Timeline {
public:
    Timeline(const Engine& engine, double sampleRate) : engine_(engine), sampleRate_(sampleRate) {}

    void record(const EngineEvent& event);
    void record(const std::vector<EngineEvent>& events) {
        for (const EngineEvent& e : events)
            record(e);
    }
    // Free text at a frame (cues that the engine refused, notes).
    void note(std::uint64_t frame, const std::string& text);

    const std::vector<std::string>& lines() const { return lines_; }
    std::string text() const;

private:
    std::string stamp(std::uint64_t frame) const;
    const Engine& engine_;
    double sampleRate_;
    EventWords words_;
    std::vector<std::string> lines_;
};

} // namespace dragoman
