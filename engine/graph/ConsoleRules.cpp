// See ConsoleRules.h. Everything here runs on the audio thread: fixed-size loops over the
// plan's tables, no allocation.
#include "ConsoleRules.h"

#include "CueSounds.h"
#include "control/KeyRanges.h"
#include "dsp/Decibels.h"
#include "dsp/ToneControl.h"

#include <algorithm>

namespace dragoman {

// The tone filters (dsp/, which knows no keys) clamp to the range the faces offer.
static_assert(ToneControl::kMinDb == kToneRange.minDb && ToneControl::kMaxDb == kToneRange.maxDb);

void retarget(std::array<Route, 2>& routes, RouteTarget target, std::uint32_t rampFrames) {
    if (routes[0].target == target)
        return;
    // If a third source arrives while one still fades, the quieter fading one is cut: a
    // rare double switch within one ramp; the louder of the two keeps fading smoothly.
    if (routes[0].used() && !routes[0].gain.silent()) {
        if (!routes[1].used() || routes[1].gain.current() <= routes[0].gain.current())
            routes[1] = routes[0];
        routes[1].gain.setTarget(0.0f, rampFrames);
    }
    routes[0].target = target;
    routes[0].gain.reset(0.0f);
}

int ConsoleRules::channelOf(Index console) const {
    const PlanConsole& c = plan_.consoles[console];
    const std::uint8_t slot = plan_.consoleState[console].keys.slot;
    return slot < c.outputCount ? c.outputs[slot] : -1;
}

int ConsoleRules::liveOnChannel(int channel, Index except) const {
    for (Index i = 0; i < plan_.consoles.size(); ++i)
        if (i != except && plan_.consoleState[i].keys.micOn && channelOf(i) == channel)
            return static_cast<int>(i);
    return -1;
}

int ConsoleRules::liveInBooth(Index console) const {
    const PlanBooth& booth = plan_.booths[plan_.consoles[console].booth];
    for (Index i = booth.firstConsole; i < booth.firstConsole + booth.consoleCount; ++i)
        if (i != console && plan_.consoleState[i].keys.micOn)
            return static_cast<int>(i);
    return -1;
}

int ConsoleRules::hearing(Index console) const {
    const ListenSource& listen = plan_.consoleState[console].keys.listen;
    switch (listen.kind) {
    case ListenSource::Kind::Floor:
        return kFloorSource;
    case ListenSource::Kind::Channel: {
        const int channel = plan_.channelIndex(listen.channel);
        return channel >= 0 ? channel : kFloorSource;
    }
    case ListenSource::Kind::AutoRelay:
        break;
    }
    // Auto-relay: hear the floor when its language is one the booth works in (or the relay's
    // own language); otherwise hear the relay channel.
    const PlanBooth& booth = plan_.booths[plan_.consoles[console].booth];
    if (booth.relayChannel < 0)
        return kFloorSource;
    const LanguageHandle floor = plan_.currentFloorLanguage;
    if (plan_.channels[static_cast<Index>(booth.relayChannel)].language == floor)
        return kFloorSource;
    if (std::find(booth.languages.begin(), booth.languages.end(), floor) != booth.languages.end())
        return kFloorSource;
    return booth.relayChannel;
}

void ConsoleRules::refuse(Index console, ConsoleKey key, RefusalReason reason, int holder) {
    KeyRefused event;
    event.frame = frame_;
    event.console = plan_.consoles[console].handle;
    event.key = key;
    event.reason = reason;
    if (holder >= 0)
        event.holder = plan_.consoles[static_cast<Index>(holder)].handle;
    events_.push(event);
}

bool ConsoleRules::waiterInBooth(Index console) const {
    const PlanBooth& booth = plan_.booths[plan_.consoles[console].booth];
    for (Index i = booth.firstConsole; i < booth.firstConsole + booth.consoleCount; ++i)
        if (i != console && plan_.consoleState[i].keys.waiting)
            return true;
    return false;
}

// The booth's queue is strict: only its earliest waiter may go on air.
bool ConsoleRules::isBoothHead(Index console) const {
    const PlanBooth& booth = plan_.booths[plan_.consoles[console].booth];
    const std::uint64_t ticket = plan_.consoleState[console].waitTicket;
    for (Index i = booth.firstConsole; i < booth.firstConsole + booth.consoleCount; ++i) {
        const ConsoleRuntime& other = plan_.consoleState[i];
        if (i != console && other.keys.waiting &&
            (other.waitTicket < ticket || (other.waitTicket == ticket && i < console)))
            return false;
    }
    return true;
}

bool ConsoleRules::onFloorLanguage(int channel) const {
    return channel >= 0 &&
           plan_.channels[static_cast<Index>(channel)].language == plan_.currentFloorLanguage;
}

// Channel interlock: may `console` speak on `channel`? In override mode the holder is cut.
bool ConsoleRules::claimChannel(Index console, int channel, ConsoleKey key) {
    const int holder = liveOnChannel(channel, console);
    if (holder < 0 ||
        plan_.consoles[static_cast<Index>(holder)].booth == plan_.consoles[console].booth)
        return true; // free, or held by the boothmate (booth interlock decides)
    if (plan_.channelInterlock == InterlockMode::Interlock) {
        refuse(console, key, RefusalReason::ChannelBusy, holder);
        return false;
    }
    plan_.consoleState[static_cast<Index>(holder)].keys.micOn = false;
    return true;
}

void ConsoleRules::startWaiting(Index console, std::uint64_t ticket) {
    ConsoleRuntime& state = plan_.consoleState[console];
    state.keys.micOn = false;
    state.keys.waiting = true;
    state.waitTicket = ticket;
}

void ConsoleRules::stopWaiting(Index console) {
    ConsoleRuntime& state = plan_.consoleState[console];
    state.keys.waiting = false;
    state.keys.waitingFor = WaitReason::None;
    state.waitTicket = 0;
}

void ConsoleRules::micOn(Index console, ConsoleKey key) {
    ConsoleState& keys = plan_.consoleState[console].keys;
    if (keys.micOn || keys.waiting)
        return;
    const int channel = channelOf(console);
    if (channel < 0)
        return;
    if (onFloorLanguage(channel)) {
        refuse(console, key, RefusalReason::FloorLanguage);
        return;
    }
    const PlanBooth& booth = plan_.booths[plan_.consoles[console].booth];
    const int mate = liveInBooth(console);
    if (mate >= 0 && plan_.consoleState[static_cast<Index>(mate)].keys.handoverRequested) {
        // The boothmate asked to be relieved: this mic key accepts, whatever the interlock.
        takeOver(static_cast<Index>(mate), console, key);
        return;
    }
    if (booth.interlock == InterlockMode::Interlock && (mate >= 0 || waiterInBooth(console))) {
        // Booth interlock: queue behind whoever is on air or asked first; the mic goes live
        // the moment it is this console's turn.
        startWaiting(console, plan_.nextWaitTicket++);
        return;
    }
    if (!claimChannel(console, channel, key))
        return;
    if (booth.interlock == InterlockMode::Override) // the newest mic wins, waits included
        for (Index i = booth.firstConsole; i < booth.firstConsole + booth.consoleCount; ++i)
            if (i != console) {
                plan_.consoleState[i].keys.micOn = false;
                stopWaiting(i);
            }
    keys.micOn = true;
}

// The mic moves from `from` to its boothmate `to` in one frame: the crossfade of the two ramps
// leaves the channel neither silent nor doubled. `to` speaks on its own selected channel,
// which channel interlock may refuse (reported to `to`'s key, nothing changes).
bool ConsoleRules::takeOver(Index from, Index to, ConsoleKey key) {
    const int channel = channelOf(to);
    if (channel < 0 || onFloorLanguage(channel)) {
        refuse(to, key, RefusalReason::FloorLanguage);
        return false;
    }
    if (!claimChannel(to, channel, key))
        return false;
    plan_.consoleState[from].keys.micOn = false;
    plan_.consoleState[from].keys.handoverRequested = false;
    stopWaiting(to);
    plan_.consoleState[to].keys.micOn = true;
    plan_.consoleState[to].keys.away = false;
    return true;
}

void ConsoleRules::requestHandover(Index console, bool request) {
    ConsoleState& keys = plan_.consoleState[console].keys;
    if (request && !keys.micOn) {
        refuse(console, ConsoleKey::HandoverRequest, RefusalReason::NotOnAir);
        return;
    }
    if (request && !keys.handoverRequested) { // the boothmates hear it, discreetly
        const PlanBooth& booth = plan_.booths[plan_.consoles[console].booth];
        for (Index i = booth.firstConsole; i < booth.firstConsole + booth.consoleCount; ++i)
            if (i != console && !plan_.consoleState[i].keys.away)
                plan_.consoleState[i].cue.start(cueNotes(CueSound::HandoverRequest));
    }
    keys.handoverRequested = request;
}

// The on-air console gives the mic away now: to the booth's first waiter if one asked, else to
// the next boothmate by seat who is not away.
void ConsoleRules::handOver(Index console, ConsoleKey key) {
    if (!plan_.consoleState[console].keys.micOn) {
        refuse(console, key, RefusalReason::NotOnAir);
        return;
    }
    const PlanBooth& booth = plan_.booths[plan_.consoles[console].booth];
    int to = -1;
    for (Index i = booth.firstConsole; i < booth.firstConsole + booth.consoleCount; ++i)
        if (plan_.consoleState[i].keys.waiting && isBoothHead(i))
            to = static_cast<int>(i);
    for (Index step = 1; to < 0 && step < booth.consoleCount; ++step) {
        const Index i =
            booth.firstConsole + (console - booth.firstConsole + step) % booth.consoleCount;
        if (!plan_.consoleState[i].keys.away)
            to = static_cast<int>(i);
    }
    if (to < 0) {
        refuse(console, key, RefusalReason::NoBoothmate);
        return;
    }
    takeOver(console, static_cast<Index>(to), key);
}

void ConsoleRules::micOff(Index console) {
    ConsoleState& keys = plan_.consoleState[console].keys;
    if (keys.waiting)
        stopWaiting(console); // a press while waiting cancels the wait
    keys.micOn = false;
    keys.handoverRequested = false;
    // Handover: promoteWaiters, run after this command in the same frame, puts the booth's
    // next waiter on air, so the crossfade of the two ramps leaves the channel neither silent
    // nor doubled.
}

// Puts waiting consoles on air whose turn has come: the booth has nobody live, they are the
// booth's earliest waiter, and their channel is free. Across booths the earliest request wins.
// Then tells every remaining waiter what it waits for.
void ConsoleRules::promoteWaiters() {
    bool anyWaiting = false;
    for (const ConsoleRuntime& state : plan_.consoleState)
        anyWaiting = anyWaiting || state.keys.waiting;
    if (!anyWaiting)
        return;
    // Who holds each channel, kept current as waiters go on air (updateTargets recomputes it).
    for (ChannelRuntime& channel : plan_.channelState)
        channel.liveConsole = -1;
    for (Index i = 0; i < plan_.consoles.size(); ++i)
        if (plan_.consoleState[i].keys.micOn && channelOf(i) >= 0)
            plan_.channelState[static_cast<Index>(channelOf(i))].liveConsole = static_cast<int>(i);
    for (;;) {
        int next = -1;
        for (Index i = 0; i < plan_.consoles.size(); ++i) {
            const ConsoleRuntime& state = plan_.consoleState[i];
            if (!state.keys.waiting || liveInBooth(i) >= 0 || !isBoothHead(i))
                continue;
            const int channel = channelOf(i);
            if (channel < 0 || onFloorLanguage(channel) ||
                plan_.channelState[static_cast<Index>(channel)].liveConsole >= 0)
                continue;
            if (next < 0 ||
                state.waitTicket < plan_.consoleState[static_cast<Index>(next)].waitTicket)
                next = static_cast<int>(i);
        }
        if (next < 0)
            break;
        const auto promoted = static_cast<Index>(next);
        stopWaiting(promoted);
        plan_.consoleState[promoted].keys.micOn = true;
        plan_.channelState[static_cast<Index>(channelOf(promoted))].liveConsole = next;
    }
    for (Index i = 0; i < plan_.consoles.size(); ++i) {
        ConsoleState& keys = plan_.consoleState[i].keys;
        if (keys.waiting)
            keys.waitingFor = liveInBooth(i) >= 0 || !isBoothHead(i) ? WaitReason::Boothmate
                                                                     : WaitReason::Channel;
    }
}

// A console whose outgoing channel is the floor language leaves it: a bidirectional booth's
// console moves to its first other channel (a live mic with it: taking the channel under
// channel override, waiting for it first in line under interlock); a booth with no other
// channel has its mic switched off and its wait cancelled, with the reason.
void ConsoleRules::leaveFloorLanguage(Index console) {
    if (!onFloorLanguage(channelOf(console)))
        return;
    const PlanConsole& c = plan_.consoles[console];
    ConsoleRuntime& state = plan_.consoleState[console];
    for (std::uint8_t slot = 0; slot < c.outputCount; ++slot) {
        const int target = c.outputs[slot];
        if (onFloorLanguage(target))
            continue;
        if (state.keys.micOn) {
            const int holder = liveOnChannel(target, console);
            if (holder >= 0 && plan_.channelInterlock == InterlockMode::Interlock)
                startWaiting(console, 0); // no key was pressed: wait, ahead of everyone
            else if (holder >= 0)
                plan_.consoleState[static_cast<Index>(holder)].keys.micOn = false;
        }
        state.keys.slot = slot;
        state.keys.outgoing = plan_.channels[static_cast<Index>(target)].language;
        return;
    }
    if (state.keys.micOn || state.keys.waiting) {
        state.keys.micOn = false;
        stopWaiting(console);
        refuse(console, ConsoleKey::Mic, RefusalReason::FloorLanguage);
    }
}

void ConsoleRules::selectSlot(Index console, std::uint8_t slot, ConsoleKey key) {
    const PlanConsole& c = plan_.consoles[console];
    ConsoleState& keys = plan_.consoleState[console].keys;
    if (slot >= c.outputCount) {
        refuse(console, key, RefusalReason::NoSuchOutput);
        return;
    }
    const int target = c.outputs[slot];
    if (onFloorLanguage(target)) {
        // A bidirectional console never speaks the floor's own language; a booth with only
        // that channel keeps it selected (its mic is refused while the floor speaks it).
        for (std::uint8_t other = 0; other < c.outputCount; ++other)
            if (!onFloorLanguage(c.outputs[other])) {
                refuse(console, key, RefusalReason::FloorLanguage);
                return;
            }
    }
    if (keys.micOn && !claimChannel(console, target, key))
        return;
    keys.slot = slot;
    keys.outgoing = plan_.channels[static_cast<Index>(target)].language;
}

void ConsoleRules::enforceInvariants() {
    for (Index i = 0; i < plan_.consoles.size(); ++i)
        leaveFloorLanguage(i);
    // A session change can bring two live mics into one booth or onto one channel: the first
    // in session order stays on air, the other waits (nobody's request is dropped).
    for (Index i = 0; i < plan_.consoles.size(); ++i) {
        ConsoleState& keys = plan_.consoleState[i].keys;
        if (!keys.micOn)
            continue;
        const int mate = liveInBooth(i);
        const int holder = liveOnChannel(channelOf(i), i);
        if ((mate >= 0 && static_cast<Index>(mate) < i) ||
            (holder >= 0 && static_cast<Index>(holder) < i))
            startWaiting(i, plan_.nextWaitTicket++);
    }
    promoteWaiters();
}

void ConsoleRules::apply(const ConsoleCommand& command) {
    const int found = plan_.consoleIndex(command.console);
    if (found < 0)
        return; // a console removed by a session change while the key was in flight
    const Index console = static_cast<Index>(found);
    ConsoleRuntime& state = plan_.consoleState[console];
    // Any key is the interpreter at the console (but the away key itself, and the release of
    // the momentary hand-over key, which a plugin host sends back by itself).
    const bool release = command.key == ConsoleKey::Handover &&
                         std::get_if<Switch>(&command.argument) != nullptr &&
                         std::get<Switch>(command.argument) == Switch::Off;
    if (!release)
        state.lastTouchFrame = frame_;
    if (command.key != ConsoleKey::Away && !release)
        state.keys.away = false;
    // Toggles are resolved here, once, against the state the audio thread holds.
    const auto switched = [&command](bool now) {
        const Switch to = std::get<Switch>(command.argument);
        return to == Switch::Toggle ? !now : to == Switch::On;
    };
    const auto db = [&command] { return std::get<Decibels>(command.argument).db; };
    if (argumentKind(command.key) == ArgumentKind::Switch &&
        !std::holds_alternative<Switch>(command.argument))
        return; // Engine::press checks; this guards commands made on the audio thread
    if (argumentKind(command.key) == ArgumentKind::Level &&
        !std::holds_alternative<Decibels>(command.argument))
        return;
    switch (command.key) {
    case ConsoleKey::Mic:
        switched(state.keys.micOn || state.keys.waiting) ? micOn(console, command.key)
                                                         : micOff(console);
        break;
    case ConsoleKey::Cough:
        state.keys.coughing = switched(state.keys.coughing);
        break;
    case ConsoleKey::Talkback:
        state.keys.talkback = switched(state.keys.talkback);
        break;
    case ConsoleKey::Output:
        if (const auto* slot = std::get_if<OutputSlot>(&command.argument))
            selectSlot(console, static_cast<std::uint8_t>(*slot), command.key);
        break;
    case ConsoleKey::Listen: {
        const auto* listen = std::get_if<ListenSource>(&command.argument);
        if (listen == nullptr)
            break;
        if (listen->kind == ListenSource::Kind::Channel &&
            plan_.channelIndex(listen->channel) < 0) {
            refuse(console, command.key, RefusalReason::NoSuchChannel);
            break;
        }
        state.keys.listen = *listen;
        break;
    }
    case ConsoleKey::HeadphoneVolume: // down to silence from any face (a mute)
        state.volumeDb = std::clamp(db(), kSilenceDb, kVolumeRange.maxDb);
        break;
    case ConsoleKey::Bass:
        state.tone.setBassDb(db());
        break;
    case ConsoleKey::Treble:
        state.tone.setTrebleDb(db());
        break;
    case ConsoleKey::Sidetone:
        state.sidetoneDb = std::clamp(db(), kSilenceDb, kSidetoneRange.maxDb);
        break;
    case ConsoleKey::SlowDown:
        state.keys.slowDown = switched(state.keys.slowDown);
        break;
    case ConsoleKey::Help:
        state.keys.help = switched(state.keys.help);
        break;
    case ConsoleKey::HandoverRequest:
        requestHandover(console, switched(state.keys.handoverRequested));
        break;
    case ConsoleKey::Handover: // a momentary key: on (or a toggle) gives the mic away
        if (std::get<Switch>(command.argument) != Switch::Off)
            handOver(console, command.key);
        break;
    case ConsoleKey::Away:
        state.keys.away = switched(state.keys.away);
        break;
    }
    promoteWaiters();
}

void ConsoleRules::apply(const FloorLanguageCommand& command) {
    if (command.language == plan_.currentFloorLanguage)
        return;
    plan_.currentFloorLanguage = command.language;
    // Bidirectional booths follow the floor: whoever's outgoing channel is now the floor's own
    // language leaves it, and the channel gets the floor by auto-floor.
    for (Index i = 0; i < plan_.consoles.size(); ++i)
        leaveFloorLanguage(i);
    promoteWaiters();
    FloorLanguageChanged event;
    event.frame = frame_;
    event.language = command.language;
    events_.push(event);
}

void ConsoleRules::apply(const HeadphoneCueCommand& command) {
    const int found = plan_.consoleIndex(command.console);
    if (found >= 0)
        plan_.consoleState[static_cast<Index>(found)].cue.start(cueNotes(command.sound));
}

bool ConsoleRules::markIdle() {
    if (plan_.idleFrames == 0)
        return false;
    bool changed = false;
    for (ConsoleRuntime& state : plan_.consoleState) {
        if (state.keys.micOn || state.keys.waiting)
            state.lastTouchFrame = frame_; // idle time counts from the end of a turn
        else if (!state.keys.away && frame_ - state.lastTouchFrame >= plan_.idleFrames) {
            state.keys.away = true;
            changed = true;
        }
    }
    return changed;
}

// Each console's boothmate as it shows them: the one on air if any, else one who is ready,
// else away; with several boothmates the most present one.
void ConsoleRules::updatePresence() {
    for (ConsoleRuntime& state : plan_.consoleState)
        if (!state.keys.micOn)
            state.keys.handoverRequested = false; // taken over, switched off, moved by the floor
    const auto rank = [](Presence p) {
        switch (p) {
        case Presence::OnAir:
        case Presence::Requested:
            return 3;
        case Presence::Ready:
            return 2;
        case Presence::Away:
            return 1;
        case Presence::None:
            break;
        }
        return 0;
    };
    for (const PlanBooth& booth : plan_.booths)
        for (Index i = booth.firstConsole; i < booth.firstConsole + booth.consoleCount; ++i) {
            Presence best = Presence::None;
            for (Index j = booth.firstConsole; j < booth.firstConsole + booth.consoleCount; ++j)
                if (j != i && rank(presenceOf(plan_.consoleState[j].keys)) > rank(best))
                    best = presenceOf(plan_.consoleState[j].keys);
            plan_.consoleState[i].keys.boothmate = best;
        }
}

void ConsoleRules::updateTargets() {
    for (ChannelRuntime& channel : plan_.channelState)
        channel.liveConsole = -1;
    for (Index i = 0; i < plan_.consoles.size(); ++i) {
        ConsoleRuntime& state = plan_.consoleState[i];
        // Talkback mutes the channel as the cough key does (the console stays live, so the
        // floor does not come back for a word to the technician) and opens the talkback.
        const bool open = state.keys.micOn && !state.keys.coughing && !state.keys.talkback;
        state.talkback.setTarget(state.keys.talkback ? 1.0f : 0.0f, plan_.keyRampFrames);
        if (!state.talkback.silent())
            plan_.talkbackOpen = true;
        const int channel = channelOf(i);
        if (state.keys.micOn && channel >= 0)
            plan_.channelState[static_cast<Index>(channel)].liveConsole = static_cast<int>(i);
        retarget(state.micRoutes,
                 channel >= 0 ? RouteTarget::toChannel(static_cast<std::uint32_t>(channel))
                              : RouteTarget{},
                 plan_.keyRampFrames);
        state.micRoutes[0].gain.setTarget(open ? 1.0f : 0.0f, plan_.keyRampFrames);
        const int heard = hearing(i);
        state.keys.hearing =
            heard >= 0 ? plan_.channels[static_cast<Index>(heard)].language : LanguageHandle{};
        retarget(state.listenRoutes,
                 heard == kFloorSource ? RouteTarget::floor()
                                       : RouteTarget::toChannel(static_cast<std::uint32_t>(heard)),
                 plan_.keyRampFrames);
        state.listenRoutes[0].gain.setTarget(1.0f, plan_.keyRampFrames);
        state.sidetone.setTarget(open ? dbToGain(state.sidetoneDb) : 0.0f, plan_.keyRampFrames);
        state.volume.setTarget(dbToGain(state.volumeDb), plan_.volumeRampFrames);
    }
    for (Index c = 0; c < plan_.channels.size(); ++c) {
        const PlanChannel& channel = plan_.channels[c];
        ChannelRuntime& state = plan_.channelState[c];
        // The cough key keeps the console live, so a cough never brings the floor back.
        const float floorGain = state.liveConsole >= 0
                                    ? (channel.floorBed ? channel.floorBedGain : 0.0f)
                                    : (channel.autoFloor ? 1.0f : 0.0f);
        state.floorGain.setTarget(floorGain, std::max(1u, channel.fadeFrames));
    }
}

namespace {

// Marks in the relay-quality scratch: not worked out yet, or on the chain being followed.
constexpr auto kQualityUnknown = static_cast<RelayQuality>(0xff);
constexpr auto kQualityOnChain = static_cast<RelayQuality>(0xfe);

} // namespace

// Each channel's quality follows the chain of who hears what back to the floor. Every channel
// is followed once (a chain stops at a channel already worked out), so the work is linear in
// channels and consoles. A chain that loops (consoles relaying each other by their listen
// keys) never reaches the floor: relay of relay.
void ConsoleRules::updateRelayQuality() {
    std::vector<RelayQuality>& quality = plan_.relayQuality;
    std::vector<int>& chain = plan_.relayChain;
    std::fill(quality.begin(), quality.end(), kQualityUnknown);
    for (Index start = 0; start < quality.size(); ++start) {
        std::size_t length = 0;
        RelayQuality source = RelayQuality::RelayOfRelay;
        for (int channel = static_cast<int>(start);;) {
            const auto c = static_cast<Index>(channel);
            if (quality[c] == kQualityOnChain)
                break; // a loop
            if (quality[c] != kQualityUnknown) {
                source = quality[c];
                break;
            }
            const int live = plan_.channelState[c].liveConsole;
            if (live < 0) {
                quality[c] =
                    plan_.channels[c].autoFloor ? RelayQuality::Floor : RelayQuality::Silent;
                source = quality[c];
                break;
            }
            quality[c] = kQualityOnChain;
            chain[length++] = channel;
            channel = hearing(static_cast<Index>(live));
            if (channel < 0) {
                source = RelayQuality::Floor;
                break;
            }
        }
        while (length > 0) {
            source = interpretationOf(source);
            quality[static_cast<Index>(chain[--length])] = source;
        }
    }
}

void ConsoleRules::publishChanges() {
    for (Index i = 0; i < plan_.consoles.size(); ++i) {
        ConsoleRuntime& state = plan_.consoleState[i];
        if (state.keys == state.published)
            continue;
        ConsoleStateChanged event;
        event.frame = frame_;
        event.console = plan_.consoles[i].handle;
        event.state = state.keys;
        if (events_.push(event))
            state.published = state.keys;
    }
    updateRelayQuality();
    const std::size_t count = plan_.channels.size();
    for (std::size_t c = 0; c < count; ++c) {
        ChannelRuntime& state = plan_.channelState[c];
        const ConsoleHandle interpreter =
            state.liveConsole >= 0 ? plan_.consoles[static_cast<Index>(state.liveConsole)].handle
                                   : ConsoleHandle{};
        if (state.published.interpreter == interpreter &&
            state.published.quality == plan_.relayQuality[c])
            continue;
        ChannelCarrierChanged event = state.published;
        event.frame = frame_;
        event.interpreter = interpreter;
        event.quality = plan_.relayQuality[c];
        if (events_.push(event))
            state.published = event;
    }
}

void ConsoleRules::settle() {
    updatePresence();
    updateTargets();
    publishChanges();
}

} // namespace dragoman
