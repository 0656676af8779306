// See ShiftTimer.h.
#include "ShiftTimer.h"

namespace dragoman {

void ShiftTimer::setSession(const Session& session, double sampleRate) {
    rate_ = sampleRate > 0.0 ? sampleRate : session.sampleRate;
    for (const Booth& booth : session.booths) {
        booths_[booth.id].turnSeconds = booth.turnMinutes * 60.0;
        for (const Console& console : booth.consoles)
            consoles_[console.id].booth = booth.id;
    }
}

void ShiftTimer::onAirChanged(const std::string& console, bool onAir, std::uint64_t frame) {
    ConsoleClock& clock = consoles_[console];
    if (onAir == clock.onAir)
        return;
    clock.onAir = onAir;
    if (!onAir) {
        clock.dayFrames += frame - std::min(frame, clock.onAirSince);
        return;
    }
    clock.onAirSince = frame;
    BoothTurn& turn = booths_[clock.booth];
    if (turn.holder != console) { // a boothmate's turn (or none) ends: this one's begins
        turn.holder = console;
        turn.since = frame;
        turn.chimed = false;
    }
}

std::string ShiftTimer::boothOf(const std::string& console) const {
    const auto it = consoles_.find(console);
    return it == consoles_.end() ? std::string{} : it->second.booth;
}

ShiftTime ShiftTimer::timeOf(const std::string& console, std::uint64_t now) const {
    ShiftTime time;
    const auto found = consoles_.find(console);
    if (found == consoles_.end())
        return time;
    const ConsoleClock& clock = found->second;
    std::uint64_t day = clock.dayFrames;
    if (clock.onAir)
        day += now - std::min(now, clock.onAirSince);
    time.daySeconds = seconds(day);
    if (const auto booth = booths_.find(clock.booth); booth != booths_.end()) {
        const BoothTurn& turn = booth->second;
        time.turnLengthSeconds = turn.turnSeconds;
        time.holdsTurn = turn.holder == console;
        if (time.holdsTurn)
            time.turnSeconds = seconds(now - std::min(now, turn.since));
    }
    return time;
}

std::vector<std::string> ShiftTimer::dueChimes(std::uint64_t now) {
    std::vector<std::string> due;
    for (auto& [id, turn] : booths_) {
        if (turn.holder.empty() || turn.chimed)
            continue;
        const auto holder = consoles_.find(turn.holder);
        if (holder == consoles_.end() || !holder->second.onAir)
            continue;
        if (seconds(now - std::min(now, turn.since)) >= turn.turnSeconds - kChimeBeforeEndSeconds) {
            turn.chimed = true;
            due.push_back(turn.holder);
        }
    }
    return due;
}

} // namespace dragoman
