// Loads the built VST3 and LV2 binaries through JUCE's plugin hosting, as a DAW would: checks
// the named buses, feeds a tone per source, presses keys through parameters (looked up by ID:
// hosts order them differently), and checks the routing on the outputs; then saves and
// restores the plugin's state through the host.
#define CATCH_CONFIG_RUNNER
#include "support/Goertzel.h"

#include <catch2/catch.hpp>
#include <juce_audio_processors/juce_audio_processors.h>
#include <map>
#include <numbers>
#include <unistd.h>

namespace {

using dragoman::test::toneAmplitude;

const std::map<juce::String, double> kTones = {
    {"Floor", 440.0}, {"Mic ko-en-1", 620.0}, {"Mic ko-en-2", 830.0}, {"Mic ja-1", 1070.0}};

struct Format {
    const char* name;
    const char* file; // VST3: the bundle's path; LV2: the plugin's URI
};

std::unique_ptr<juce::AudioPluginInstance> load(const Format& format) {
    juce::AudioPluginFormatManager formats;
    formats.addDefaultFormats();
    juce::AudioPluginFormat* pluginFormat = nullptr;
    for (int i = 0; i < formats.getNumFormats(); ++i)
        if (formats.getFormat(i)->getName() == format.name)
            pluginFormat = formats.getFormat(i);
    REQUIRE(pluginFormat != nullptr);
    juce::OwnedArray<juce::PluginDescription> found;
    pluginFormat->findAllTypesForFile(found, format.file);
    INFO("no plugin found in " << format.file);
    REQUIRE(found.size() == 1);
    juce::String error;
    auto instance = formats.createPluginInstance(*found[0], 48000.0, 256, error);
    INFO(error);
    REQUIRE(instance != nullptr);
    return instance;
}

// A parameter by its ID ("ko-en-1.mic"). VST3 hosts see a numeric ID derived from it (its
// hash), LV2 hosts "des:PLUGIN-URI:ko-en-1_mic"; each form is matched exactly.
juce::AudioProcessorParameter* parameter(juce::AudioPluginInstance& plugin,
                                         const juce::String& id) {
    const juce::String vst3Id(static_cast<int>(id.hashCode() & 0x7fffffff));
    for (juce::AudioProcessorParameter* p : plugin.getParameters())
        if (auto* hosted = dynamic_cast<juce::HostedAudioProcessorParameter*>(p)) {
            const juce::String hostId = hosted->getParameterID();
            const juce::String lv2Id =
                "des:" + juce::String(DRAGOMAN_LV2_URI) + ":" + id.replaceCharacter('.', '_');
            if (hostId == id || hostId == vst3Id || hostId == lv2Id)
                return p;
        }
    juce::String ids;
    for (juce::AudioProcessorParameter* p : plugin.getParameters())
        if (auto* hosted = dynamic_cast<juce::HostedAudioProcessorParameter*>(p))
            ids << hosted->getParameterID() << " ";
    FAIL("no parameter " << id << " among " << ids.substring(0, 400));
    return nullptr;
}

// Hosts see normalized values (0 to 1): a choice of n items steps by 1 / (n - 1); volume
// spans -60 to +12 dB.
void set(juce::AudioPluginInstance& plugin, const juce::String& id, float normalized) {
    parameter(plugin, id)->setValueNotifyingHost(normalized);
}

constexpr float kOutputB = 1.0f;      // of A, B
constexpr float kListenFloor = 0.25f; // of auto-relay, floor, relay ko, en, ja
constexpr float kVolumeMinus12 = 48.0f / 72.0f;

// Renders `seconds` in 256-frame blocks and returns every output bus's signal by name.
std::map<juce::String, std::vector<float>> render(juce::AudioPluginInstance& plugin, double seconds,
                                                  std::int64_t& frame) {
    const int block = 256;
    juce::AudioBuffer<float> buffer(
        std::max(plugin.getTotalNumInputChannels(), plugin.getTotalNumOutputChannels()), block);
    juce::MidiBuffer midi;
    std::map<juce::String, std::vector<float>> outputs;
    const auto blocks = static_cast<int>(seconds * 48000.0 / block);
    for (int b = 0; b < blocks; ++b, frame += block) {
        buffer.clear();
        for (int bus = 0; bus < plugin.getBusCount(true); ++bus) {
            const auto tone = kTones.find(plugin.getBus(true, bus)->getName());
            if (tone == kTones.end() || plugin.getChannelCountOfBus(true, bus) == 0)
                continue;
            float* in =
                buffer.getWritePointer(plugin.getChannelIndexInProcessBlockBuffer(true, bus, 0));
            for (int i = 0; i < block; ++i)
                in[i] =
                    static_cast<float>(0.25 * std::sin(2.0 * std::numbers::pi * tone->second *
                                                       static_cast<double>(frame + i) / 48000.0));
        }
        plugin.processBlock(buffer, midi);
        for (int bus = 0; bus < plugin.getBusCount(false); ++bus) {
            if (plugin.getChannelCountOfBus(false, bus) == 0)
                continue;
            const float* out =
                buffer.getReadPointer(plugin.getChannelIndexInProcessBlockBuffer(false, bus, 0));
            auto& signal = outputs[plugin.getBus(false, bus)->getName()];
            signal.insert(signal.end(), out, out + block);
        }
    }
    return outputs;
}

double level(const std::map<juce::String, std::vector<float>>& outputs, const juce::String& bus,
             const juce::String& source, double from, double to) {
    const auto& signal = outputs.at(bus);
    return toneAmplitude(signal, static_cast<std::size_t>(from * 48000),
                         static_cast<std::size_t>(to * 48000), kTones.at(source), 48000.0);
}

const Format kFormats[] = {{"VST3", DRAGOMAN_VST3_FILE}, {"LV2", DRAGOMAN_LV2_URI}};

// JUCE's LV2 hosting scans only ~/.lv2 and the system folders (not LV2_PATH): the tests run
// with a HOME of their own, holding a copy of the freshly built bundle, and leave the user's
// ~/.lv2 alone. One HOME per process: CTest runs test cases in parallel processes.
juce::File installLv2BundleInPrivateHome() {
    const juce::File home =
        juce::File::getSpecialLocation(juce::File::tempDirectory)
            .getChildFile("dragoman-plugin-test-home-" + juce::String(getpid()));
    home.deleteRecursively();
    const juce::File bundle(DRAGOMAN_LV2_BUNDLE);
    const bool copied =
        bundle.copyDirectoryTo(home.getChildFile(".lv2").getChildFile(bundle.getFileName()));
    if (!copied)
        std::fprintf(stderr, "cannot copy %s\n", DRAGOMAN_LV2_BUNDLE);
    setenv("HOME", home.getFullPathName().toRawUTF8(), 1);
    return home;
}

} // namespace

