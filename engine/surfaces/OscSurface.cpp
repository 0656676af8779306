// See OscSurface.h.
#include "OscSurface.h"

#include "control/HardwareKey.h"
#include "dsp/Decibels.h"

#include <algorithm>
#include <cmath>
#include <ctime>
#include <limits>
#include <optional>

namespace dragoman {
namespace {

constexpr const char* kPrefix = "/dragoman/";
constexpr std::size_t kMaxSubscribers = 32;

std::optional<float> numberAt(const OscMessage& message, std::size_t index) {
    if (index >= message.arguments.size())
        return std::nullopt;
    if (const auto* i = std::get_if<std::int32_t>(&message.arguments[index]))
        return static_cast<float>(*i);
    if (const auto* f = std::get_if<float>(&message.arguments[index]))
        return *f;
    return std::nullopt;
}

std::optional<std::string> stringAt(const OscMessage& message, std::size_t index) {
    if (index >= message.arguments.size())
        return std::nullopt;
    if (const auto* s = std::get_if<std::string>(&message.arguments[index]))
        return *s;
    return std::nullopt;
}

std::vector<std::string> split(const std::string& address) {
    std::vector<std::string> parts;
    std::size_t start = 1;
    while (start <= address.size()) {
        const std::size_t end = std::min(address.find('/', start), address.size());
        parts.push_back(address.substr(start, end - start));
        start = end + 1;
    }
    return parts;
}

// The press a message to /dragoman/console/ID/<key> makes: the vocabulary's keys
// (control/KeyPress.h), output and listen with a string, the others with a number (a switch
// 1 or 0); mic-toggle is the mic key toggled.
KeyPressParse oscKeyPress(const std::string& key, const OscMessage& message) {
    if (key == "mic-toggle")
        return {KeyPress{ConsoleKey::Mic, Switch::Toggle}, {}};
    const auto consoleKey = consoleKeyNamed(key);
    if (!consoleKey)
        return {std::nullopt, "unknown console key \"" + key + "\""};
    const ArgumentKind kind = argumentKind(*consoleKey);
    if (kind == ArgumentKind::Slot || kind == ArgumentKind::Listen) {
        if (const auto text = stringAt(message, 0))
            return parseKeyPress(*consoleKey, *text);
    } else if (const auto number = numberAt(message, 0)) {
        return keyPressFromNumber(*consoleKey, *number);
    }
    return {std::nullopt, kind == ArgumentKind::Switch ? "expects 1 (on) or 0 (off)"
                                                       : expectedArgument(*consoleKey)};
}

std::int32_t flag(bool on) {
    return on ? 1 : 0;
}

// UTC to the second: "2026-12-03T09:01:02Z".
std::string utcSeconds(std::chrono::system_clock::time_point when) {
    const std::time_t t = std::chrono::system_clock::to_time_t(when);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return text;
}

// /dragoman/message/posted NUMBER FROM TO QUICK TEXT WORDS TIME
OscMessage postedMessage(const BoothMessage& m) {
    return {"/dragoman/message/posted",
            {static_cast<std::int32_t>(m.number), m.from, recipientText(m.to),
             std::string(quickMessageName(m.quick)), m.text, m.words(), utcSeconds(m.sentAt)}};
}

} // namespace

OscSurface::OscSurface(const OscSettings& settings)
    : socket_(settings.address, settings.port), peers_(settings.peers) {}

void OscSurface::poll(std::chrono::milliseconds timeout, SurfaceTarget& target) {
    auto datagram = socket_.receive(timeout);
    while (datagram) {
        if (!peers_.allows(datagram->from)) {
            ++ignoredPackets_; // not in the session's osc.peers: no answer at all
            datagram = socket_.receive(std::chrono::milliseconds(0));
            continue;
        }
        const OscDecoded decoded = decodeOscPacket(datagram->bytes);
        if (!decoded.error.empty()) {
            // A packet that is not entirely OSC is refused whole: nothing in it acts.
            send(datagram->from,
                 {"/dragoman/error", {std::string(), "malformed OSC packet: " + decoded.error}});
        } else if (decoded.messages.size() > kMostMessagesPerPacket) {
            // One answer, not one per message: a bundle is no amplifier either.
            send(datagram->from,
                 {"/dragoman/error",
                  {std::string(), "a packet of " + std::to_string(decoded.messages.size()) +
                                      " messages; at most " +
                                      std::to_string(kMostMessagesPerPacket) + " act"}});
        } else {
            for (const OscMessage& message : decoded.messages)
                handle(message, datagram->from, target);
        }
        datagram = socket_.receive(std::chrono::milliseconds(0));
    }
}

void OscSurface::handle(const OscMessage& message, const UdpPeer& from, SurfaceTarget& target) {
    const std::string error = command(message, from, target);
    if (error.empty())
        send(from, {"/dragoman/ok", {message.address}});
    else
        send(from, {"/dragoman/error", {message.address, error}});
}

std::string OscSurface::command(const OscMessage& message, const UdpPeer& from,
                                SurfaceTarget& target) {
    if (!message.address.starts_with(kPrefix))
        return "unknown address (Dragoman's addresses start with /dragoman/)";
    const std::vector<std::string> parts = split(message.address);
    const std::size_t n = parts.size();
    if (n == 4 && parts[1] == "console")
        return consoleCommand(parts[2], parts[3], message, target);
    if (n == 3 && parts[1] == "floor" && parts[2] == "language") {
        const auto language = stringAt(message, 0);
        if (!language)
            return "expects the language channel's id (a string)";
        if (!target.engine.knowsChannel(*language))
            return "unknown language channel \"" + *language + "\"";
        return target.engine.setFloorLanguage(*language).why("", *language);
    }
    if (n == 2 && parts[1] == "state") {
        const StateMap state = stateOf(target);
        for (const auto& [address, value] : state)
            send(from, {address, {value}});
        send(from, {"/dragoman/state/end", {static_cast<std::int32_t>(state.size())}});
        return {};
    }
    if (n == 2 && (parts[1] == "message" || parts[1] == "quick"))
        return postMessage(message, parts[1] == "quick", target);
    if (n == 2 && parts[1] == "messages") {
        const auto after = numberAt(message, 0);
        if (!after || *after < 0.0f)
            return "expects the number of the last message seen (0 for all kept)";
        const std::vector<BoothMessage> kept =
            target.engine.messages().since(static_cast<std::uint64_t>(*after));
        for (const BoothMessage& m : kept)
            send(from, postedMessage(m));
        send(from, {"/dragoman/messages/end", {static_cast<std::int32_t>(kept.size())}});
        return {};
    }
    if (n == 2 && (parts[1] == "subscribe" || parts[1] == "unsubscribe"))
        return subscribe(message, from, parts[1] == "subscribe", target);
    if (n == 3 && parts[1] == "session" && parts[2] == "load") {
        const auto file = stringAt(message, 0);
        if (!file)
            return "expects a session file's path (a string)";
        const Problems problems = target.loadSessionFile(*file);
        if (problems.empty())
            return {};
        std::string text = *file + " not loaded, the running session stays:";
        for (const Problem& problem : problems)
            text += " " + problem.describe() + ";";
        text.pop_back();
        return text;
    }
    if (n == 3 && parts[1] == "midi" && parts[2] == "learn") {
        const auto device = stringAt(message, 0), console = stringAt(message, 1),
                   key = stringAt(message, 2);
        if (!device || !console || !key)
            return "expects the MIDI device, the console and the key (three strings)";
        const Session session = target.engine.session();
        if (std::none_of(session.midi.begin(), session.midi.end(),
                         [&device](const MidiController& c) { return c.device == *device; }))
            return "no MIDI controller \"" + *device + "\" in the session's \"midi\" section";
        if (!target.engine.knowsConsole(*console))
            return "unknown console \"" + *console + "\"";
        const auto action = hardwareKeyAction(*key);
        if (!action || (!channelOf(action->press).empty() &&
                        !target.engine.knowsChannel(channelOf(action->press))))
            return "unknown key \"" + *key + "\"";
        if (!target.midiLearn)
            return "MIDI learn is not available here";
        target.midiLearn(*device, *console, *key);
        learnRequester_ = from;
        return {};
    }
    if (n == 2 && parts[1] == "ping") {
        send(from, {"/dragoman/pong", {}});
        return {};
    }
    return "unknown address";
}

std::string OscSurface::consoleCommand(const std::string& console, const std::string& key,
                                       const OscMessage& message, SurfaceTarget& target) {
    // Checked first, so that an unknown console is named whatever its arguments; the session is
    // not copied for it (a key a second from every surface).
    Engine& engine = target.engine;
    if (!engine.knowsConsole(console))
        return "unknown console \"" + console + "\"";
    const KeyPressParse parsed = oscKeyPress(key, message);
    if (!parsed.press)
        return parsed.problem;
    return engine.press(console, *parsed.press).why(console, channelOf(*parsed.press));
}

std::string OscSurface::subscribe(const OscMessage& message, const UdpPeer& from, bool on,
                                  const SurfaceTarget& target) {
    const auto what = stringAt(message, 0);
    if (!what ||
        (*what != "state" && *what != "signals" && *what != "meters" && *what != "messages"))
        return "expects \"state\", \"signals\", \"messages\" or \"meters\"";
    auto it = std::find_if(subscribers_.begin(), subscribers_.end(),
                           [&from](const Subscriber& s) { return s.peer == from; });
    if (it == subscribers_.end()) {
        if (!on)
            return {};
        if (subscribers_.size() == kMaxSubscribers)
            subscribers_.erase(subscribers_.begin()); // the oldest gives way
        subscribers_.push_back({from});
        it = subscribers_.end() - 1;
    }
    if (*what == "meters") {
        if (const auto seconds = numberAt(message, 1)) {
            if (*seconds < 0.02f || *seconds > 5.0f)
                return "the meter interval is 0.02 to 5 seconds";
            meterInterval_ = std::chrono::milliseconds(static_cast<int>(*seconds * 1000.0f));
        }
        it->meters = on;
    } else if (*what == "signals") {
        it->signals = on;
    } else if (*what == "messages") {
        it->messages = on; // from the next one on (`/dragoman/messages` reads the past)
    } else {
        it->state = on;
        if (on) // the whole state once, then changes
            for (const auto& [address, value] : stateOf(target))
                send(from, {address, {value}});
    }
    if (!it->state && !it->signals && !it->meters && !it->messages)
        subscribers_.erase(it);
    // Changes are what differs from this (which existing subscribers already have: the status
    // has not moved since the last publish).
    lastState_ = stateOf(target);
    return {};
}

OscSurface::StateMap OscSurface::stateOf(const SurfaceTarget& target) {
    StateMap state;
    const Engine& engine = target.engine;
    for (const auto& [id, console] : target.status.consoles()) {
        const std::string at = "/dragoman/console/" + id + "/";
        const ConsoleState& s = console.state;
        state[at + "mic"] = flag(s.micOn);
        state[at + "waiting"] = flag(s.waiting);
        state[at + "cough"] = flag(s.coughing);
        state[at + "talkback"] = flag(s.talkback);
        state[at + "slow-down"] = flag(s.slowDown);
        state[at + "help"] = flag(s.help);
        state[at + "presence"] = std::string(presenceName(presenceOf(s)));
        state[at + "boothmate"] = s.boothmate == Presence::None
                                      ? std::string("none")
                                      : std::string(presenceName(s.boothmate));
        // Whole seconds: the shift timer as the consoles show it (turn 0: a boothmate's turn).
        state[at + "turn-s"] = static_cast<std::int32_t>(console.shift.turnSeconds);
        state[at + "day-s"] = static_cast<std::int32_t>(console.shift.daySeconds);
        state[at + "output"] = std::string(1, static_cast<char>('a' + s.slot));
        state[at + "outgoing"] = console.outgoing;
        state[at + "listen"] =
            formatListenChoice({s.listen.kind, engine.languageId(s.listen.channel)});
        state[at + "hearing"] = console.hearing.empty() ? std::string("floor") : console.hearing;
    }
    for (const auto& [id, channel] : target.status.channels()) {
        state["/dragoman/channel/" + id + "/interpreter"] = channel.interpreter;
        state["/dragoman/channel/" + id + "/quality"] =
            std::string(relayQualityName(channel.quality));
    }
    state["/dragoman/floor/language"] = target.status.floorLanguage();
    if (target.remotePaths)
        for (const RemotePathStats& p : target.remotePaths()) {
            const std::string at = "/dragoman/remote-console/" + p.console + "/";
            // Tenths of a millisecond and a percent: finer is noise, and would send a change
            // to subscribers every second.
            auto tenths = [](double v) { return static_cast<float>(std::round(v * 10.0) / 10.0); };
            state[at + "joined"] = flag(p.joined);
            state[at + "peer"] = p.peer;
            state[at + "rtt-ms"] = tenths(p.roundTripMs);
            state[at + "to-console-ms"] = tenths(p.toConsoleMs);
            state[at + "from-console-ms"] = tenths(p.fromConsoleMs);
            state[at + "loss-to-console-pct"] = tenths(p.lossToConsolePercent);
            state[at + "loss-from-console-pct"] = tenths(p.lossFromConsolePercent);
            state[at + "forged"] = static_cast<std::int32_t>(p.forged);
        }
    if (target.webListeners)
        for (const auto& [signal, count] : target.webListeners())
            state["/dragoman/web-listeners/" + signal] = static_cast<std::int32_t>(count);
    if (target.floorQuality)
        if (const std::optional<FloorQualityReading> q = target.floorQuality()) {
            const std::string wrong = describeProblems(*q);
            state["/dragoman/floor/quality"] = !wrong.empty() ? wrong
                                               : q->judged    ? "good"
                                                              : "no speech to judge";
        }
    if (target.meetingFloor)
        if (const std::optional<MeetingFloorStats> m = target.meetingFloor()) {
            state["/dragoman/meeting/floor"] = static_cast<std::int32_t>(m->hearing ? 1 : 0);
            state["/dragoman/meeting/received"] = static_cast<std::int32_t>(m->received);
            state["/dragoman/meeting/lost"] = static_cast<std::int32_t>(m->lost);
            // Whole milliseconds: finer would send subscribers a change every second.
            state["/dragoman/meeting/jitter-ms"] = static_cast<float>(std::round(m->jitterMs));
            state["/dragoman/meeting/buffer-ms"] = static_cast<float>(std::round(m->bufferMs));
        }
    return state;
}

std::string OscSurface::postMessage(const OscMessage& message, bool quick, SurfaceTarget& target) {
    const auto from = stringAt(message, 0), to = stringAt(message, 1), third = stringAt(message, 2);
    const auto detail = stringAt(message, 3);
    if (!from || !to || !third || (message.arguments.size() > 3 && (!quick || !detail)))
        return quick ? "expects the sender (a console or \"technician\"), the recipient, the "
                       "quick message and optionally its detail (strings)"
                     : "expects the sender (a console or \"technician\"), the recipient and the "
                       "text (three strings)";
    const RecipientParse recipient = parseRecipient(*to);
    if (!recipient.recipient)
        return "to: " + recipient.error;
    QuickMessage kind = QuickMessage::None;
    if (quick) {
        const auto parsed = parseQuickMessage(*third);
        if (!parsed)
            return "quick: unknown quick message \"" + third->substr(0, 40) +
                   "\" (slow-down, louder, next-speaker, take-over-soon, floor-sound-bad, help)";
        kind = *parsed;
    }
    const PostedMessage posted = target.engine.messages().post(
        *from, *recipient.recipient, kind, quick ? detail.value_or("") : *third);
    return posted.refusal;
}

void OscSurface::publishMessages(const SurfaceTarget& target) {
    const MessageBoard& board = target.engine.messages();
    const bool wanted = std::any_of(subscribers_.begin(), subscribers_.end(),
                                    [](const Subscriber& s) { return s.messages; });
    if (!wanted || board.latest() == messagesSent_) {
        messagesSent_ = board.latest();
        return;
    }
    for (const BoothMessage& m : board.since(messagesSent_)) {
        const OscMessage posted = postedMessage(m);
        for (const Subscriber& s : subscribers_)
            if (s.messages)
                send(s.peer, posted);
        messagesSent_ = m.number;
    }
}

void OscSurface::publish(const SurfaceTarget& target, const std::vector<EngineEvent>& events) {
    if (subscribers_.empty()) {
        lastState_.clear();
        return;
    }
    StateMap state = stateOf(target);
    for (const auto& [address, value] : state) {
        const auto before = lastState_.find(address);
        if (before != lastState_.end() && before->second == value)
            continue;
        const bool signal = address.ends_with("/slow-down") || address.ends_with("/help");
        for (const Subscriber& s : subscribers_) {
            if (s.state)
                send(s.peer, {address, {value}});
            if (s.signals && signal && before != lastState_.end()) {
                // /dragoman/console/ID/KEY -> /dragoman/signal ID KEY ON
                const std::vector<std::string> parts = split(address);
                send(s.peer, {"/dragoman/signal", {parts[2], parts[3], value}});
            }
        }
    }
    lastState_ = std::move(state);
    for (const EngineEvent& event : events)
        if (const auto* refused = std::get_if<KeyRefused>(&event)) {
            const OscMessage message{"/dragoman/refused",
                                     {target.engine.consoleId(refused->console),
                                      std::string(keyName(refused->key)),
                                      std::string(refusalReasonName(refused->reason)),
                                      target.engine.consoleId(refused->holder)}};
            for (const Subscriber& s : subscribers_)
                if (s.state || s.signals)
                    send(s.peer, message);
        }
}

void OscSurface::publishMeters(const MeterReadings& meters,
                               const std::vector<ProgramReading>& programs) {
    const bool wanted = std::any_of(subscribers_.begin(), subscribers_.end(),
                                    [](const Subscriber& s) { return s.meters; });
    if (!wanted)
        return;
    for (const auto* list : {&meters.inputs, &meters.outputs})
        for (const MeterReading& reading : *list) {
            LevelReading& held = meterHold_[reading.label()];
            held.peak = std::max(held.peak, reading.level.peak);
            held.rms = std::max(held.rms, reading.level.rms);
            if (reading.nonFiniteSamples > 0)
                nonFiniteHold_[reading.label()] += reading.nonFiniteSamples;
        }
    hearingHold_ = meters.hearing; // current values, not sums: the latest is the one to send
    programHold_ = programs;
    const auto now = std::chrono::steady_clock::now();
    if (now - lastMeters_ < meterInterval_)
        return;
    lastMeters_ = now;
    for (const auto& [name, level] : meterHold_) {
        const OscMessage message{"/dragoman/meter",
                                 {name, gainToDb(level.peak), gainToDb(level.rms)}};
        for (const Subscriber& s : subscribers_)
            if (s.meters)
                send(s.peer, message);
    }
    meterHold_.clear();
    for (const HearingReading& h : hearingHold_) {
        const OscMessage message{"/dragoman/hearing",
                                 {h.console, static_cast<float>(h.minuteDbSpl),
                                  static_cast<float>(h.dose * 100.0),
                                  static_cast<std::int32_t>(h.sustainedTier ? 94 : 100)}};
        for (const Subscriber& s : subscribers_)
            if (s.meters)
                send(s.peer, message);
    }
    for (const auto& [name, count] : nonFiniteHold_) {
        const auto clamped = static_cast<std::int32_t>(
            std::min<std::uint64_t>(count, std::numeric_limits<std::int32_t>::max()));
        const OscMessage message{"/dragoman/input/non-finite", {name, clamped}};
        for (const Subscriber& s : subscribers_)
            if (s.meters)
                send(s.peer, message);
    }
    nonFiniteHold_.clear();
    const auto lufs = [](double value) { return static_cast<float>(std::max(value, -70.0)); };
    for (const ProgramReading& p : programHold_) {
        const OscMessage message{"/dragoman/loudness",
                                 {p.channel, lufs(p.momentaryLufs), lufs(p.shortTermLufs),
                                  lufs(p.integratedLufs), lufs(p.truePeakDbtp),
                                  static_cast<float>(p.gainDb)}};
        for (const Subscriber& s : subscribers_)
            if (s.meters)
                send(s.peer, message);
    }
}

void OscSurface::midiLearnt(const std::string& device, const MidiKey& key,
                            const std::string& savedIn) {
    if (!learnRequester_)
        return;
    send(*learnRequester_, {"/dragoman/midi/learnt",
                            {device, key.console, key.key,
                             std::string(key.message == MidiKey::Message::Note ? "note" : "cc"),
                             static_cast<std::int32_t>(key.number),
                             static_cast<std::int32_t>(key.channel), savedIn}});
    learnRequester_.reset();
}

void OscSurface::send(const UdpPeer& to, const OscMessage& message) {
    const std::vector<std::uint8_t> bytes = encodeOscMessage(message);
    if (!spend(to, bytes.size())) {
        ++droppedReplies_;
        return;
    }
    repliedBytes_ += bytes.size();
    socket_.send(to, bytes);
}

bool OscSurface::spend(const UdpPeer& to, std::size_t bytes) {
    // The address alone: a forger may use any number of ports.
    const std::span<const std::uint8_t> host = to.hostBytes();
    const std::string key(host.begin(), host.end());
    if (replyBudgets_.size() > 4096 && !replyBudgets_.contains(key))
        replyBudgets_.clear(); // a flood of addresses: start over rather than grow
    TokenBucket& budget = replyBudgets_.try_emplace(key, kMostReplyBytesPerSecond).first->second;
    return budget.take(TokenBucket::Clock::now(), static_cast<double>(bytes));
}

} // namespace dragoman
