// The plugin's buses, named after the session: "Floor", "Mic ko-en-1", ..., "Channel en",
// ..., "Phones ko-en-1", ..., and last "Talkback" (the consoles holding their talkback key,
// for the technician). Message thread only.
#pragma once

#include "session/Session.h"

#include <juce_audio_processors/juce_audio_processors.h>
#include <string>
#include <vector>

namespace dragoman::plugin {

struct BusSpec {
    enum class Kind { Floor, Mic, Channel, Phones, Talkback };
    Kind kind;
    std::string id; // console or channel id; empty for the floor
    juce::String name;
    int channels = 1;
};

std::vector<BusSpec> inputBusSpecs(const Session& session);
std::vector<BusSpec> outputBusSpecs(const Session& session);

} // namespace dragoman::plugin
