// Cue::applyTo (see CueList.h): a cue sent to the engine. Apart from the cue list reader so
// that the reader builds alone, without the engine (its fuzz target does).
#include "CueList.h"
#include "Engine.h"

namespace dragoman {

std::string Cue::applyTo(Engine& engine) const {
    if (kind == Kind::FloorLanguage)
        return engine.setFloorLanguage(language).why("", language);
    return engine.press(console, press).why(console, channelOf(press));
}

} // namespace dragoman
