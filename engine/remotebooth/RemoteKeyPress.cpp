// See RemoteKeyPress.h.
#include "RemoteKeyPress.h"

#include "control/HardwareKey.h"

#include <algorithm>

namespace dragoman {

std::string applyRemoteKey(Engine& engine, std::string_view console, std::string_view key,
                           float value) {
    const auto action = hardwareKeyAction(key);
    if (!action)
        return "no key \"" + std::string(key) + "\"";
    PressResult result = PressResult::Outcome::Sent;
    using Kind = HardwareKeyAction::Kind;
    switch (action->kind) {
    case Kind::Held:
    case Kind::Toggle:
        // mic-toggle flips (applied once per sequence number); the others take the value.
        result = action->key == ConsoleKey::MicToggle
                     ? engine.press(console, ConsoleKey::MicToggle)
                     : engine.press(console, action->key, value != 0.0f ? 1.0f : 0.0f);
        break;
    case Kind::Select:
        if (value == 0.0f)
            return {}; // the release of a select key does nothing
        result = action->key == ConsoleKey::Output
                     ? engine.press(console, ConsoleKey::Output, action->value)
                     : engine.listen(console, action->listen, action->channel);
        break;
    case Kind::Level:
        result = engine.press(console, action->key,
                              std::clamp(value, action->range.minDb, action->range.maxDb));
        break;
    }
    return result.why(console, action->channel);
}

} // namespace dragoman
