// See HardwareKey.h.
#include "HardwareKey.h"

namespace dragoman {

std::optional<HardwareKeyAction> hardwareKeyAction(std::string_view name) {
    using Kind = HardwareKeyAction::Kind;
    HardwareKeyAction action;
    auto make = [&action](Kind kind, ConsoleKey key) {
        action.kind = kind;
        action.key = key;
        return action;
    };
    if (name == "mic")
        return make(Kind::Held, ConsoleKey::Mic);
    if (name == "mic-toggle")
        return make(Kind::Toggle, ConsoleKey::MicToggle);
    if (name == "cough")
        return make(Kind::Held, ConsoleKey::Cough);
    if (name == "slow-down")
        return make(Kind::Toggle, ConsoleKey::SlowDown);
    if (name == "help")
        return make(Kind::Toggle, ConsoleKey::Help);
    for (int slot = 0; slot < 3; ++slot)
        if (name == std::string("output-") + static_cast<char>('a' + slot)) {
            action.value = static_cast<float>(slot);
            return make(Kind::Select, ConsoleKey::Output);
        }
    if (name == "listen-floor") {
        action.listen = ListenSource::Kind::Floor;
        return make(Kind::Select, ConsoleKey::Listen);
    }
    if (name == "listen-auto") {
        action.listen = ListenSource::Kind::AutoRelay;
        return make(Kind::Select, ConsoleKey::Listen);
    }
    if (name.starts_with("listen-") && name.size() > 7) {
        action.listen = ListenSource::Kind::Channel;
        action.channel = std::string(name.substr(7));
        return make(Kind::Select, ConsoleKey::Listen);
    }
    const std::pair<std::string_view, std::pair<ConsoleKey, LevelRange>> levels[] = {
        {"volume", {ConsoleKey::HeadphoneVolume, kVolumeRange}},
        {"bass", {ConsoleKey::Bass, kToneRange}},
        {"treble", {ConsoleKey::Treble, kToneRange}},
        {"sidetone", {ConsoleKey::Sidetone, kSidetoneRange}},
    };
    for (const auto& [levelName, keyAndRange] : levels)
        if (name == levelName) {
            action.range = keyAndRange.second;
            return make(Kind::Level, keyAndRange.first);
        }
    return std::nullopt;
}

} // namespace dragoman
