// See ConsoleParameters.h.
#include "ConsoleParameters.h"

#include "control/KeyRanges.h"

#include <cmath>

namespace dragoman::plugin {
namespace {

constexpr const char* kKeyIds[] = {"mic",  "cough",  "output",   "listen",   "volume",
                                   "bass", "treble", "sidetone", "slowdown", "help"};
constexpr const char* kKeyNames[] = {"Mic",  "Cough",  "Outgoing", "Listen",    "Volume",
                                     "Bass", "Treble", "Sidetone", "Slow down", "Help"};

juce::StringArray listenChoiceNames(const Session& session) {
    juce::StringArray names{"Auto-relay", "Floor"};
    for (const LanguageChannel& channel : session.channels)
        names.add("Relay " + channel.id);
    return names;
}

} // namespace

juce::String parameterId(const std::string& console, ParameterKey key) {
    return juce::String(console) + "." + kKeyIds[static_cast<int>(key)];
}

juce::AudioProcessorValueTreeState::ParameterLayout parameterLayout(const Session& session) {
    using namespace juce;
    AudioProcessorValueTreeState::ParameterLayout layout;
    for (const Booth& booth : session.booths) {
        StringArray outputs;
        for (std::size_t slot = 0; slot < booth.outputs.size(); ++slot)
            outputs.add(String::charToString(static_cast<juce_wchar>('A' + slot)) + " " +
                        booth.outputs[slot]);
        for (const Console& console : booth.consoles) {
            auto group = std::make_unique<AudioProcessorParameterGroup>(
                console.id, "Console " + console.id, "|");
            auto id = [&console](ParameterKey key) {
                return ParameterID{parameterId(console.id, key), 1};
            };
            auto name = [&console](ParameterKey key) {
                return String(console.id) + " " + kKeyNames[static_cast<int>(key)];
            };
            const NormalisableRange<float> volumeRange(kVolumeRange.minDb, kVolumeRange.maxDb,
                                                       0.1f);
            const NormalisableRange<float> toneRange(kToneRange.minDb, kToneRange.maxDb, 0.1f);
            const NormalisableRange<float> sidetoneRange(kSidetoneRange.minDb, kSidetoneRange.maxDb,
                                                         0.1f);
            group->addChild(std::make_unique<AudioParameterBool>(id(ParameterKey::Mic),
                                                                 name(ParameterKey::Mic), false));
            group->addChild(std::make_unique<AudioParameterBool>(id(ParameterKey::Cough),
                                                                 name(ParameterKey::Cough), false));
            // A booth with one outgoing channel has nothing to choose: a choice of one would be
            // a 0..0 range, whose normalised default is NaN in strict hosts.
            if (outputs.size() > 1)
                group->addChild(std::make_unique<AudioParameterChoice>(
                    id(ParameterKey::Output), name(ParameterKey::Output), outputs, 0));
            group->addChild(std::make_unique<AudioParameterChoice>(id(ParameterKey::Listen),
                                                                   name(ParameterKey::Listen),
                                                                   listenChoiceNames(session), 0));
            group->addChild(std::make_unique<AudioParameterFloat>(
                id(ParameterKey::Volume), name(ParameterKey::Volume), volumeRange, 0.0f,
                AudioParameterFloatAttributes().withLabel("dB")));
            group->addChild(std::make_unique<AudioParameterFloat>(
                id(ParameterKey::Bass), name(ParameterKey::Bass), toneRange, 0.0f,
                AudioParameterFloatAttributes().withLabel("dB")));
            group->addChild(std::make_unique<AudioParameterFloat>(
                id(ParameterKey::Treble), name(ParameterKey::Treble), toneRange, 0.0f,
                AudioParameterFloatAttributes().withLabel("dB")));
            group->addChild(std::make_unique<AudioParameterFloat>(
                id(ParameterKey::Sidetone), name(ParameterKey::Sidetone), sidetoneRange,
                kSidetoneRange.minDb, AudioParameterFloatAttributes().withLabel("dB")));
            group->addChild(std::make_unique<AudioParameterBool>(
                id(ParameterKey::SlowDown), name(ParameterKey::SlowDown), false));
            group->addChild(std::make_unique<AudioParameterBool>(id(ParameterKey::Help),
                                                                 name(ParameterKey::Help), false));
            layout.add(std::move(group));
        }
    }
    return layout;
}

ConsoleParameters::ConsoleParameters(const Session& session,
                                     juce::AudioProcessorValueTreeState& state,
                                     const Engine& engine) {
    for (const Booth& booth : session.booths)
        for (const Console& console : booth.consoles) {
            Binding binding;
            binding.console = engine.consoleHandle(console.id);
            for (std::size_t k = 0; k < kKeys; ++k) {
                binding.values[k] =
                    state.getRawParameterValue(parameterId(console.id, ParameterKey(k)));
                if (binding.values[k] != nullptr) // a booth of one channel has no Outgoing
                    binding.sent[k] = binding.values[k]->load();
            }
            binding.listenChoices.push_back({ListenSource::Kind::AutoRelay, {}});
            binding.listenChoices.push_back({ListenSource::Kind::Floor, {}});
            for (const LanguageChannel& channel : session.channels)
                binding.listenChoices.push_back(
                    {ListenSource::Kind::Channel, engine.languageHandle(channel.id)});
            bindings_.push_back(std::move(binding));
        }
}

void ConsoleParameters::collectChanges(std::vector<EngineCommand>& out) {
    for (Binding& binding : bindings_)
        for (std::size_t k = 0; k < kKeys; ++k) {
            if (binding.values[k] == nullptr)
                continue;
            const float value = binding.values[k]->load(std::memory_order_relaxed);
            if (value == binding.sent[k] || out.size() == out.capacity())
                continue;
            binding.sent[k] = value;
            ConsoleCommand command;
            command.console = binding.console;
            command.value = value;
            command.key = kConsoleKeyOf[k];
            if (ParameterKey(k) == ParameterKey::Listen) {
                const auto choice = static_cast<std::size_t>(std::lround(value));
                command.listen =
                    binding.listenChoices[std::min(choice, binding.listenChoices.size() - 1)];
            } else if (ParameterKey(k) == ParameterKey::Sidetone) {
                command.value = value <= -60.0f ? -100.0f : value; // the knob's bottom is off
            }
            out.push_back(command);
        }
}

} // namespace dragoman::plugin
