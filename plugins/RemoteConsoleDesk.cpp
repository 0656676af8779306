// See RemoteConsoleDesk.h.
#include "RemoteConsoleDesk.h"

namespace dragoman::plugin {

namespace {

// The remote key a console key sends (RemoteKeyPress.h), with its value.
std::pair<std::string, float> remoteKey(ConsoleKey key, float value) {
    switch (key) {
    case ConsoleKey::Mic:
        return {"mic", value};
    case ConsoleKey::MicToggle:
        return {"mic-toggle", 1.0f};
    case ConsoleKey::Cough:
        return {"cough", value};
    case ConsoleKey::Output:
        return {std::string("output-") + static_cast<char>('a' + static_cast<int>(value)), 1.0f};
    case ConsoleKey::HeadphoneVolume:
        return {"volume", value};
    case ConsoleKey::Bass:
        return {"bass", value};
    case ConsoleKey::Treble:
        return {"treble", value};
    case ConsoleKey::Sidetone:
        return {"sidetone", value};
    case ConsoleKey::SlowDown:
        return {"slow-down", value};
    case ConsoleKey::Help:
        return {"help", value};
    case ConsoleKey::Listen:
        break;
    }
    return {"", 0.0f};
}

} // namespace

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
    // Named as the console view reads them: "mic <id>", "phones <id>".
    meters_ = levels;
    for (auto* list : {&meters_.inputs, &meters_.outputs})
        for (MeterReading& reading : *list)
            reading.name += " " + console_;
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
    status.state.slot = state_.slot;
    status.outgoing = state_.outgoing;
    status.hearing = state_.hearing;
    status_.mirrorConsole(console_, status);
    status_.mirrorFloorLanguage(state_.floor);
}

float RemoteConsoleDesk::knob(const std::string&, ConsoleKey key) const {
    const auto it = knobs_.find(key);
    return it == knobs_.end() ? 0.0f : it->second;
}

ListenSource::Kind RemoteConsoleDesk::listenKind(const std::string&) const {
    return state_.listen == "floor"  ? ListenSource::Kind::Floor
           : state_.listen == "auto" ? ListenSource::Kind::AutoRelay
                                     : ListenSource::Kind::Channel;
}

std::string RemoteConsoleDesk::listenChannel(const std::string&) const {
    return listenKind(console_) == ListenSource::Kind::Channel ? state_.listen : std::string();
}

void RemoteConsoleDesk::press(const std::string&, ConsoleKey key, float value) {
    const auto [name, sent] = remoteKey(key, value);
    if (name.empty())
        return;
    if (key == ConsoleKey::HeadphoneVolume || key == ConsoleKey::Bass ||
        key == ConsoleKey::Treble || key == ConsoleKey::Sidetone)
        knobs_[key] = value;
    client_.press(name, sent);
}

void RemoteConsoleDesk::listen(const std::string&, ListenSource::Kind kind,
                               const std::string& channel) {
    client_.press(kind == ListenSource::Kind::Floor       ? "listen-floor"
                  : kind == ListenSource::Kind::AutoRelay ? "listen-auto"
                                                          : "listen-" + channel,
                  1.0f);
}

Problems RemoteConsoleDesk::applySession(const Session&) {
    return {{"session", "a remote console cannot change the host's session"}};
}

} // namespace dragoman::plugin
