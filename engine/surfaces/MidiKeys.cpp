// See MidiKeys.h.
#include "MidiKeys.h"

#include "MidiMessage.h"

#include <map>
#include <rtmidi/RtMidi.h>
#include <utility>

namespace dragoman {
namespace {

constexpr const char* kClientName = "dragoman-midi";
constexpr auto kScanInterval = std::chrono::seconds(2);

// A port by a part of its name, on any MIDI system RtMidi was built with (ALSA on a studio PC,
// JACK where jackd runs, as on the test machines).
template <typename Port>
std::unique_ptr<Port> openPortContaining(const std::string& device, const std::string& ours,
                                         std::string& opened) {
    std::vector<RtMidi::Api> apis;
    RtMidi::getCompiledApi(apis);
    for (const RtMidi::Api api : apis) {
        if (api == RtMidi::RTMIDI_DUMMY)
            continue;
        try {
            auto port = std::make_unique<Port>(api, kClientName);
            port->setErrorCallback([](RtMidiError::Type, const std::string&, void*) {});
            for (unsigned int i = 0; i < port->getPortCount(); ++i) {
                const std::string name = port->getPortName(i);
                if (name.find(device) != std::string::npos &&
                    name.find(kClientName) == std::string::npos) {
                    port->openPort(i, ours);
                    opened = name;
                    return port;
                }
            }
        } catch (const RtMidiError&) {
            // this MIDI system is not available here
        }
    }
    return nullptr;
}

template <typename Port> bool portStillThere(Port& port, const std::string& name) {
    try {
        for (unsigned int i = 0; i < port.getPortCount(); ++i)
            if (port.getPortName(i) == name)
                return true;
    } catch (const RtMidiError&) {
    }
    return false;
}

// The press a note or control sends, if any. Toggles are sent as toggles: the engine flips
// them against its own state, so two quick presses flip twice.
std::optional<KeyPress> pressFor(const HardwareKeyAction& action, const MidiMessage& message) {
    using Kind = HardwareKeyAction::Kind;
    switch (action.kind) {
    case Kind::Held:
        return KeyPress{action.press.key, message.down() ? Switch::On : Switch::Off};
    case Kind::Toggle:
    case Kind::Select:
        return message.down() ? std::optional(action.press) : std::nullopt;
    case Kind::Level:
        break;
    }
    if (message.kind != MidiKey::Message::ControlChange)
        return std::nullopt;
    const LevelRange range = levelRange(action.press.key);
    return KeyPress{action.press.key,
                    Decibels{range.minDb + (range.maxDb - range.minDb) *
                                               static_cast<float>(message.value) / 127.0f}};
}

// A key's light: full when what it does is on or selected, half for a mic that waits (or
// whose channel another booth holds), nothing for a level control.
std::optional<int> lightFor(const HardwareKeyAction& action, const ConsoleStatus& console,
                            const std::string& consoleId, const Engine& engine,
                            const SessionStatus& status) {
    const ConsoleState& s = console.state;
    const auto lit = [](bool on) { return on ? 127 : 0; };
    switch (action.press.key) {
    case ConsoleKey::Mic: {
        const ChannelStatus* channel = status.channel(console.outgoing);
        const bool busy = channel != nullptr && !channel->interpreter.empty() &&
                          channel->interpreter != consoleId;
        const bool asked = s.boothmate == Presence::Requested; // press to take over
        return s.micOn ? 127 : (s.waiting || busy || asked) ? 64 : 0;
    }
    case ConsoleKey::Cough:
        return lit(s.coughing);
    case ConsoleKey::SlowDown:
        return lit(s.slowDown);
    case ConsoleKey::Help:
        return lit(s.help);
    case ConsoleKey::HandoverRequest:
        return lit(s.handoverRequested);
    case ConsoleKey::Away:
        return lit(s.away);
    case ConsoleKey::Output:
        return lit(s.slot ==
                   static_cast<std::uint8_t>(std::get<OutputSlot>(action.press.argument)));
    case ConsoleKey::Listen: {
        const auto& choice = std::get<ListenChoice>(action.press.argument);
        return lit(s.listen.kind == choice.kind &&
                   (choice.kind != ListenSource::Kind::Channel ||
                    engine.languageId(s.listen.channel) == choice.channel));
    }
    default:
        return std::nullopt;
    }
}

} // namespace

struct MidiKeys::Controller {
    MidiController config;
    std::unique_ptr<RtMidiIn> in;
    std::unique_ptr<RtMidiOut> out;
    std::string inName, outName;
    RealtimeQueue<RawMidi> received{1024};
    std::map<std::size_t, int> lights; // key index -> value last sent

