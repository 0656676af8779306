// See RemoteConsoleMode.h.
#include "RemoteConsoleMode.h"

#include <algorithm>

namespace dragoman::plugin {

RemoteConsoleMode::RemoteConsoleMode(std::function<void()> keepAudioThreadOut)
    : keepAudioThreadOut_(std::move(keepAudioThreadOut)) {}

RemoteConsoleMode::~RemoteConsoleMode() {
    leave();
}

void RemoteConsoleMode::join(RemoteConsoleOptions options) {
    leave();
    {
        std::lock_guard lock(joinMutex_);
        state_ = State::Joining;
        problem_.clear();
    }
    cancelJoin_.store(false);
    options.cancel = &cancelJoin_;
    joining_ = std::thread([this, options = std::move(options)] {
        std::unique_ptr<RemoteConsoleClient> client;
        std::string problem;
        try {
            client = std::make_unique<RemoteConsoleClient>(options);
            client->join();
        } catch (const std::exception& e) {
            problem = e.what();
            client.reset();
        }
        std::lock_guard lock(joinMutex_);
        joined_ = std::move(client);
        problem_ = problem;
        state_ = joined_ ? State::Joined : State::Failed;
    });
}

RemoteConsoleMode::State RemoteConsoleMode::state() {
    std::lock_guard lock(joinMutex_);
    if (joined_) { // just joined: the audio thread may use it from now on
        client_ = std::move(joined_);
        live_.store(client_.get(), std::memory_order_release);
    }
    if (state_ == State::Joined && client_ && !client_->joined()) {
        state_ = State::Failed;
        problem_ = "the host ended the session";
    }
    return state_;
}

std::string RemoteConsoleMode::problem() const {
    std::lock_guard lock(joinMutex_);
    return problem_;
}

void RemoteConsoleMode::leave() {
    cancelJoin_.store(true); // a join under way gives up within 20 ms
    if (joining_.joinable())
        joining_.join();
    if (live_.exchange(nullptr, std::memory_order_acq_rel) != nullptr)
        keepAudioThreadOut_(); // the audio thread is out of render, and sees null next
    client_.reset();           // says bye
    std::lock_guard lock(joinMutex_);
    joined_.reset();
    state_ = State::Off;
}

bool RemoteConsoleMode::render(juce::AudioBuffer<float>& buffer,
                               juce::AudioBuffer<float>& inputCopy, int chunk, int inputChannels,
                               int outputChannels) noexcept {
    RemoteConsoleClient* client = live_.load(std::memory_order_acquire);
    if (client == nullptr)
        return false;
    const int frames = buffer.getNumSamples();
    for (int offset = 0; offset < frames; offset += chunk) {
        const int n = std::min(chunk, frames - offset);
        const auto frameCount = static_cast<std::uint32_t>(n);
        if (inputChannels > 0)
            inputCopy.copyFrom(0, 0, buffer, 0, offset, n);
        else
            inputCopy.clear(0, 0, n);
        float* phones = buffer.getWritePointer(0, offset);
        client->process(inputCopy.getReadPointer(0), phones, frameCount);
        mic_.accumulate(inputCopy.getReadPointer(0), frameCount);
        phones_.accumulate(phones, frameCount);
    }
    if (buffer.getNumChannels() > 1 && outputChannels > 1)
        buffer.copyFrom(1, 0, buffer, 0, 0, frames);
    for (int c = 2; c < buffer.getNumChannels(); ++c)
        buffer.clear(c, 0, frames);
    if (outputChannels < 2 && buffer.getNumChannels() > 1)
        buffer.clear(1, 0, frames);
    return true;
}

} // namespace dragoman::plugin
