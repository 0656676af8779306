// A cue list: timed key presses for the offline render and the demo, loaded from JSON
//   [{"time": 1.5, "console": "ko-en-1", "action": "mic-on"},
//    {"time": 12, "action": "floor-language", "language": "en"}, ...]
// Actions: the console keys (control/KeyPress.h) with their argument: mic|cough|slow-down|help|
// handover-request|handover|away (with "on": true|false|"toggle"), output (with "slot": a|b|c),
// listen (with "source": floor|auto|CHANNEL), volume|bass|treble|sidetone (with "db"); the
// shorthands mic-on, mic-off, mic-toggle, cough-down, cough-up; and floor-language (with
// "language"). Control thread only.
#pragma once

#include "base/Problem.h"
#include "control/KeyPress.h"

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace dragoman {

class Engine;

struct Cue {
    double timeSeconds = 0.0;
    enum class Kind { Key, FloorLanguage } kind = Kind::Key;
    std::string console;   // with Key
    KeyPress press;        // with Key
    std::string language;  // with FloorLanguage
    std::string action;    // as written, for messages and timelines
    std::size_t index = 0; // position in the file, for messages ("cues[3]")

    // Sends the cue to the engine: "" if sent, else why not ("unknown console \"x\"").
    std::string applyTo(Engine& engine) const;
};

struct CueListLoad {
    std::vector<Cue> cues; // sorted by time (stable)
    Problems problems;     // paths like "cues[3].action"
    bool ok() const { return problems.empty(); }
};

// A day's cues are well under 1 MiB.
inline constexpr std::size_t kMostCueFileBytes = 8 * 1024 * 1024;

CueListLoad parseCueList(std::string_view jsonText);
// Only a regular file of at most kMostCueFileBytes.
CueListLoad loadCueListFile(const std::filesystem::path& file);

} // namespace dragoman
