// See PortAudioStream.h.
#include "PortAudioStream.h"

#include <portaudio.h>
#include <stdexcept>
#include <string>

namespace dragoman {
namespace {

int streamCallback(const void* input, void* output, unsigned long frames,
                   const PaStreamCallbackTimeInfo* timeInfo, PaStreamCallbackFlags flags,
                   void* self) {
    return PortAudioStream::callback(input, output, frames, timeInfo, flags, self);
}

[[noreturn]] void fail(const AudioDeviceInfo& device, const std::string& what, PaError error) {
    throw std::runtime_error("audio device \"" + device.name + "\": " + what + ": " +
                             Pa_GetErrorText(error));
}

} // namespace

PortAudioStream::PortAudioStream(const AudioDeviceInfo& device, DeviceChannels channels,
                                 double sampleRate, std::uint32_t blockFrames, Render render,
                                 void* context)
    : render_(render), context_(context) {
    PaStreamParameters in{}, out{};
    in.device = device.index;
    in.channelCount = channels.inputs;
    in.sampleFormat = paFloat32 | paNonInterleaved;
    in.suggestedLatency =
        device.inputChannels > 0 ? Pa_GetDeviceInfo(device.index)->defaultLowInputLatency : 0.0;
    out.device = device.index;
    out.channelCount = channels.outputs;
    out.sampleFormat = paFloat32 | paNonInterleaved;
    out.suggestedLatency = Pa_GetDeviceInfo(device.index)->defaultLowOutputLatency;
    // On JACK the server's period is the block: asked for another size, PortAudio buffers
    // between the two and adds a block of latency each way (measured: 256 frames added to the
    // floor-to-channel round trip at every period). Elsewhere (ALSA) the size asked for sets
    // the device's period.
    const PaHostApiInfo* api = Pa_GetHostApiInfo(Pa_GetDeviceInfo(device.index)->hostApi);
    const unsigned long framesPerBuffer =
        api != nullptr && api->type == paJACK ? paFramesPerBufferUnspecified : blockFrames;
    PaStream* stream = nullptr;
    if (const PaError error =
            Pa_OpenStream(&stream, channels.inputs > 0 ? &in : nullptr, &out, sampleRate,
                          framesPerBuffer, paNoFlag, streamCallback, this);
        error != paNoError)
        fail(device,
             "cannot open a stream at " + std::to_string(static_cast<int>(sampleRate)) + " Hz",
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

int PortAudioStream::callback(const void* input, void* output, unsigned long frames, const void*,
                              unsigned long flags, void* self) {
    constexpr PaStreamCallbackFlags kXrun =
        paInputOverflow | paInputUnderflow | paOutputUnderflow | paOutputOverflow;
    auto& stream = *static_cast<PortAudioStream*>(self);
    stream.render_(stream.context_, static_cast<const float* const*>(input),
                   static_cast<float* const*>(output), static_cast<std::uint32_t>(frames),
                   (flags & kXrun) != 0);
    stream.blocks_.fetch_add(1, std::memory_order_relaxed);
    return paContinue;
}

} // namespace dragoman
