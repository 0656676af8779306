// See RemoteBoothHost.h.
// Construction, the control threads' calls and the audio thread's; the network thread is in
// RemoteBoothNetwork.cpp.
#include "RemoteBoothHost.h"

#include "remotebooth/RemoteBoothParts.h"

#include <algorithm>

namespace dragoman {

static_assert(static_cast<std::uint8_t>(Presence::Away) == kMaxPresence,
              "the state message carries Presence as a number");

using namespace remote_booth;

namespace {
std::string listenName(const ConsoleState& s, const Engine& engine) {
    return formatListenChoice({s.listen.kind, engine.languageId(s.listen.channel)});
}
} // namespace

std::string describeRemoteBoothReport(const RemoteBoothReport& r) {
    const std::string why = r.reason.empty() ? std::string() : " (" + r.reason + ")";
    switch (r.kind) {
    case RemoteBoothReport::Kind::Joined:
        return r.console + " joined from " + r.peer;
    case RemoteBoothReport::Kind::Left:
        return r.console + " left" + why;
    case RemoteBoothReport::Kind::Refused:
        return "refused " + r.peer + (r.console.empty() ? "" : " for " + r.console) + why;
    case RemoteBoothReport::Kind::Forged:
        break;
    }
    return "packets from " + r.peer + " failed authentication, dropped" + why;
}

RemoteBoothHost::RemoteBoothHost(Engine& engine, const RemoteBoothSettings& settings,
                                 std::uint32_t blockFrames)
    : engine_(engine) {
    const OpusVoiceSettings opus{settings.frameMs, settings.bitrateKbps, settings.complexity};
    checkOpusVoiceSettings(opus);
    // An audio block takes the frames it spans at once, and each needs the packet after it
    // there too once the path loses packets (its redundancy stands in if the frame's own was
    // lost): the frames of a block, plus one (kRemoteBoothRedundancyWait).
    const int frameSamples = opus.frameSamples();
    const int minDelay =
        1 + static_cast<int>((blockFrames + static_cast<std::uint32_t>(frameSamples) - 1) /
                             static_cast<std::uint32_t>(frameSamples));
    const EngineLayout layout = engine.layout();
    auto portOf = [&layout](const PortId& what) {
        if (const auto port = layout.portOf(what))
            return *port;
        throw std::runtime_error("remote console " + what.id + " is not in the engine");
    };
    for (const auto& [console, secret] : settings.consoles)
        seats_.push_back(
            std::make_unique<Seat>(console, secret, portOf({PortId::Kind::Mic, console}),
                                   portOf({PortId::Kind::Phones, console}), opus, minDelay));
    network_ = std::make_unique<Network>(settings, blockFrames);
    network_->links.resize(seats_.size());
    network_->states.resize(seats_.size());
    network_->stats.resize(seats_.size());
    for (std::size_t i = 0; i < seats_.size(); ++i)
        network_->stats[i].console = seats_[i]->console;
    // A remote seat is away until its console joins (and again when it leaves).
    for (const auto& seat : seats_)
        engine.press(seat->console, {ConsoleKey::Away, Switch::On});
    thread_ = std::thread([this] { serve(); });
}

RemoteBoothHost::~RemoteBoothHost() {
    running_.store(false);
    thread_.join();
    // Tell joined consoles the host is gone, so they do not wait for the timeout.
    for (std::size_t i = 0; i < seats_.size(); ++i) {
        Network::Link& link = network_->links[i];
        if (link.srtp &&
            link.srtp->protectRtcp(serializeControl(ByeMessage{}, link.ssrc), network_->wire))
            network_->socket.send(link.peer, network_->wire);
    }
}

int RemoteBoothHost::port() const {
    return network_->socket.port();
}

void RemoteBoothHost::publishStates(const SessionStatus& status, const Engine& engine,
                                    const std::string& floorWarning) {
    std::lock_guard lock(network_->mutex);
    for (std::size_t i = 0; i < seats_.size(); ++i) {
        const ConsoleStatus* console = status.console(seats_[i]->console);
        if (console == nullptr)
            continue;
        const ConsoleState& s = console->state;
        StateMessage& m = network_->states[i];
        m.micOn = s.micOn;
        m.waiting = s.waiting;
        m.coughing = s.coughing;
        m.slowDown = s.slowDown;
        m.help = s.help;
        m.handoverRequested = s.handoverRequested;
        m.away = s.away;
        m.boothmate = static_cast<std::uint8_t>(s.boothmate);
        const auto whole = [](double seconds) { return static_cast<std::uint32_t>(seconds); };
        m.turnSeconds = whole(console->shift.turnSeconds);
        m.daySeconds = whole(console->shift.daySeconds);
        m.turnLengthSeconds = whole(console->shift.turnLengthSeconds);
        m.slot = s.slot;
        m.outgoing = console->outgoing;
        m.hearing = console->hearing;
        m.listen = listenName(s, engine);
        m.floor = status.floorLanguage();
        m.floorQuality = floorWarning;
    }
}

std::vector<RemoteBoothReport> RemoteBoothHost::takeReports() {
    return network_->reports.take();
}

std::vector<RemotePathStats> RemoteBoothHost::stats() const {
    std::lock_guard lock(network_->mutex);
    return network_->stats;
}

// --- audio thread ----------------------------------------------------------------------------

void RemoteBoothHost::provide(std::span<float* const> mics, std::uint32_t frames) noexcept {
    for (const auto& seatPointer : seats_) {
        Seat& seat = *seatPointer;
        if (seat.micPort >= mics.size() || mics[seat.micPort] == nullptr)
            continue;
        float* mic = mics[seat.micPort];
        const std::uint32_t epoch = seat.epoch.load(std::memory_order_acquire);
        if (epoch != seat.seenEpoch) {
            seat.receiver.reset();
            seat.seenEpoch = epoch;
        }
        QueuedPacket packet;
        while (seat.inbound.pop(packet))
            if (packet.epoch == epoch)
                seat.receiver.push(packet.view(), packet.arrival);
        if (!seat.joined.load(std::memory_order_acquire)) {
            std::fill(mic, mic + frames, 0.0f);
            continue;
        }
        seat.receiver.play(mic, frames);
        seat.received.publish(seat.receiver.stats());
    }
}

void RemoteBoothHost::capture(const AudioBuffers& io) noexcept {
    bool frameWhole = false;
    for (const auto& seat : seats_)
        if (seat->joined.load(std::memory_order_acquire) && seat->phonesPort < io.phonesCount &&
            io.phones[seat->phonesPort] != nullptr)
            frameWhole |= seat->phones.push(io.phones[seat->phonesPort], io.frames);
    if (frameWhole)
        network_->frameReady.signal(); // one wake for every seat's frame of this block
}

} // namespace dragoman
