// See ProcessorDesk.h.
#include "ProcessorDesk.h"

#include <algorithm>
#include <cmath>

namespace dragoman::plugin {

float ProcessorDesk::value(const std::string& console, ConsoleKey key) const {
    const auto* raw = processor_.parameters().getRawParameterValue(parameterId(console, key));
    return raw != nullptr ? raw->load() : 0.0f;
}

float ProcessorDesk::knob(const std::string& console, ConsoleKey key) const {
    return value(console, key);
}

ListenChoice ProcessorDesk::listening(const std::string& console) const {
    return listenChoiceAt(processor_.session(),
                          static_cast<int>(std::lround(value(console, ConsoleKey::Listen))));
}

// Through the parameters, so the host records the press. A parameter holds the key's state,
// so a toggle becomes the value it toggles to here (against the parameter, which changes at
// once: two quick presses still flip twice).
void ProcessorDesk::press(const std::string& console, const KeyPress& press) {
    // Consoles added after the plugin was created have no parameters: their keys go to the
    // engine directly (and are not recorded by the host).
    if (processor_.parameters().getParameter(parameterId(console, press.key)) == nullptr) {
        processor_.engine().press(console, press);
        return;
    }
    float parameter = 0.0f;
    if (const auto* on = std::get_if<Switch>(&press.argument)) {
        parameter = *on == Switch::Toggle ? (value(console, press.key) >= 0.5f ? 0.0f : 1.0f)
                    : *on == Switch::On   ? 1.0f
                                          : 0.0f;
    } else if (const auto* slot = std::get_if<OutputSlot>(&press.argument)) {
        parameter = static_cast<float>(*slot);
    } else if (const auto* listen = std::get_if<ListenChoice>(&press.argument)) {
        parameter = static_cast<float>(listenChoiceIndex(processor_.session(), *listen));
    } else {
        parameter = std::get<Decibels>(press.argument).db;
    }
    processor_.pressKey(console, press.key, parameter);
}

std::vector<BoothMessage> ProcessorDesk::messagesFor(const std::string& reader) const {
    const MessageBoard& board = processor_.engine().messages();
    std::vector<BoothMessage> shown = board.since(0);
    std::erase_if(shown, [&](const BoothMessage& m) {
        return m.from != reader && !board.reaches(m, reader);
    });
    return shown;
}

void ProcessorDesk::setFloorLanguage(const std::string& language) {
    processor_.engine().setFloorLanguage(language);
}

} // namespace dragoman::plugin