TEST_CASE("the plugin offers one named bus per floor, mic, channel and headphone feed",
          "[plugins]") {
    for (const Format& format : kFormats) {
        INFO(format.name);
        auto plugin = load(format);
        juce::StringArray inputs, outputs;
        for (int bus = 0; bus < plugin->getBusCount(true); ++bus)
            inputs.add(plugin->getBus(true, bus)->getName());
        for (int bus = 0; bus < plugin->getBusCount(false); ++bus)
            outputs.add(plugin->getBus(false, bus)->getName());
        if (juce::String(format.name) == "VST3") { // LV2 ports carry generic names
            CHECK(inputs.joinIntoString(",") == "Floor,Mic ko-en-1,Mic ko-en-2,Mic ja-1");
            CHECK(outputs.joinIntoString(",") ==
                  "Channel ko,Channel en,Channel ja,Phones ko-en-1,Phones ko-en-2,Phones ja-1,"
                  "Talkback");
        }
        CHECK(plugin->getTotalNumInputChannels() == 4);
        CHECK(plugin->getTotalNumOutputChannels() == 7);
        CHECK(plugin->getLatencySamples() == 0);
    }
}

TEST_CASE("a host presses keys through parameters and hears the routing", "[plugins]") {
    auto plugin = load(kFormats[0]);
    plugin->prepareToPlay(48000.0, 256);
    std::int64_t frame = 0;
    set(*plugin, "ko-en-1.mic", 1.0f);
    set(*plugin, "ja-1.mic", 1.0f);
    auto out = render(*plugin, 1.0, frame);
    CHECK(level(out, "Channel en", "Mic ko-en-1", 0.5, 1.0) > 0.1);
    CHECK(level(out, "Channel en", "Floor", 0.5, 1.0) < 0.0025);
    CHECK(level(out, "Channel ja", "Mic ja-1", 0.5, 1.0) > 0.1);
    CHECK(level(out, "Channel ko", "Floor", 0.5, 1.0) > 0.1);
    CHECK(level(out, "Phones ja-1", "Mic ko-en-1", 0.5, 1.0) > 0.1); // relay from en
    CHECK(level(out, "Phones ko-en-2", "Floor", 0.5, 1.0) > 0.1);

    // B is Korean, the floor language: refused, so the voice stays on en and ko keeps the
    // floor (a bidirectional console never speaks the floor's own language).
    set(*plugin, "ko-en-1.output", kOutputB);
    set(*plugin, "ja-1.listen", kListenFloor);
    out = render(*plugin, 1.0, frame);
    CHECK(level(out, "Channel en", "Mic ko-en-1", 0.5, 1.0) > 0.1);
    CHECK(level(out, "Channel ko", "Floor", 0.5, 1.0) > 0.1);
    CHECK(level(out, "Channel ko", "Mic ko-en-1", 0.5, 1.0) < 0.0025);
    CHECK(level(out, "Phones ja-1", "Floor", 0.5, 1.0) > 0.1);
    CHECK(level(out, "Phones ja-1", "Mic ko-en-1", 0.5, 1.0) < 0.0025);
    CHECK(level(out, "Talkback", "Mic ko-en-1", 0.5, 1.0) < 0.0025);

    // ko-en-1 holds its talkback key: the technician's bus carries it, channel en does not.
    set(*plugin, "ko-en-1.talkback", 1.0f);
    out = render(*plugin, 1.0, frame);
    CHECK(level(out, "Talkback", "Mic ko-en-1", 0.5, 1.0) > 0.1);
    CHECK(level(out, "Talkback", "Mic ja-1", 0.5, 1.0) < 0.0025);
    CHECK(level(out, "Channel en", "Mic ko-en-1", 0.5, 1.0) < 0.0025);
    CHECK(level(out, "Channel en", "Floor", 0.5, 1.0) < 0.0025);
    plugin->releaseResources();
}

