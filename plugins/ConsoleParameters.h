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

// The keys that are parameters, in the order of ConsoleParameters::Binding::values.
enum class ParameterKey {
    Mic,
    Cough,
    Output,
    Listen,
    Volume,
    Bass,
    Treble,
    Sidetone,
    SlowDown,
    Help,
    Count
};

inline constexpr std::size_t kParameterKeys = static_cast<std::size_t>(ParameterKey::Count);

// The console key each parameter presses, by ParameterKey: the one correspondence between
// the two, read in both directions.
inline constexpr std::array<ConsoleKey, kParameterKeys> kConsoleKeyOf = {
    ConsoleKey::Mic,    ConsoleKey::Cough,           ConsoleKey::Output,
    ConsoleKey::Listen, ConsoleKey::HeadphoneVolume, ConsoleKey::Bass,
    ConsoleKey::Treble, ConsoleKey::Sidetone,        ConsoleKey::SlowDown,
    ConsoleKey::Help};

// The parameter a console key is, if any (MicToggle is a press of the Mic parameter).
inline std::optional<ParameterKey> parameterKeyOf(ConsoleKey key) {
    for (std::size_t k = 0; k < kParameterKeys; ++k)
        if (kConsoleKeyOf[k] == key)
            return ParameterKey(k);
    return std::nullopt;
}

juce::String parameterId(const std::string& console, ParameterKey key);

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
