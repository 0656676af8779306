// The shift timer of booths working in pairs: whose turn it is in each booth, how long it has
// lasted, each interpreter's time on air in the day, and when the chime is due (one minute
// before the booth's turn length, once per turn, for the interpreter on air). A turn begins
// when a console goes on air after a boothmate (or first in the booth) and lasts until a
// boothmate goes on air: a pause, a cough or a mic switched off for a question keeps it.
// Pure: fed the consoles' on-air changes with their audio frames (control/Events.h); the
// SessionStatus keeps one and plays the chime through the engine. Control thread only.
#pragma once

#include "session/Session.h"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace dragoman {

struct ShiftTime {
    double turnSeconds = 0.0;       // in this console's turn; 0 when the turn is a boothmate's
    double daySeconds = 0.0;        // on air since the engine started
    double turnLengthSeconds = 0.0; // the booth's turn length
    bool holdsTurn = false;
    // The last minute of the turn has begun (the chime's moment), or the turn is over.
    bool endingSoon() const { return holdsTurn && turnSeconds >= turnLengthSeconds - 60.0; }
    bool operator==(const ShiftTime&) const = default;
};

class ShiftTimer {
public:
    static constexpr double kChimeBeforeEndSeconds = 60.0;

    // The booths and their turn lengths (again after a session change: running turns stay).
    void setSession(const Session& session, double sampleRate);
    void onAirChanged(const std::string& console, bool onAir, std::uint64_t frame);

    ShiftTime timeOf(const std::string& console, std::uint64_t now) const;
    // The booth a console sits in ("" for a console the session does not have).
    std::string boothOf(const std::string& console) const;
    // Consoles whose chime is due at `now`: each on-air turn holder once per turn, once the
    // turn is a minute from its end (at once, if they come back on air later than that).
    std::vector<std::string> dueChimes(std::uint64_t now);

private:
    struct ConsoleClock {
        std::string booth;
        bool onAir = false;
        std::uint64_t onAirSince = 0;
        std::uint64_t dayFrames = 0; // closed stretches on air
    };
    struct BoothTurn {
        double turnSeconds = 30.0 * 60.0;
        std::string holder; // "" before anyone spoke
        std::uint64_t since = 0;
        bool chimed = false;
    };
    double seconds(std::uint64_t frames) const { return static_cast<double>(frames) / rate_; }

    double rate_ = 48000.0;
    std::map<std::string, ConsoleClock> consoles_;
    std::map<std::string, BoothTurn> booths_;
};

} // namespace dragoman
