// RemoteBoothHost's network thread: the handshake, SRTP, control messages, the headphone
// mixes out, and the measurements of every path. See RemoteBoothHost.h.
#include "RemoteBoothHost.h"
#include "base/RealtimePriority.h"
#include "files/JsonDocument.h"
#include "remotebooth/RemoteBoothParts.h"
#include "remotebooth/RemoteClock.h"
#include "remotebooth/RemoteKeyPress.h"
#include "remotebooth/RemoteMessagePost.h"

#include <algorithm>
#include <cmath>

namespace dragoman {

using namespace remote_booth;

void RemoteBoothHost::serve() {
    raiseToRealtime(RealtimeRole::Network); // the consoles' audio crosses here
    Network& net = *network_;
    while (running_.load(std::memory_order_relaxed)) {
        // Woken by a datagram, by a headphone frame the audio thread has just completed, or
        // by the keep-up's time: the frame leaves the moment it is whole.
        const auto sinceKeepUp = Clock::now() - net.lastKeepUp;
        const auto untilKeepUp =
            std::clamp(std::chrono::ceil<std::chrono::milliseconds>(kKeepUpEvery - sinceKeepUp),
                       std::chrono::milliseconds(0), kKeepUpEvery);
        const UdpSocket::Ready ready = net.socket.wait(net.frameReady, untilKeepUp);
        if (ready.woken)
            net.frameReady.clear();
        sendAudio();
        // A few datagrams at a turn, so a flood of them cannot hold the headphone mix back.
        if (ready.datagram)
            net.socket.receiveWaiting(
                net.datagram, kDatagramsPerTurn,
                [&](std::span<std::uint8_t> bytes, const UdpPeer& from) { receive(bytes, from); });
        const auto now = Clock::now();
        if (now - net.lastKeepUp >= kKeepUpEvery) {
            net.lastKeepUp = now;
            keepUp();
        }
    }
}

void RemoteBoothHost::report(RemoteBoothReport::Kind kind, std::string console, const UdpPeer& peer,
                             std::string reason) {
    network_->reports.push({kind, std::move(console), peer.describe(), std::move(reason)});
}

void RemoteBoothHost::receive(std::span<std::uint8_t> datagram, const UdpPeer& from) {
    Network& net = *network_;
    if (isHandshake(datagram)) {
        handshake(datagram, from);
        return;
    }
    if (datagram.size() < 12 || (datagram[0] >> 6) != 2) {
        ++net.malformed;
        return;
    }
    for (std::size_t i = 0; i < seats_.size(); ++i) {
        Network::Link& link = net.links[i];
        if (!link.srtp || !(link.peer == from))
            continue;
        if (isRtcp(datagram)) {
            control(i, datagram);
            return;
        }
        Seat& seat = *seats_[i];
        std::size_t size = 0;
        switch (link.srtp->unprotectRtp(datagram, size)) {
        case SrtpRefusal::None:
            break;
        case SrtpRefusal::Forged:
            if (!std::exchange(link.forgedRun, true))
                report(RemoteBoothReport::Kind::Forged, seat.console, from,
                       "audio packets that fail authentication");
            ++link.forged;
            return;
        case SrtpRefusal::Replayed:
            return; // a duplicate: the jitter buffer would drop it too
        case SrtpRefusal::Malformed:
            ++net.malformed;
            return;
        }
        link.forgedRun = false;
        const RtpParse parse = parseRtp(datagram.first(size));
        const auto packet = parse.packet
                                ? QueuedPacket::of(*parse.packet, monotonicSeconds(),
                                                   seat.epoch.load(std::memory_order_relaxed))
                                : std::nullopt;
        if (!packet) {
            ++net.malformed;
            return;
        }
        link.lastHeard = Clock::now();
        if (!seat.inbound.push(*packet))
            ++link.droppedWhileStalled; // a full queue: the audio thread stalled
        return;
    }
    // Not a joined console's address: only a join from a console that said hello counts.
    if (isRtcp(datagram))
        for (std::size_t p = 0; p < net.pending.size(); ++p)
            if (net.pending[p].peer == from) {
                std::size_t size = 0;
                const SrtpRefusal refusal = net.pending[p].srtp->unprotectRtcp(datagram, size);
                if (refusal == SrtpRefusal::None) {
                    const ControlParse parse = parseControl(datagram.first(size));
                    if (parse.message)
                        join(net.pending[p].seat, p, *parse.message);
                } else if (refusal == SrtpRefusal::Forged) {
                    const std::size_t seat = net.pending[p].seat;
                    ++net.links[seat].forged;
                    report(RemoteBoothReport::Kind::Forged, seats_[seat]->console, from,
                           "a join that fails authentication: the wrong secret");
                    net.pending.erase(net.pending.begin() + static_cast<std::ptrdiff_t>(p));
                }
                return;
            }
    ++net.strangers;
}

void RemoteBoothHost::handshake(std::span<const std::uint8_t> datagram, const UdpPeer& from) {
    Network& net = *network_;
    const HandshakeParse parse = parseHandshake(datagram);
    if (!parse.message) {
        ++net.malformed;
        return;
    }
    if (const auto* hello = std::get_if<HelloMessage>(&*parse.message))
        answerHello(*hello, from);
    else if (const auto* confirm = std::get_if<ConfirmMessage>(&*parse.message))
        acceptConfirm(*confirm, from);
    else
        ++net.malformed; // host-to-console messages have no business here
}

// A hello gets a challenge and leaves nothing behind: the host's nonce is a cookie
// (JoinCookies), so a flood of hellos from any number of addresses costs no memory, and at
// most kMostChallengesPerSecond key derivations a second.
void RemoteBoothHost::answerHello(const HelloMessage& hello, const UdpPeer& from) {
    Network& net = *network_;
    const auto now = Clock::now();
    if (!net.challenges.take(now))
        return; // the console says hello again soon
    auto refuse = [&](const std::string& reason) {
        net.socket.send(from, serializeHandshake(RefusedMessage{reason}));
        if (net.handshakeReports.take(now))
            report(RemoteBoothReport::Kind::Refused, excerpt(hello.console, 64), from, reason);
    };
    if (hello.version != kRemoteProtocolVersion) {
        refuse("protocol version " + std::to_string(hello.version) +
               " is not spoken here (this host speaks " + std::to_string(kRemoteProtocolVersion) +
               ")");
        return;
    }
    const auto seat = std::find_if(seats_.begin(), seats_.end(),
                                   [&](const auto& s) { return s->console == hello.console; });
    if (seat == seats_.end()) {
        refuse("no remote console \"" + excerpt(hello.console, 64) + "\" in this session");
        return;
    }
    // The same hello again (the challenge was slow, or lost) gets the same cookie within its
    // time slot; a console keyed by an earlier challenge ignores a later one.
    const RemoteNonce hostNonce =
        net.cookies.issue(from.describe(), hello.console, hello.consoleNonce, monotonicSeconds());
    const HostProof proof =
        deriveHostProof((*seat)->secret, hello.console, hello.consoleNonce, hostNonce);
    net.socket.send(from,
                    serializeHandshake(ChallengeMessage{hello.consoleNonce, hostNonce, proof}));
}

// A confirm that carries this host's cookie for its sender and the console's proof: only now
// does the host keep a pending join, keyed for the join that follows.
void RemoteBoothHost::acceptConfirm(const ConfirmMessage& confirm, const UdpPeer& from) {
    Network& net = *network_;
    const auto now = Clock::now();
    const auto seat = std::find_if(seats_.begin(), seats_.end(),
                                   [&](const auto& s) { return s->console == confirm.console; });
    const std::string peer = from.describe();
    if (seat == seats_.end() || !net.cookies.valid(confirm.hostNonce, peer, confirm.console,
                                                   confirm.consoleNonce, monotonicSeconds())) {
        ++net.malformed; // not our cookie, or an old one: the console starts over
        return;
    }
    const auto seatIndex = static_cast<std::size_t>(seat - seats_.begin());
    for (const Network::Pending& p : net.pending)
        if (p.peer == from && p.consoleNonce == confirm.consoleNonce &&
            p.hostNonce == confirm.hostNonce)
            return; // a repeat (the console resends until welcomed)
    if (!net.confirms.take(now))
        return; // the console confirms again soon
    const RemotePathKeys keys = deriveRemotePathKeys((*seat)->secret, confirm.console,
                                                     confirm.consoleNonce, confirm.hostNonce);
    if (!sameProof(keys.consoleProof, confirm.proof)) {
        ++net.links[seatIndex].forged;
        if (net.handshakeReports.take(now))
            report(RemoteBoothReport::Kind::Forged, (*seat)->console, from,
                   "a join that fails authentication: the wrong secret");
        return;
    }
    // One pending join per address; the oldest goes when too many wait (only consoles that
    // know a secret get this far).
    std::erase_if(net.pending, [&](const Network::Pending& p) { return p.peer == from; });
    if (net.pending.size() >= kMostPendingHandshakes)
        net.pending.erase(net.pending.begin());
    net.pending.push_back({seatIndex, from,
                           std::make_unique<SrtpSession>(keys.hostToConsole, keys.consoleToHost),
                           now, confirm.consoleNonce, confirm.hostNonce});
}

void RemoteBoothHost::join(std::size_t index, std::size_t pending, const ControlMessage& message) {
    Network& net = *network_;
    if (!std::holds_alternative<JoinMessage>(message))
        return;
    Seat& seat = *seats_[index];
    Network::Link& link = net.links[index];
    const bool again = link.srtp != nullptr;
    link.srtp = std::move(net.pending[pending].srtp);
    link.peer = net.pending[pending].peer;
    net.pending.erase(net.pending.begin() + static_cast<std::ptrdiff_t>(pending));
    link.ssrc = randomRtpWord();
    link.sender = std::make_unique<RemoteAudioSender>(
        OpusVoiceSettings{net.settings.frameMs, net.settings.bitrateKbps, net.settings.complexity},
        link.ssrc, net.settings.redundancy);
    link.lastKey = 0; // a new console: its sequence starts again
    link.answers.clear();
    for (Network::Link::Delivery& d : link.deliveries)
        d.sentAt = {}; // what it has not acknowledged goes out at once
    link.lastHeard = Clock::now();
    link.stateSentAt = {};
    link.forgedRun = false;
    link.consoleReport = {};
    link.roundTripMs = 0.0;
    link.roundTrips.clear();
    // The headphone mix starts now: nothing of the previous join's is left to send.
    seat.joined.store(false, std::memory_order_release);
    seat.phones.clear();
    seat.epoch.fetch_add(1, std::memory_order_release);
    seat.joined.store(true, std::memory_order_release);
    engine_.press(seat.console, {ConsoleKey::Away, Switch::Off}); // at the console again
    report(RemoteBoothReport::Kind::Joined, seat.console, link.peer,
           again ? "joined again" : "joined");
    sendControl(index, welcome(index));
}

WelcomeMessage RemoteBoothHost::welcome(std::size_t index) const {
    const Network& net = *network_;
    const Seat& seat = *seats_[index];
    WelcomeMessage m;
    m.frameSamples = static_cast<std::uint16_t>(seat.frameSamples);
    m.bitrateKbps = static_cast<std::uint16_t>(net.settings.bitrateKbps);
    m.redundancy = net.settings.redundancy;
    const Session session = engine_.session();
    m.session = session.name;
    for (const LanguageChannel& channel : session.channels)
        m.channels.emplace_back(channel.id, channel.name);
    for (const Booth& booth : session.booths)
        for (const Console& console : booth.consoles)
            if (console.id == seat.console) {
                m.booth = booth.id;
                m.outputs = booth.outputs;
                for (const Console& mate : booth.consoles)
                    if (mate.id != seat.console)
                        m.boothmates.push_back(mate.id);
            }
    return m;
}

void RemoteBoothHost::sendControl(std::size_t index, const ControlMessage& message) {
    Network& net = *network_;
    Network::Link& link = net.links[index];
    if (link.srtp && link.srtp->protectRtcp(serializeControl(message, link.ssrc), net.wire))
        net.socket.send(link.peer, net.wire);
}

void RemoteBoothHost::control(std::size_t index, std::span<std::uint8_t> datagram) {
    Network& net = *network_;
    Network::Link& link = net.links[index];
    Seat& seat = *seats_[index];
    // A console that joins again from the same address: its join is keyed for the new
    // pending session, not the current one.
    const std::vector<std::uint8_t> copy(datagram.begin(), datagram.end());
    std::size_t size = 0;
    const SrtpRefusal refusal = link.srtp->unprotectRtcp(datagram, size);
    if (refusal == SrtpRefusal::Forged) {
        const UdpPeer peer = link.peer;
        for (std::size_t p = 0; p < net.pending.size(); ++p)
            if (net.pending[p].peer == peer) {
                std::vector<std::uint8_t> again = copy;
                if (net.pending[p].srtp->unprotectRtcp(again, size) == SrtpRefusal::None) {
                    if (const ControlParse parse = parseControl(std::span(again).first(size));
                        parse.message)
                        join(net.pending[p].seat, p, *parse.message);
                    return;
                }
            }
        ++link.forged;
        if (!std::exchange(link.forgedRun, true))
            report(RemoteBoothReport::Kind::Forged, seat.console, peer,
                   "control packets that fail authentication");
        return;
    }
    if (refusal != SrtpRefusal::None)
        return;
    const ControlParse parse = parseControl(datagram.first(size));
    if (!parse.message) {
        ++net.malformed;
        return;
    }
    link.lastHeard = Clock::now();
    link.forgedRun = false;
    std::visit(
        [&](const auto& m) {
            using M = std::decay_t<decltype(m)>;
            if constexpr (std::is_same_v<M, JoinMessage>) {
                // The welcome was lost: say it again.
                sendControl(index, welcome(index));
                link.stateSentAt = {};
            } else if constexpr (std::is_same_v<M, KeyMessage>) {
                applyInOrder(index, m.sequence,
                             [&] { return applyRemoteKey(engine_, seat.console, m.key, m.value); });
            } else if constexpr (std::is_same_v<M, PostMessage>) {
                applyInOrder(index, m.sequence, [&] {
                    return postRemoteMessage(engine_.messages(), seat.console, m);
                });
            } else if constexpr (std::is_same_v<M, AckMessage>) { // of a message delivered
                std::erase_if(link.deliveries, [&](const Network::Link::Delivery& d) {
                    return d.message.number == m.sequence;
                });
            } else if constexpr (std::is_same_v<M, PingMessage>) {
                sendControl(index, PongMessage{m.id, m.sentNs, link.hostReport});
            } else if constexpr (std::is_same_v<M, PongMessage>) {
                link.roundTripMs = static_cast<double>(monotonicNanoseconds() - m.sentNs) / 1e6;
                const auto now = Clock::now();
                link.roundTrips.emplace_back(now, link.roundTripMs);
                while (now - link.roundTrips.front().first > std::chrono::seconds(10))
                    link.roundTrips.pop_front();
                link.consoleReport = m.report;
            } else if constexpr (std::is_same_v<M, ByeMessage>) {
                leave(index, "said bye");
            } else {
                ++net.malformed; // host-to-console messages have no business here
            }
        },
        *parse.message);
}

// Keys and messages apply in the order the console made them (mic on, mic off must not end
// on): only the next one is applied; one after a gap is left unanswered, so the console sends
// it again after the one missing. One already applied is answered again as it was.
void RemoteBoothHost::applyInOrder(std::size_t index, std::uint32_t sequence,
                                   const std::function<std::string()>& apply) {
    Network::Link& link = network_->links[index];
    if (sequence == link.lastKey + 1) {
        std::string refusal = apply();
        link.lastKey = sequence;
        sendControl(index, AckMessage{sequence, refusal});
        link.answers.emplace_back(sequence, std::move(refusal));
        if (link.answers.size() > kAnswersKept)
            link.answers.pop_front();
    } else if (sequence <= link.lastKey) {
        const auto answer = std::find_if(link.answers.begin(), link.answers.end(),
                                         [&](const auto& a) { return a.first == sequence; });
        sendControl(index, AckMessage{sequence, answer != link.answers.end() ? answer->second
                                                                             : std::string()});
    }
}

// Messages that reach this console, from the board to the wire, resent until acknowledged.
void RemoteBoothHost::deliverMessages(std::size_t index) {
    Network::Link& link = network_->links[index];
    const MessageBoard& board = engine_.messages();
    if (board.latest() > link.messagesSeen) {
        for (const BoothMessage& m : board.since(link.messagesSeen)) {
            if (board.reaches(m, seats_[index]->console))
                link.deliveries.push_back({deliveryOf(m), {}});
            link.messagesSeen = m.number;
        }
        while (link.deliveries.size() > kMostUndelivered)
            link.deliveries.pop_front(); // away for long: the newest wait
    }
    if (!link.srtp)
        return;
    const auto now = Clock::now();
    for (Network::Link::Delivery& d : link.deliveries)
        if (now - d.sentAt >= kResendDelivery) {
            d.sentAt = now;
            sendControl(index, d.message);
        }
}

// A console that left cannot be on air: its mic goes off, so auto-floor (or the boothmate)
// takes its channel back rather than leaving listeners with silence.
void RemoteBoothHost::leave(std::size_t index, const char* reason) {
    Seat& seat = *seats_[index];
    Network::Link& link = network_->links[index];
    seat.joined.store(false, std::memory_order_release);
    link.srtp.reset();
    {
        // Left as of now, not at the next second's statistics: a reader that sees the
        // departure must not see the path joined after it.
        std::lock_guard lock(network_->mutex);
        network_->stats[index].joined = false;
        network_->stats[index].peer.clear();
    }
    engine_.press(seat.console, {ConsoleKey::Mic, Switch::Off});
    engine_.press(seat.console, {ConsoleKey::Away, Switch::On}); // the boothmate sees it
    report(RemoteBoothReport::Kind::Left, seat.console, link.peer, reason);
}

void RemoteBoothHost::sendAudio() {
    Network& net = *network_;
    for (std::size_t i = 0; i < seats_.size(); ++i) {
        Seat& seat = *seats_[i];
        Network::Link& link = net.links[i];
        if (!link.srtp || !link.sender)
            continue;
        seat.phones.takeFrames([&](std::span<const float> frame) {
            if (link.srtp->protectRtp(link.sender->packetize(frame.data()), net.wire))
                net.socket.send(link.peer, net.wire);
        });
    }
}

void RemoteBoothHost::keepUp() {
    Network& net = *network_;
    const auto now = Clock::now();
    std::erase_if(net.pending,
                  [&](const Network::Pending& p) { return now - p.at > kHandshakeExpiry; });
    const bool statsDue = now - net.lastStats >= std::chrono::seconds(1);
    if (statsDue)
        net.lastStats = now;
    for (std::size_t i = 0; i < seats_.size(); ++i) {
        Seat& seat = *seats_[i];
        Network::Link& link = net.links[i];
        if (link.srtp && now - link.lastHeard > kSilenceTimeout)
            leave(i, "silent for 5 s: gone");
        deliverMessages(i);
        const double frameMs = seat.frameSamples / 48.0;
        if (link.srtp) {
            if (now - link.lastPing >= kPingEvery) {
                link.lastPing = now;
                sendControl(i, PingMessage{++link.pingId, monotonicNanoseconds()});
            }
            StateMessage wanted;
            {
                std::lock_guard lock(net.mutex);
                wanted = net.states[i];
            }
            if (!wanted.sameStateAs(link.lastState) || now - link.stateSentAt >= kStateRefresh) {
                wanted.sequence = ++link.stateSequence;
                link.lastState = wanted;
                link.stateSentAt = now;
                sendControl(i, wanted);
            }
        }
        if (!statsDue)
            continue;
        // The mic's path over the last second, as the audio thread measured it.
        const RemoteAudioReceiver::Stats received = seat.received.read();
        link.hostReport = link.window.next(received, frameMs);
        const double lookaheadMs = link.sender ? link.sender->lookaheadSamples() / 48.0 : 2.5;
        const double blockMs = net.block / 48.0;
        double leastTrip = link.roundTripMs;
        for (const auto& [at, trip] : link.roundTrips)
            leastTrip = std::min(leastTrip, trip);
        // The buffer holds from the earliest arrivals on: the least trip, not the mean, adds
        // to it.
        const double halfTrip = leastTrip / 2.0;
        std::lock_guard lock(net.mutex);
        RemotePathStats& s = net.stats[i];
        s.joined = link.srtp != nullptr;
        s.peer = s.joined ? link.peer.describe() : std::string();
        s.roundTripMs = link.roundTripMs;
        s.fromConsoleMs = halfTrip + frameMs + lookaheadMs +
                          static_cast<double>(link.hostReport.bufferMs) + blockMs;
        s.toConsoleMs = halfTrip + frameMs + lookaheadMs +
                        static_cast<double>(link.consoleReport.bufferMs) + blockMs;
        s.lossFromConsolePercent = static_cast<double>(link.hostReport.lossPercent);
        s.unrecoveredFromConsolePercent = static_cast<double>(link.hostReport.concealPercent);
        s.lossToConsolePercent = static_cast<double>(link.consoleReport.lossPercent);
        s.jitterFromConsoleMs = static_cast<double>(link.hostReport.jitterMs);
        s.bufferFromConsoleMs = static_cast<double>(link.hostReport.bufferMs);
        s.malformed = net.malformed + net.strangers;
        s.forged = link.forged;
        s.skippedFromConsole = received.buffer.skipped;
        s.restartsFromConsole = received.buffer.rebuffered + received.buffer.resynced;
        s.droppedWhileStalled = link.droppedWhileStalled;
    }
}

} // namespace dragoman
