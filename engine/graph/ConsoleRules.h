// The rules between consoles, applied on the audio thread as key presses arrive: booth and
// channel interlock (interlock or override), handover without gap or double voice (asked for
// with a request the boothmate accepts with their mic key, or given at once), presence (on
// air, requested, ready, away; idle consoles become away), a queue of
// waiting consoles served first come first served, auto-floor and floor bed, bidirectional
// booths following the floor language, auto-relay, and relay quality. Turns key state into
// gain targets; the Renderer only follows the ramps. docs/guide.md ("The rules") states each
// rule; these invariants hold after every command and every plan change:
//   - the channel of the floor language carries no interpreter (it carries the floor);
//   - a booth has at most one live mic, and a channel at most one live interpreter;
//   - a console waits only while something (a live boothmate, an earlier waiter in its booth,
//     another booth on its channel) keeps it off the air;
//   - only a console on air asks for a handover.
// Audio thread only; no allocation, no lock.
#pragma once

#include "RenderPlan.h"
#include "base/RealtimeQueue.h"
#include "control/Commands.h"
#include "control/Events.h"

#include <variant>

namespace dragoman {

using EventQueue = RealtimeQueue<EngineEvent>;

class ConsoleRules {
public:
    ConsoleRules(RenderPlan& plan, EventQueue& events, std::uint64_t frame)
        : plan_(plan), events_(events), frame_(frame) {}

    void apply(const ConsoleCommand& command);
    void apply(const FloorLanguageCommand& command);
    void apply(const HeadphoneCueCommand& command);
    void apply(const EngineCommand& command) {
        std::visit([this](const auto& c) { apply(c); }, command);
    }

    // Brings a plan's key state in line with the invariants above: at the start and after a
    // session change (which can move consoles, outputs and booths under live mics).
    void enforceInvariants();

    // Recomputes every gain target from the key state and reports what changed.
    void settle();

    // Once a block: consoles untouched for the session's idle time while off air become away
    // (and report it). True if any did; settle() then publishes it.
    bool markIdle();

private:
    using Index = std::size_t;

    void micOn(Index console, ConsoleKey key);
    void micOff(Index console);
    void selectSlot(Index console, std::uint8_t slot, ConsoleKey key);
    bool claimChannel(Index console, int channel, ConsoleKey key);
    void startWaiting(Index console, std::uint64_t ticket);
    void stopWaiting(Index console);
    void promoteWaiters();
    bool isBoothHead(Index console) const;
    void leaveFloorLanguage(Index console);
    bool onFloorLanguage(int channel) const;
    int liveOnChannel(int channel, Index except) const;
    int liveInBooth(Index console) const;
    bool waiterInBooth(Index console) const;
    int channelOf(Index console) const;
    int hearing(Index console) const;
    void refuse(Index console, ConsoleKey key, RefusalReason reason, int holder = -1);
    void requestHandover(Index console, bool request);
    void handOver(Index console, ConsoleKey key);
    bool takeOver(Index from, Index to, ConsoleKey key);
    void updatePresence();
    void updateTargets();
    void updateRelayQuality();
    void publishChanges();

    RenderPlan& plan_;
    EventQueue& events_;
    std::uint64_t frame_;
};

// Moves `route` list [0] to a new target with a crossfade: the old target fades out in [1].
void retarget(std::array<Route, 2>& routes, RouteTarget target, std::uint32_t rampFrames);

} // namespace dragoman