TEST_CASE("state saved through the host restores the session and every key", "[plugins]") {
    for (const Format& format : kFormats) {
        INFO(format.name);
        juce::MemoryBlock saved;
        {
            auto plugin = load(format);
            plugin->prepareToPlay(48000.0, 256);
            set(*plugin, "ko-en-2.mic", 1.0f);
            set(*plugin, "ko-en-2.volume", kVolumeMinus12);
            std::int64_t frame = 0;
            render(*plugin, 0.1, frame);
            plugin->getStateInformation(saved);
        }
        auto restored = load(format);
        restored->setStateInformation(saved.getData(), static_cast<int>(saved.getSize()));
        restored->prepareToPlay(48000.0, 256);
        // An LV2 host owns its control-port values and restores them from its own project;
        // JUCE's LV2 host keeps its cached value, so the host-side value is checked for VST3.
        if (juce::String(format.name) == "VST3")
            CHECK(parameter(*restored, "ko-en-2.mic")->getValue() == 1.0f);
        std::int64_t frame = 0;
        const auto out = render(*restored, 1.0, frame);
        CHECK(level(out, "Channel en", "Mic ko-en-2", 0.5, 1.0) > 0.1);
        const double phones = level(out, "Phones ko-en-2", "Floor", 0.5, 1.0);
        CHECK(20.0 * std::log10(phones / 0.25) == Approx(-12.0).margin(0.3));
    }
}

TEST_CASE("every parameter has a finite default in its range and survives a state round trip",
          "[plugins]") {
    for (const Format& format : kFormats) {
        INFO(format.name);
        juce::MemoryBlock saved;
        std::map<juce::String, float> set;
        {
            auto plugin = load(format);
            plugin->prepareToPlay(48000.0, 256);
            int index = 0;
            for (juce::AudioProcessorParameter* p : plugin->getParameters()) {
                auto* hosted = dynamic_cast<juce::HostedAudioProcessorParameter*>(p);
                if (hosted == nullptr)
                    continue;
                const juce::String id = hosted->getParameterID();
                INFO(id << " (" << p->getName(64) << ")");
                const float value = p->getValue();
                const float fallback = p->getDefaultValue();
                CHECK(std::isfinite(value));
                CHECK(std::isfinite(fallback));
                CHECK((fallback >= 0.0f && fallback <= 1.0f));
                CHECK((value >= 0.0f && value <= 1.0f));
                CHECK_FALSE(p->getText(value, 32).containsIgnoreCase("nan"));
                // Every key but the mic and cough (which the rules may answer) to a value of
                // its own: a step of a discrete one, else a point inside the range.
                const juce::String name = p->getName(64);
                if (name.endsWith(" Mic") || name.endsWith(" Cough"))
                    continue;
                const int steps = p->getNumSteps();
                const float next = steps > 1 && steps < 1000
                                       ? static_cast<float>((index++ % (steps - 1)) + 1) /
                                             static_cast<float>(steps - 1)
                                       : 0.25f + 0.05f * static_cast<float>(index++ % 10);
                p->setValueNotifyingHost(next);
                set[id] = p->getValue();
            }
            std::int64_t frame = 0;
            render(*plugin, 0.05, frame);
            plugin->getStateInformation(saved);
        }
        CHECK(set.size() > 10);
        // An LV2 host restores control ports from its own project (JUCE's LV2 host keeps its
        // cached values), so the values the plugin restored are compared for VST3.
        if (juce::String(format.name) != "VST3")
            continue;
        auto restored = load(format);
        restored->setStateInformation(saved.getData(), static_cast<int>(saved.getSize()));
        for (juce::AudioProcessorParameter* p : restored->getParameters())
            if (auto* hosted = dynamic_cast<juce::HostedAudioProcessorParameter*>(p))
                if (const auto it = set.find(hosted->getParameterID()); it != set.end()) {
                    INFO(it->first << " (" << p->getName(64) << ")");
                    CHECK(p->getValue() == Approx(it->second).margin(1e-6));
                }
    }
}

