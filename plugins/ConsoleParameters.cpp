// See ConsoleParameters.h.
#include "ConsoleParameters.h"

#include "control/KeyRanges.h"
#include "dsp/Decibels.h"

#include <algorithm>
#include <cmath>
#include <iterator>

namespace dragoman::plugin {
namespace {

// What a host shows, by parameterIndex.
constexpr const char* kKeyNames[] = {
    "Mic",      "Cough",     "Outgoing", "Listen",           "Volume",    "Bass", "Treble",
    "Sidetone", "Slow down", "Help",     "Handover request", "Hand over", "Away", "Talkback"};
static_assert(std::size(kKeyNames) == kParameterKeys);

juce::StringArray listenChoiceNames(const Session& session) { // as listenChoiceAt orders them
    juce::StringArray names{"Auto-relay", "Floor"};
    for (const LanguageChannel& channel : session.channels)
        names.add("Relay " + channel.id);
    return names;
}

} // namespace

ListenChoice listenChoiceAt(const Session& session, int index) {
    if (index <= 0)
        return {ListenSource::Kind::AutoRelay, {}};
    if (index == 1 || session.channels.empty())
        return {ListenSource::Kind::Floor, {}};
    const auto channel = std::min(static_cast<std::size_t>(index - 2), session.channels.size() - 1);
    return {ListenSource::Kind::Channel, session.channels[channel].id};
}

int listenChoiceIndex(const Session& session, const ListenChoice& choice) {
    for (std::size_t i = 0; i < session.channels.size() + 2; ++i)
        if (listenChoiceAt(session, static_cast<int>(i)) == choice)
            return static_cast<int>(i);
    return 0; // a channel the session no longer has: auto-relay
}

juce::String parameterId(const std::string& console, ConsoleKey key) {
    return juce::String(console) + "." +
           juce::String(std::string(keyName(key))).removeCharacters("-");
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
            auto id = [&console](ConsoleKey key) {
                return ParameterID{parameterId(console.id, key), 1};
            };
            auto name = [&console](ConsoleKey key) {
                return String(console.id) + " " + kKeyNames[parameterIndex(key)];
            };
            const NormalisableRange<float> volumeRange(kVolumeRange.minDb, kVolumeRange.maxDb,
                                                       0.1f);
            const NormalisableRange<float> toneRange(kToneRange.minDb, kToneRange.maxDb, 0.1f);
            const NormalisableRange<float> sidetoneRange(kSidetoneRange.minDb, kSidetoneRange.maxDb,
                                                         0.1f);
            group->addChild(std::make_unique<AudioParameterBool>(id(ConsoleKey::Mic),
                                                                 name(ConsoleKey::Mic), false));
            group->addChild(std::make_unique<AudioParameterBool>(id(ConsoleKey::Cough),
                                                                 name(ConsoleKey::Cough), false));
            // A booth with one outgoing channel has nothing to choose: a choice of one would be
            // a 0..0 range, whose normalised default is NaN in strict hosts.
            if (outputs.size() > 1)
                group->addChild(std::make_unique<AudioParameterChoice>(
                    id(ConsoleKey::Output), name(ConsoleKey::Output), outputs, 0));
            group->addChild(std::make_unique<AudioParameterChoice>(
                id(ConsoleKey::Listen), name(ConsoleKey::Listen), listenChoiceNames(session), 0));
            group->addChild(std::make_unique<AudioParameterFloat>(
                id(ConsoleKey::HeadphoneVolume), name(ConsoleKey::HeadphoneVolume), volumeRange,
                0.0f, AudioParameterFloatAttributes().withLabel("dB")));
            group->addChild(std::make_unique<AudioParameterFloat>(
                id(ConsoleKey::Bass), name(ConsoleKey::Bass), toneRange, 0.0f,
                AudioParameterFloatAttributes().withLabel("dB")));
            group->addChild(std::make_unique<AudioParameterFloat>(
                id(ConsoleKey::Treble), name(ConsoleKey::Treble), toneRange, 0.0f,
                AudioParameterFloatAttributes().withLabel("dB")));
            group->addChild(std::make_unique<AudioParameterFloat>(
                id(ConsoleKey::Sidetone), name(ConsoleKey::Sidetone), sidetoneRange,
                kSidetoneRange.minDb, AudioParameterFloatAttributes().withLabel("dB")));
            group->addChild(std::make_unique<AudioParameterBool>(
                id(ConsoleKey::SlowDown), name(ConsoleKey::SlowDown), false));
            group->addChild(std::make_unique<AudioParameterBool>(id(ConsoleKey::Help),
                                                                 name(ConsoleKey::Help), false));
            // Hand over is momentary: on gives the mic away, and the processor puts it back off.
            for (const ConsoleKey key : {ConsoleKey::HandoverRequest, ConsoleKey::Handover,
                                         ConsoleKey::Away, ConsoleKey::Talkback})
                group->addChild(std::make_unique<AudioParameterBool>(id(key), name(key), false));
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
                    state.getRawParameterValue(parameterId(console.id, kConsoleKeys[k]));
                if (binding.values[k] != nullptr) // a booth of one channel has no Outgoing
                    binding.sent[k] = binding.values[k]->load();
            }
            for (std::size_t i = 0; i < session.channels.size() + 2; ++i) {
                const ListenChoice choice = listenChoiceAt(session, static_cast<int>(i));
                binding.listenChoices.push_back(
                    {choice.kind, engine.languageHandle(choice.channel)});
            }
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
            command.key = kConsoleKeys[k];
            switch (argumentKind(command.key)) {
            case ArgumentKind::Switch: // the parameter is the state: no toggles here
                command.argument = value >= 0.5f ? Switch::On : Switch::Off;
                break;
            case ArgumentKind::Slot:
                command.argument = static_cast<OutputSlot>(
                    std::clamp(static_cast<int>(std::lround(value)), 0, kMaxOutputSlots - 1));
                break;
            case ArgumentKind::Listen: {
                const auto choice = static_cast<std::size_t>(std::max(0L, std::lround(value)));
                command.argument =
                    binding.listenChoices[std::min(choice, binding.listenChoices.size() - 1)];
                break;
            }
            case ArgumentKind::Level: // the sidetone knob's bottom is off
                command.argument =
                    Decibels{command.key == ConsoleKey::Sidetone && value <= kSidetoneRange.minDb
                                 ? kSilenceDb
                                 : value};
                break;
            }
            out.push_back(command);
        }
}

} // namespace dragoman::plugin
