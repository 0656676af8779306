// See ProcessorDesk.h.
#include "ProcessorDesk.h"

#include <cmath>

namespace dragoman::plugin {

float ProcessorDesk::value(const std::string& console, ParameterKey key) const {
    const auto* raw = processor_.parameters().getRawParameterValue(parameterId(console, key));
    return raw != nullptr ? raw->load() : 0.0f;
}

float ProcessorDesk::knob(const std::string& console, ConsoleKey key) const {
    const auto parameter = parameterKeyOf(key);
    return parameter ? value(console, *parameter) : 0.0f;
}

int ProcessorDesk::listenChoice(const std::string& console) const {
    return static_cast<int>(std::lround(value(console, ParameterKey::Listen)));
}

ListenSource::Kind ProcessorDesk::listenKind(const std::string& console) const {
    const int choice = listenChoice(console);
    return choice == 0   ? ListenSource::Kind::AutoRelay
           : choice == 1 ? ListenSource::Kind::Floor
                         : ListenSource::Kind::Channel;
}

std::string ProcessorDesk::listenChannel(const std::string& console) const {
    const auto index = static_cast<std::size_t>(std::max(0, listenChoice(console) - 2));
    const auto& channels = processor_.session().channels;
    return listenKind(console) == ListenSource::Kind::Channel && index < channels.size()
               ? channels[index].id
               : std::string();
}

void ProcessorDesk::press(const std::string& console, ConsoleKey key, float keyValue) {
    // Consoles added after the plugin was created have no parameters: their keys go to the
    // engine directly (and are not recorded by the host).
    if (processor_.parameters().getParameter(parameterId(console, ParameterKey::Mic)) == nullptr) {
        processor_.engine().press(console, key, keyValue);
        return;
    }
    if (key == ConsoleKey::MicToggle) {
        const bool down = value(console, ParameterKey::Mic) >= 0.5f;
        processor_.pressKey(console, ParameterKey::Mic, down ? 0.0f : 1.0f);
    } else if (const auto parameter = parameterKeyOf(key)) {
        processor_.pressKey(console, *parameter, keyValue);
    }
}

void ProcessorDesk::listen(const std::string& console, ListenSource::Kind kind,
                           const std::string& channel) {
    if (processor_.parameters().getParameter(parameterId(console, ParameterKey::Listen)) ==
        nullptr) {
        processor_.engine().listen(console, kind, channel);
        return;
    }
    float choice = kind == ListenSource::Kind::AutoRelay ? 0.0f : 1.0f;
    const auto& channels = processor_.session().channels;
    for (std::size_t i = 0; i < channels.size(); ++i)
        if (kind == ListenSource::Kind::Channel && channels[i].id == channel)
            choice = static_cast<float>(i + 2);
    processor_.pressKey(console, ParameterKey::Listen, choice);
}

void ProcessorDesk::setFloorLanguage(const std::string& language) {
    processor_.engine().setFloorLanguage(language);
}

} // namespace dragoman::plugin
