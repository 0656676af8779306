// See RemoteConsoleDesk.h.
#include "RemoteConsoleDesk.h"

#include "control/HardwareKey.h"

#include <algorithm>

namespace dragoman::plugin {

RemoteConsoleDesk::RemoteConsoleDesk(RemoteConsoleClient& client, std::string console)
    : client_(client), console_(std::move(console)) {
    const WelcomeMessage& welcome = client_.welcome();
    session_.name = welcome.session;
    for (const auto& [id, name] : welcome.channels) {
        LanguageChannel channel;
        channel.id = id;
        channel.name = name;
        session_.channels.push_back(channel);
    }
    Booth booth;
    booth.id = welcome.booth.empty() ? std::string("remote") : welcome.booth;
    booth.outputs = welcome.outputs;
    booth.consoles.push_back({console_, 1});
    int seat = 2;
    for (const std::string& mate : welcome.boothmates)
        booth.consoles.push_back({mate, seat++});
    session_.booths.push_back(booth);
    if (!session_.channels.empty())
        session_.floor.language = session_.channels.front().id;
}

void RemoteConsoleDesk::update(const MeterReadings& levels) {
    // This console's mic and phones, as the console view reads them.
    meters_ = levels;
    for (auto* list : {&meters_.inputs, &meters_.outputs})
        for (MeterReading& reading : *list)
            reading.what.id = console_;
    for (const RemoteConsoleEvent& event : client_.takeEvents()) {
        if (event.kind == RemoteConsoleEvent::Kind::MessageRefused)
            messageRefusal_ = event.text;
        if (event.kind == RemoteConsoleEvent::Kind::MessageReceived)
            ++messageChanges_;
    }
    const auto state = client_.state();
    if (!state)
        return;
    state_ = *state;
    ConsoleStatus status;
    status.state.micOn = state_.micOn;
    status.state.waiting = state_.waiting;
    status.state.coughing = state_.coughing;
    status.state.slowDown = state_.slowDown;
    status.state.help = state_.help;
    status.state.handoverRequested = state_.handoverRequested;
    status.state.away = state_.away;
    status.state.boothmate = static_cast<Presence>(state_.boothmate);
    status.state.slot = state_.slot;
    status.shift.turnSeconds = state_.turnSeconds;
    status.shift.daySeconds = state_.daySeconds;
    status.shift.turnLengthSeconds = state_.turnLengthSeconds;
    status.shift.holdsTurn = state_.turnSeconds > 0;
    status.outgoing = state_.outgoing;
    status.hearing = state_.hearing;
    status_.mirrorConsole(console_, status);
    status_.mirrorFloorLanguage(state_.floor);
}

float RemoteConsoleDesk::knob(const std::string&, ConsoleKey key) const {
    const auto it = knobs_.find(key);
    return it == knobs_.end() ? 0.0f : it->second;
}

ListenChoice RemoteConsoleDesk::listening(const std::string&) const {
    return parseListenChoice(state_.listen);
}

// Sent as the hardware key of the same effect (remotebooth/RemoteKeyPress.h); a toggle is
// resolved by the host's engine.
void RemoteConsoleDesk::press(const std::string&, const KeyPress& press) {
    if (const auto* level = std::get_if<Decibels>(&press.argument))
        knobs_[press.key] = level->db;
    const NamedHardwarePress sent = hardwarePressOf(press);
    client_.press(sent.name, sent.value);
}

std::vector<BoothMessage> RemoteConsoleDesk::messagesFor(const std::string&) const {
    std::vector<BoothMessage> shown = client_.messages();
    shown.insert(shown.end(), written_.begin(), written_.end());
    std::stable_sort(shown.begin(), shown.end(), [](const BoothMessage& a, const BoothMessage& b) {
        return a.sentAt < b.sentAt;
    });
    return shown;
}

// Checked here as the host would check the words (the host says the rest: an unknown booth),
// then sent, resent until the host answers.
std::string RemoteConsoleDesk::postMessage(const std::string&, const MessageRecipient& to,
                                           QuickMessage quick, const std::string& text) {
    if (std::string problem = messageContentProblem(quick, text); !problem.empty())
        return problem;
    client_.post(to, quick, text);
    constexpr std::size_t kKept = 64;
    if (written_.size() == kKept)
        written_.erase(written_.begin());
    written_.push_back({.number = 0,
                        .from = console_,
                        .to = to,
                        .quick = quick,
                        .text = text,
                        .sentAt = std::chrono::system_clock::now()});
    ++messageChanges_;
    return {};
}

Problems RemoteConsoleDesk::applySession(const Session&) {
    return {{"session", "a remote console cannot change the host's session"}};
}

} // namespace dragoman::plugin
