// See HardwareKey.h.
#include "HardwareKey.h"

namespace dragoman {

std::optional<HardwareKeyAction> hardwareKeyAction(std::string_view name) {
    using Kind = HardwareKeyAction::Kind;
    if (const auto key = consoleKeyNamed(name)) {
        switch (argumentKind(*key)) {
        case ArgumentKind::Switch: // the mic, cough and talkback keys are held; the others latch
            if (*key == ConsoleKey::Mic || *key == ConsoleKey::Cough ||
                *key == ConsoleKey::Talkback)
                return HardwareKeyAction{Kind::Held, {*key, Switch::On}};
            return HardwareKeyAction{Kind::Toggle, {*key, Switch::Toggle}};
        case ArgumentKind::Level:
            return HardwareKeyAction{Kind::Level, {*key, Decibels{}}};
        case ArgumentKind::Slot:
        case ArgumentKind::Listen:
            return std::nullopt; // output and listen name what they select
        }
    }
    for (const ConsoleKey key : kConsoleKeys) {
        const std::string_view prefix = keyName(key);
        if (name.size() <= prefix.size() + 1 || !name.starts_with(prefix) ||
            name[prefix.size()] != '-')
            continue;
        const KeyPressParse parsed = parseKeyPress(key, name.substr(prefix.size() + 1));
        if (argumentKind(key) == ArgumentKind::Level)
            return std::nullopt;
        if (!parsed.press)
            continue; // "handover-request-toggle" starts with "handover-" too
        return HardwareKeyAction{Kind::Select, *parsed.press};
    }
    return std::nullopt;
}

NamedHardwarePress hardwarePressOf(const KeyPress& press) {
    const std::string name(keyName(press.key));
    if (const auto* on = std::get_if<Switch>(&press.argument))
        return *on == Switch::Toggle ? NamedHardwarePress{name + "-toggle", 1.0f}
                                     : NamedHardwarePress{name, *on == Switch::On ? 1.0f : 0.0f};
    if (const auto* level = std::get_if<Decibels>(&press.argument))
        return {name, level->db};
    return {name + "-" + formatArgument(press.argument), 1.0f};
}

} // namespace dragoman
