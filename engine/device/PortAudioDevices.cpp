// See PortAudioDevices.h.
#include "PortAudioDevices.h"

#include <pa_jack.h>
#include <portaudio.h>
#include <stdexcept>

namespace dragoman {

PortAudioSession::PortAudioSession() {
    // Our JACK client's name, so that tests and engineers find its ports as "dragoman:in_1".
    PaJack_SetClientName("dragoman");
    if (const PaError error = Pa_Initialize(); error != paNoError)
        throw std::runtime_error(std::string("cannot start PortAudio: ") + Pa_GetErrorText(error));
}

PortAudioSession::~PortAudioSession() {
    Pa_Terminate();
}

std::vector<AudioDeviceInfo> PortAudioSession::devices() const {
    std::vector<AudioDeviceInfo> list;
    for (PaDeviceIndex i = 0; i < Pa_GetDeviceCount(); ++i) {
        const PaDeviceInfo* info = Pa_GetDeviceInfo(i);
        if (info == nullptr)
            continue;
        const PaHostApiInfo* api = Pa_GetHostApiInfo(info->hostApi);
        list.push_back({i, info->name, api != nullptr ? api->name : "?", info->maxInputChannels,
                        info->maxOutputChannels, info->defaultSampleRate});
    }
    return list;
}

AudioDeviceInfo PortAudioSession::find(const std::string& name) const {
    const std::vector<AudioDeviceInfo> all = devices();
    if (name.empty()) {
        for (const AudioDeviceInfo& d : all)
            if (d.index == Pa_GetDefaultOutputDevice())
                return d;
    }
    for (const AudioDeviceInfo& d : all)
        if (d.name == name)
            return d;
    for (const AudioDeviceInfo& d : all)
        if (!name.empty() && d.name.find(name) != std::string::npos)
            return d;
    std::string known;
    for (const AudioDeviceInfo& d : all)
        known += "\n  " + d.name + " (" + d.hostApi + ")";
    throw std::runtime_error("no audio device \"" + name +
                             "\"; devices:" + (known.empty() ? std::string(" none") : known));
}

} // namespace dragoman
