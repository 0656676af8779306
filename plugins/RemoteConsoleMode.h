// The app or plugin as a remote console of a booth elsewhere: joining on a thread of its own
// (a join takes a round trip or a few, a refusal up to its timeout), the client handed to the
// audio thread once joined and withdrawn before it goes, and the mic and headphone levels.
// While joined, the audio thread renders this instead of the local engine: the device's first
// input goes to the host, the host's mix comes back on the first two outputs.
#pragma once

#include "dsp/LevelMeter.h"
#include "remotebooth/RemoteConsoleClient.h"

#include <atomic>
#include <functional>
#include <juce_audio_basics/juce_audio_basics.h>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

namespace dragoman::plugin {

class RemoteConsoleMode {
public:
    enum class State { Off, Joining, Joined, Failed };

    // `keepAudioThreadOut` returns once the audio thread has left the render call and will
    // see the client withdrawn (the processor suspends processing and resumes it).
    explicit RemoteConsoleMode(std::function<void()> keepAudioThreadOut);
    ~RemoteConsoleMode(); // leave()
    RemoteConsoleMode(const RemoteConsoleMode&) = delete;
    RemoteConsoleMode& operator=(const RemoteConsoleMode&) = delete;

    // Message thread.
    void join(RemoteConsoleOptions options);
    void leave();
    State state();               // and a join that just succeeded goes live
    std::string problem() const; // why the last join failed, or the host left
    RemoteConsoleClient* client() { return client_.get(); }
    LevelReading takeMicLevel() { return mic_.take(); }
    LevelReading takePhonesLevel() { return phones_.take(); }

    // Audio thread: renders `buffer` as the remote console and returns true while joined;
    // false (and nothing touched) otherwise. `inputCopy` holds at least `chunk` frames.
    bool render(juce::AudioBuffer<float>& buffer, juce::AudioBuffer<float>& inputCopy, int chunk,
                int inputChannels, int outputChannels) noexcept;

private:
    std::function<void()> keepAudioThreadOut_;
    std::unique_ptr<RemoteConsoleClient> client_;     // the message thread's
    std::atomic<RemoteConsoleClient*> live_{nullptr}; // the audio thread's view of it
    std::thread joining_;
    std::atomic<bool> cancelJoin_{false}; // tells the joining thread to give up
    mutable std::mutex joinMutex_;        // guards the three below
    std::unique_ptr<RemoteConsoleClient> joined_;
    std::string problem_;
    State state_ = State::Off;
    LevelMeter mic_, phones_;
};

} // namespace dragoman::plugin
