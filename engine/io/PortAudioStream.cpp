// See PortAudioStream.h.
#include "PortAudioStream.h"

#include <algorithm>
#include <cstring>
#include <portaudio.h>
#include <stdexcept>
#include <string>

namespace dragoman {
namespace {

int streamCallback(const void* input, void* output, unsigned long frames,
                   const PaStreamCallbackTimeInfo*, PaStreamCallbackFlags flags, void* self) {
    constexpr PaStreamCallbackFlags kXrun =
        paInputOverflow | paInputUnderflow | paOutputUnderflow | paOutputOverflow;
    static_cast<PortAudioStream*>(self)->processCallback(input, output, frames,
                                                         (flags & kXrun) != 0);
    return paContinue;
}

[[noreturn]] void fail(const AudioDeviceInfo& device, const std::string& what, PaError error) {
    throw std::runtime_error("audio device \"" + device.name + "\": " + what + ": " +
                             Pa_GetErrorText(error));
}

} // namespace

PortAudioStream::PortAudioStream(Engine& engine, const AudioDeviceInfo& device,
                                 StreamSettings settings)
    : engine_(engine) {
    const EngineLayout layout = engine.layout();
    const int wantIn = static_cast<int>(layout.floor.size() + layout.mics.size());
    const int wantOut = static_cast<int>(layout.channels.size() + layout.phones.size());
    inputChannels_ = std::min(wantIn, device.inputChannels);
    outputChannels_ = std::min(wantOut, device.outputChannels);
    if (outputChannels_ == 0)
        throw std::runtime_error("audio device \"" + device.name + "\" has no outputs");
    sampleRate_ = settings.sampleRate > 0.0 ? settings.sampleRate : engine.sampleRate();

    // Session order: floor, mics / channels, phones; device channels in that order.
    int next = 0;
    for (std::size_t f = 0; f < layout.floor.size(); ++f, ++next)
        floorFrom_.push_back(next < inputChannels_ ? next : -1);
    micFrom_.assign(layout.consolePorts, -1);
    for (const EnginePort& mic : layout.mics)
        micFrom_[mic.port] = next < inputChannels_ ? next : -1, ++next;
    next = 0;
    channelTo_.assign(layout.channelPorts, -1);
    for (const EnginePort& channel : layout.channels)
        channelTo_[channel.port] = next < outputChannels_ ? next : -1, ++next;
    phonesTo_.assign(layout.consolePorts, -1);
    for (const EnginePort& phones : layout.phones)
        phonesTo_[phones.port] = next < outputChannels_ ? next : -1, ++next;
    floor_.assign(floorFrom_.size(), nullptr);
    mics_.assign(micFrom_.size(), nullptr);
    channels_.assign(channelTo_.size(), nullptr);
    phones_.assign(phonesTo_.size(), nullptr);

    engine.setSampleRate(sampleRate_);
    PaStreamParameters in{}, out{};
    in.device = device.index;
    in.channelCount = inputChannels_;
    in.sampleFormat = paFloat32 | paNonInterleaved;
    in.suggestedLatency =
        device.inputChannels > 0 ? Pa_GetDeviceInfo(device.index)->defaultLowInputLatency : 0.0;
    out.device = device.index;
    out.channelCount = outputChannels_;
    out.sampleFormat = paFloat32 | paNonInterleaved;
    out.suggestedLatency = Pa_GetDeviceInfo(device.index)->defaultLowOutputLatency;
    PaStream* stream = nullptr;
    if (const PaError error =
            Pa_OpenStream(&stream, inputChannels_ > 0 ? &in : nullptr, &out, sampleRate_,
                          settings.blockFrames, paNoFlag, streamCallback, this);
        error != paNoError)
        fail(device,
             "cannot open a stream at " + std::to_string(static_cast<int>(sampleRate_)) + " Hz",
             error);
    stream_ = stream;
    if (const PaError error = Pa_StartStream(stream); error != paNoError) {
        Pa_CloseStream(stream);
        stream_ = nullptr;
        fail(device, "cannot start the stream", error);
    }
    if (const PaStreamInfo* info = Pa_GetStreamInfo(stream)) {
        inputLatency_ = info->inputLatency;
        outputLatency_ = info->outputLatency;
    }
}

PortAudioStream::~PortAudioStream() {
    if (stream_ != nullptr) {
        Pa_StopStream(static_cast<PaStream*>(stream_));
        Pa_CloseStream(static_cast<PaStream*>(stream_));
    }
}

bool PortAudioStream::active() const {
    return stream_ != nullptr && Pa_IsStreamActive(static_cast<PaStream*>(stream_)) == 1;
}

void PortAudioStream::processCallback(const void* input, void* output, unsigned long frames,
                                      bool xrun) noexcept {
    if (xrun)
        xruns_.fetch_add(1, std::memory_order_relaxed);
    const auto* in = static_cast<const float* const*>(input);
    auto* const* out = static_cast<float* const*>(output);
    for (int c = 0; c < outputChannels_; ++c)
        std::memset(out[c], 0, frames * sizeof(float)); // unmapped outputs stay silent
    auto source = [in](int channel) {
        return in != nullptr && channel >= 0 ? in[channel] : nullptr;
    };
    auto sink = [out](int channel) { return channel >= 0 ? out[channel] : nullptr; };
    for (std::size_t i = 0; i < floor_.size(); ++i)
        floor_[i] = source(floorFrom_[i]);
    for (std::size_t i = 0; i < mics_.size(); ++i)
        mics_[i] = source(micFrom_[i]);
    for (std::size_t i = 0; i < channels_.size(); ++i)
        channels_[i] = sink(channelTo_[i]);
    for (std::size_t i = 0; i < phones_.size(); ++i)
        phones_[i] = sink(phonesTo_[i]);
    engine_.process(
        AudioBuffers::from(floor_, mics_, channels_, phones_, static_cast<std::uint32_t>(frames)));
}

} // namespace dragoman
