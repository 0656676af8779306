// Console keys as automatable plugin parameters ("ko-en-1.mic", "ko-en-1.listen", ...), so a
// DAW can record and replay a session's key presses, and their translation into engine
// commands on the audio thread. Parameters are looked up by ID: hosts order them differently.
#pragma once

#include "Engine.h"
#include "session/Session.h"

#include <array>
#include <juce_audio_processors/juce_audio_processors.h>
#include <optional>
#include <vector>

namespace dragoman::plugin {

// Every console key is a parameter, at its place in kConsoleKeys (control/KeyPress.h).
inline constexpr std::size_t kParameterKeys = kConsoleKeys.size();
inline constexpr std::size_t parameterIndex(ConsoleKey key) {
    return static_cast<std::size_t>(key);
}
static_assert([] {
    for (std::size_t k = 0; k < kConsoleKeys.size(); ++k)
        if (parameterIndex(kConsoleKeys[k]) != k)
            return false;
    return true;
}());

// "ko-en-1.mic", "ko-en-1.slowdown": the key's name without its dashes (IDs that DAW projects
// have stored since the first release, and that LV2 symbols accept).
juce::String parameterId(const std::string& console, ConsoleKey key);

// The listen parameter's choices, in order: auto-relay, the floor, then each language channel
// in session order. The choice at an index (the last for an index past them), and back.
ListenChoice listenChoiceAt(const Session& session, int index);
int listenChoiceIndex(const Session& session, const ListenChoice& choice);

// Builds the parameter layout for every console of `session` (message thread).
juce::AudioProcessorValueTreeState::ParameterLayout parameterLayout(const Session& session);

class ConsoleParameters {
public:
    // Message thread: binds every console's parameters and resolves engine handles.
    ConsoleParameters(const Session& session, juce::AudioProcessorValueTreeState& state,
                      const Engine& engine);

    // Audio thread: appends a command for every parameter that changed since the last call.
    // `out` has capacity for every parameter, so this never allocates.
    void collectChanges(std::vector<EngineCommand>& out);
    std::size_t parameterCount() const { return bindings_.size() * kKeys; }

private:
    static constexpr std::size_t kKeys = kParameterKeys;
    struct Binding {
        ConsoleHandle console;
        std::array<std::atomic<float>*, kKeys> values{};
        std::array<float, kKeys> sent{};
        std::vector<ListenSource> listenChoices; // by choice index
    };
    std::vector<Binding> bindings_;
};

} // namespace dragoman::plugin
