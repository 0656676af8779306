// PortAudio, the headless program's door to audio devices: an RAII session (Pa_Initialize /
// Pa_Terminate) and the list of host APIs and devices. Control thread only.
// PortAudio sees the JACK host API only if a JACK server runs when the session starts: to
// pick up a server that appeared (or came back), end the session and start a new one.
#pragma once

#include <string>
#include <vector>

namespace dragoman {

struct AudioDeviceInfo {
    int index = -1;
    std::string name;
    std::string hostApi;
    int inputChannels = 0;
    int outputChannels = 0;
    double defaultSampleRate = 0.0;
};

class PortAudioSession {
public:
    // Throws std::runtime_error with PortAudio's message if it cannot start.
    PortAudioSession();
    ~PortAudioSession();
    PortAudioSession(const PortAudioSession&) = delete;
    PortAudioSession& operator=(const PortAudioSession&) = delete;

    std::vector<AudioDeviceInfo> devices() const;
    // The device whose name is `name` (exact, else the first containing it); with an empty
    // name, the default duplex device. Throws std::runtime_error naming what is available.
    AudioDeviceInfo find(const std::string& name) const;
};

} // namespace dragoman
