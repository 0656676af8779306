// A remote console's key press, applied to the engine as the hardware key of that name would
// be (control/HardwareKey.h), but with an explicit value, so a press that is resent is
// harmless: "mic" 1 / 0, "slow-down" 1 / 0, "output-b", "listen-en", "volume" -12 (dB).
#pragma once

#include "Engine.h"

#include <string>
#include <string_view>

namespace dragoman {

// Empty when the engine took it; else why not ("no key \"mic2\"", "the key queue is full").
std::string applyRemoteKey(Engine& engine, std::string_view console, std::string_view key,
                           float value);

} // namespace dragoman