int main(int argc, char** argv) {
    const juce::File home = installLv2BundleInPrivateHome();
    int failures = 0;
    {
        const juce::ScopedJuceInitialiser_GUI juce; // plugin hosting needs the message manager
        failures = Catch::Session().run(argc, argv);
    }
    home.deleteRecursively();
    return failures;
}

TEST_CASE("a host that offers fewer buses gets silence for what is missing, and no crash",
          "[plugins]") {
    for (const Format& format : kFormats) {
        INFO(format.name);
        auto plugin = load(format);
        juce::AudioProcessor::BusesLayout layout = plugin->getBusesLayout();
        const int jaMic = 3, koEn2Phones = 4; // "Mic ja-1", "Phones ko-en-2"
        layout.inputBuses.getReference(jaMic) = juce::AudioChannelSet::disabled();
        layout.outputBuses.getReference(koEn2Phones) = juce::AudioChannelSet::disabled();
        if (!plugin->setBusesLayout(layout)) {
            WARN(format.name << " host refuses disabled buses: nothing to check");
            continue;
        }
        plugin->prepareToPlay(48000.0, 256);
        set(*plugin, "ja-1.mic", 1.0f);
        std::int64_t frame = 0;
        const auto out = render(*plugin, 1.0, frame);
        CHECK(out.count("Phones ko-en-2") == 0);
        // ja-1 is on air, but its mic bus is gone: the ja channel is silent, not the floor.
        CHECK(level(out, "Channel ja", "Floor", 0.5, 1.0) < 0.0025);
        CHECK(level(out, "Channel ko", "Floor", 0.5, 1.0) > 0.1);
        // ja-1 hears the en channel by auto-relay; nobody is on en, so it carries the floor.
        CHECK(level(out, "Phones ja-1", "Floor", 0.5, 1.0) > 0.1);
        plugin->releaseResources();
    }
}

TEST_CASE("the plugin takes any block size the host gives, and sample-rate changes", "[plugins]") {
    auto plugin = load(kFormats[0]);
    for (const double rate : {44100.0, 96000.0}) {
        plugin->prepareToPlay(rate, 4096); // the largest block this host will give
        for (const int block : {1, 7, 333, 4096}) {
            INFO("rate " << rate << ", block " << block);
            juce::AudioBuffer<float> buffer(plugin->getTotalNumOutputChannels(), block);
            juce::MidiBuffer midi;
            double peak = 0.0;
            for (int b = 0, n = std::max(1, 24000 / block); b < n; ++b) {
                buffer.clear();
                for (int i = 0; i < block; ++i) // a full-scale floor square wave
                    buffer.setSample(0, i, (b * block + i) % 100 < 50 ? 1.0f : -1.0f);
                plugin->processBlock(buffer, midi);
                // The headphone feeds: limited at -6 dBFS (100 dB SPL at the summit's headsets),
                // and at -12 dBFS (94 dB SPL) once the overload has lasted 100 ms; the square
                // goes on from one block size to the next, so only the first starts at -6.
                for (int c = 3; c < 6; ++c)
                    peak = std::max(peak, static_cast<double>(buffer.getMagnitude(c, 0, block)));
            }
            CHECK(peak > 0.24); // limited, not muted
            CHECK(peak <= 0.5012);
        }
        plugin->releaseResources();
    }
}
