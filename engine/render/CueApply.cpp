// Cue::applyTo (see CueList.h): a cue sent to the engine. Apart from the cue list reader so
// that the reader builds alone, without the engine (its fuzz target does).
#include "CueList.h"
#include "Engine.h"

namespace dragoman {

std::string Cue::applyTo(Engine& engine) const {
    switch (kind) {
    case Kind::FloorLanguage:
        return engine.setFloorLanguage(language).why("", language);
    case Kind::Listen:
        return engine.listen(console, listenKind, channel).why(console, channel);
    case Kind::Key:
        break;
    }
    return engine.press(console, key, value).why(console);
}

} // namespace dragoman
