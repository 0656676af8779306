// The rules between consoles, applied on the audio thread as key presses arrive: booth and
// channel interlock (interlock or override), handover without gap or double voice, auto-floor
// and floor bed, bidirectional booths following the floor language, auto-relay, and relay
// quality. Turns key state into gain targets; the Renderer only follows the ramps.
// Audio thread only; no allocation, no lock.
#pragma once

#include "RenderPlan.h"
#include "control/Commands.h"
#include "control/Events.h"
#include "control/RealtimeQueue.h"

#include <variant>

namespace dragoman {

using EventQueue = RealtimeQueue<EngineEvent>;

class ConsoleRules {
public:
    ConsoleRules(RenderPlan& plan, EventQueue& events, std::uint64_t frame)
        : plan_(plan), events_(events), frame_(frame) {}

    void apply(const ConsoleCommand& command);
    void apply(const FloorLanguageCommand& command);
    void apply(const EngineCommand& command) {
        std::visit([this](const auto& c) { apply(c); }, command);
    }

    // Recomputes every gain target from the key state and reports what changed.
    void settle();

private:
    using Index = std::size_t;

    void micOn(Index console, ConsoleKey key);
    void micOff(Index console);
    void selectSlot(Index console, std::uint8_t slot, ConsoleKey key);
    bool claimChannel(Index console, int channel, ConsoleKey key);
    int liveOnChannel(int channel, Index except) const;
    int liveInBooth(Index console) const;
    int channelOf(Index console) const;
    int hearing(Index console) const;
    void refuse(Index console, ConsoleKey key, RefusalReason reason, int holder = -1);
    void updateTargets();
    void publishChanges();
    RelayQuality qualityOf(int channel, const RelayQuality* qualities) const;

    RenderPlan& plan_;
    EventQueue& events_;
    std::uint64_t frame_;
};

// Moves `route` list [0] to a new target with a crossfade: the old target fades out in [1].
void retarget(std::array<Route, 2>& routes, int target, std::uint32_t rampFrames);

} // namespace dragoman
