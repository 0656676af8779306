// See RemoteKeyPress.h.
#include "RemoteKeyPress.h"

#include "control/HardwareKey.h"

namespace dragoman {

std::string applyRemoteKey(Engine& engine, std::string_view console, std::string_view key,
                           float value) {
    const auto action = hardwareKeyAction(key);
    if (!action)
        return "no key \"" + std::string(key) + "\"";
    KeyPress press = action->press;
    using Kind = HardwareKeyAction::Kind;
    switch (action->kind) {
    case Kind::Held:
    case Kind::Toggle: // slow-down and help take the value too, so a resent press changes nothing
        press.argument = value != 0.0f ? Switch::On : Switch::Off;
        break;
    case Kind::Select:
        if (value == 0.0f)
            return {}; // the release of a select key does nothing (mic-toggle flips once per
                       // sequence number: the host applies each press once)
        break;
    case Kind::Level: {
        const KeyPressParse level = keyPressFromNumber(action->press.key, value, true);
        if (!level.press)
            return level.problem;
        press = *level.press;
        break;
    }
    }
    return engine.press(console, press).why(console, channelOf(press));
}

} // namespace dragoman
