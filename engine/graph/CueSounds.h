// The sounds of the headphone cues (control/Commands.h names them): discreet under speech at
// about -18 dBFS RMS, mixed before the console's volume and limiter, so they follow the
// interpreter's listening level, can never exceed the ceiling, and never reach a channel.
#pragma once

#include "control/Commands.h"
#include "dsp/Decibels.h"
#include "dsp/HeadphoneCue.h"

namespace dragoman {

inline constexpr float kCuePeakDbfs = -24.0f;

inline HeadphoneCue::Notes cueNotes(CueSound sound) {
    const double peak = dbToGain(kCuePeakDbfs);
    using Note = HeadphoneCue::Note;
    switch (sound) {
    case CueSound::HandoverRequest: // E5 then A5, 150 ms each
        return {Note{659.25, 0.0, 0.15, 0.02, peak}, Note{880.0, 0.17, 0.15, 0.02, peak}};
    case CueSound::TurnEnding: // A5 with a soft octave, a long release: a bell
        return {Note{880.0, 0.0, 0.6, 0.25, peak * 0.8}, Note{1760.0, 0.0, 0.6, 0.25, peak * 0.2}};
    case CueSound::LevelWarning:
        break;
    }
    // 1 kHz, 100 ms each, 100 ms apart
    return {Note{1000.0, 0.0, 0.1, 0.01, peak}, Note{1000.0, 0.2, 0.1, 0.01, peak}};
}

} // namespace dragoman
