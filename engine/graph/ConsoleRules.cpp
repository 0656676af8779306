// See ConsoleRules.h. Everything here runs on the audio thread: fixed-size loops over the
// plan's tables, no allocation.
#include "ConsoleRules.h"

#include "dsp/Decibels.h"

#include <algorithm>

namespace dragoman {

void retarget(std::array<Route, 2>& routes, int target, std::uint32_t rampFrames) {
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

void ConsoleRules::micOn(Index console, ConsoleKey key) {
    ConsoleState& keys = plan_.consoleState[console].keys;
    if (keys.micOn)
        return;
    const int channel = channelOf(console);
    if (channel < 0)
        return;
    const int mate = liveInBooth(console);
    if (mate >= 0 &&
        plan_.booths[plan_.consoles[console].booth].interlock == InterlockMode::Interlock) {
        // Booth interlock: wait; the mic goes live the moment the boothmate switches off.
        keys.waiting = true;
        return;
    }
    if (!claimChannel(console, channel, key))
        return;
    if (mate >= 0) // override: the newest mic wins
        plan_.consoleState[static_cast<Index>(mate)].keys.micOn = false;
    keys.micOn = true;
    keys.waiting = false;
}

void ConsoleRules::micOff(Index console) {
    ConsoleState& keys = plan_.consoleState[console].keys;
    keys.waiting = false;
    if (!keys.micOn)
        return;
    keys.micOn = false;
    // Handover: a waiting boothmate takes the mic in this same frame, so the crossfade of the
    // two ramps leaves the channel neither silent nor doubled.
    const PlanBooth& booth = plan_.booths[plan_.consoles[console].booth];
    for (Index i = booth.firstConsole; i < booth.firstConsole + booth.consoleCount; ++i)
        if (plan_.consoleState[i].keys.waiting) {
            plan_.consoleState[i].keys.waiting = false;
            micOn(i, ConsoleKey::Mic);
            break;
        }
}

void ConsoleRules::selectSlot(Index console, std::uint8_t slot, ConsoleKey key) {
    const PlanConsole& c = plan_.consoles[console];
    ConsoleState& keys = plan_.consoleState[console].keys;
    if (slot >= c.outputCount) {
        refuse(console, key, RefusalReason::NoSuchOutput);
        return;
    }
    if (keys.micOn && !claimChannel(console, c.outputs[slot], key))
        return;
    keys.slot = slot;
    keys.outgoing = plan_.channels[static_cast<Index>(c.outputs[slot])].language;
}

void ConsoleRules::apply(const ConsoleCommand& command) {
    const int found = plan_.consoleIndex(command.console);
    if (found < 0)
        return; // a console removed by a session change while the key was in flight
    const Index console = static_cast<Index>(found);
    ConsoleRuntime& state = plan_.consoleState[console];
    const bool down = command.value >= 0.5f;
    switch (command.key) {
    case ConsoleKey::Mic:
        down ? micOn(console, command.key) : micOff(console);
        break;
    case ConsoleKey::MicToggle:
        state.keys.micOn || state.keys.waiting ? micOff(console) : micOn(console, command.key);
        break;
    case ConsoleKey::Cough:
        state.keys.coughing = down;
        break;
    case ConsoleKey::Output:
        selectSlot(console, static_cast<std::uint8_t>(std::clamp(command.value, 0.0f, 255.0f)),
                   command.key);
        break;
    case ConsoleKey::Listen:
        if (command.listen.kind == ListenSource::Kind::Channel &&
            plan_.channelIndex(command.listen.channel) < 0) {
            refuse(console, command.key, RefusalReason::NoSuchChannel);
            break;
        }
        state.keys.listen = command.listen;
        break;
    case ConsoleKey::HeadphoneVolume:
        state.volumeDb = std::clamp(command.value, kSilenceDb, 12.0f);
        break;
    case ConsoleKey::Bass:
        state.tone.setBassDb(command.value);
        break;
    case ConsoleKey::Treble:
        state.tone.setTrebleDb(command.value);
        break;
    case ConsoleKey::Sidetone:
        state.sidetoneDb = std::clamp(command.value, kSilenceDb, 6.0f);
        break;
    case ConsoleKey::SlowDown:
        state.keys.slowDown = down;
        break;
    case ConsoleKey::Help:
        state.keys.help = down;
        break;
    }
}

void ConsoleRules::apply(const FloorLanguageCommand& command) {
    if (command.language == plan_.currentFloorLanguage)
        return;
    plan_.currentFloorLanguage = command.language;
    // Bidirectional booths follow the floor: a console whose outgoing channel is now the
    // floor's own language moves to the booth's first other channel, its live mic with it.
    for (Index i = 0; i < plan_.consoles.size(); ++i) {
        const PlanConsole& c = plan_.consoles[i];
        if (plan_.consoleState[i].keys.outgoing != command.language)
            continue;
        for (std::uint8_t slot = 0; slot < c.outputCount; ++slot)
            if (plan_.channels[static_cast<Index>(c.outputs[slot])].language != command.language) {
                selectSlot(i, slot, ConsoleKey::Output);
                break;
            }
    }
    FloorLanguageChanged event;
    event.frame = frame_;
    event.language = command.language;
    events_.push(event);
}

void ConsoleRules::updateTargets() {
    for (ChannelRuntime& channel : plan_.channelState)
        channel.liveConsole = -1;
    for (Index i = 0; i < plan_.consoles.size(); ++i) {
        ConsoleRuntime& state = plan_.consoleState[i];
        const bool open = state.keys.micOn && !state.keys.coughing;
        const int channel = channelOf(i);
        if (state.keys.micOn && channel >= 0)
            plan_.channelState[static_cast<Index>(channel)].liveConsole = static_cast<int>(i);
        retarget(state.micRoutes, channel, plan_.keyRampFrames);
        state.micRoutes[0].gain.setTarget(open ? 1.0f : 0.0f, plan_.keyRampFrames);
        const int heard = hearing(i);
        state.keys.hearing =
            heard >= 0 ? plan_.channels[static_cast<Index>(heard)].language : LanguageHandle{};
        retarget(state.listenRoutes, heard, plan_.keyRampFrames);
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

RelayQuality ConsoleRules::qualityOf(int channel, const RelayQuality* qualities) const {
    const ChannelRuntime& state = plan_.channelState[static_cast<Index>(channel)];
    if (state.liveConsole < 0)
        return plan_.channels[static_cast<Index>(channel)].autoFloor ? RelayQuality::Floor
                                                                     : RelayQuality::Silent;
    const int heard = hearing(static_cast<Index>(state.liveConsole));
    if (heard < 0)
        return RelayQuality::Direct;
    switch (qualities[heard]) {
    case RelayQuality::Silent:
    case RelayQuality::Floor:
        return RelayQuality::Direct;
    case RelayQuality::Direct:
        return RelayQuality::Relay;
    case RelayQuality::Relay:
    case RelayQuality::RelayOfRelay:
        break;
    }
    return RelayQuality::RelayOfRelay;
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
    // Relay quality settles within as many passes as a relay chain can be long; relay loops
    // are rejected by validation, so the chain is at most the channel count.
    constexpr std::size_t kMaxChannels = 256;
    RelayQuality qualities[kMaxChannels];
    const std::size_t count = std::min(plan_.channels.size(), kMaxChannels);
    for (std::size_t c = 0; c < count; ++c)
        qualities[c] = plan_.channelState[c].published.quality;
    for (std::size_t pass = 0; pass <= count; ++pass)
        for (std::size_t c = 0; c < count; ++c)
            qualities[c] = qualityOf(static_cast<int>(c), qualities);
    for (std::size_t c = 0; c < count; ++c) {
        ChannelRuntime& state = plan_.channelState[c];
        const ConsoleHandle interpreter =
            state.liveConsole >= 0 ? plan_.consoles[static_cast<Index>(state.liveConsole)].handle
                                   : ConsoleHandle{};
        if (state.published.interpreter == interpreter && state.published.quality == qualities[c])
            continue;
        ChannelCarrierChanged event = state.published;
        event.frame = frame_;
        event.interpreter = interpreter;
        event.quality = qualities[c];
        if (events_.push(event))
            state.published = event;
    }
}

void ConsoleRules::settle() {
    updateTargets();
    publishChanges();
}

} // namespace dragoman