    // RtMidi's input thread (JACK's process thread with the JACK API): no locks, no allocation.
    static void onMessage(double, std::vector<unsigned char>* message, void* self) {
        if (message == nullptr || message->size() > 3)
            return; // not a note or control (SysEx...): decodeMidiMessage would refuse it
        RawMidi raw;
        raw.size = static_cast<std::uint8_t>(message->size());
        for (std::size_t i = 0; i < message->size(); ++i)
            raw.bytes[i] = (*message)[i];
        static_cast<Controller*>(self)->received.push(raw);
    }
};

MidiKeys::MidiKeys(const std::vector<MidiController>& controllers) {
    configure(controllers);
}

MidiKeys::~MidiKeys() = default;

void MidiKeys::configure(const std::vector<MidiController>& controllers) {
    std::vector<std::unique_ptr<Controller>> next;
    for (const MidiController& config : controllers) {
        std::unique_ptr<Controller> controller;
        for (auto& existing : controllers_)
            if (existing && existing->config.device == config.device)
                controller = std::move(existing);
        if (!controller)
            controller = std::make_unique<Controller>();
        controller->config = config;
        controller->lights.clear(); // the keys may have moved: light them afresh
        next.push_back(std::move(controller));
    }
    controllers_ = std::move(next);
}

void MidiKeys::learn(const std::string& device, const std::string& console,
                     const std::string& key) {
    MidiKey binding;
    binding.console = console;
    binding.key = key;
    learning_ = std::pair{device, binding};
}

std::optional<std::pair<std::size_t, MidiKey>> MidiKeys::takeLearnt() {
    return std::exchange(learnt_, std::nullopt);
}

std::vector<MidiPortChange> MidiKeys::service(Engine& engine, const SessionStatus& status) {
    std::vector<MidiPortChange> changes;
    const auto now = std::chrono::steady_clock::now();
    if (now - lastScan_ >= kScanInterval) {
        lastScan_ = now;
        scanPorts(changes);
    }
    for (std::size_t index = 0; index < controllers_.size(); ++index) {
        readKeys(index, engine);
        if (controllers_[index]->out)
            sendLights(*controllers_[index], engine, status);
    }
    return changes;
}

void MidiKeys::scanPorts(std::vector<MidiPortChange>& changes) {
    for (auto& c : controllers_) {
        if (c->in && !portStillThere(*c->in, c->inName)) {
            changes.push_back(
                {MidiPortChange::Kind::Lost, c->config.device, c->inName, c->outName});
            c->in.reset();
            c->out.reset();
        }
        if (!c->in) {
            c->in = openPortContaining<RtMidiIn>(c->config.device, "keys", c->inName);
            if (c->in) {
                c->in->ignoreTypes(true, true, true);
                c->in->setCallback(&Controller::onMessage, c.get());
                c->out = openPortContaining<RtMidiOut>(c->config.device, "lights", c->outName);
                c->lights.clear();
                changes.push_back({MidiPortChange::Kind::Found, c->config.device, c->inName,
                                   c->out ? c->outName : std::string()});
            }
        }
    }
}

void MidiKeys::readKeys(std::size_t index, Engine& engine) {
    Controller& c = *controllers_[index];
    RawMidi raw;
    while (c.received.pop(raw)) {
        const auto d = decodeMidiMessage(std::span(raw.bytes.data(), raw.size));
        if (!d)
            continue; // not a note or control: ignored
        if (learning_ && c.config.device.find(learning_->first) != std::string::npos &&
            (d->kind == MidiKey::Message::ControlChange || d->value > 0)) {
            MidiKey binding = learning_->second;
            binding.message = d->kind;
            binding.number = d->number;
            binding.channel = d->channel;
            learnt_ = std::pair{index, binding};
            learning_.reset();
            c.config.keys.push_back(binding);
            continue;
        }
        for (const MidiKey& key : c.config.keys) {
            if (key.message != d->kind || key.number != d->number ||
                (key.channel != 0 && key.channel != d->channel))
                continue;
            if (const auto action = hardwareKeyAction(key.key))
                if (const auto press = pressFor(*action, *d))
                    engine.press(key.console, *press);
        }
    }
}

void MidiKeys::sendLights(Controller& c, const Engine& engine, const SessionStatus& status) {
    for (std::size_t k = 0; k < c.config.keys.size(); ++k) {
        const MidiKey& key = c.config.keys[k];
        const auto action = hardwareKeyAction(key.key);
        const ConsoleStatus* console = status.console(key.console);
        if (!action || console == nullptr)
            continue;
        const auto light = lightFor(*action, *console, key.console, engine, status);
        if (!light)
            continue;
        const auto sent = c.lights.find(k);
        if (sent != c.lights.end() && sent->second == *light)
            continue;
        c.lights[k] = *light;
        const auto channel = static_cast<unsigned char>((key.channel == 0 ? 1 : key.channel) - 1);
        std::vector<unsigned char> message{
            static_cast<unsigned char>((key.message == MidiKey::Message::Note ? 0x90 : 0xB0) |
                                       channel),
            static_cast<unsigned char>(key.number), static_cast<unsigned char>(*light)};
        try {
            c.out->sendMessage(&message);
        } catch (const RtMidiError&) {
            c.lights.erase(k); // try again next time
        }
    }
}

} // namespace dragoman
