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
    const Session session = engine.session();
    sampleRate_ = settings.sampleRate > 0.0 ? settings.sampleRate : engine.sampleRate();
    floorFrom_.assign(layout.floor.size(), -1);
    micFrom_.assign(layout.consolePorts, -1);
    channelTo_.assign(layout.channelPorts, -1);
    phonesTo_.assign(layout.consolePorts, -1);
    auto portOf = [](const std::vector<EnginePort>& ports, const std::string& name) {
        for (const EnginePort& p : ports)
            if (p.name == name)
                return static_cast<int>(p.port);
        return -1;
    };
    if (session.io) {
        // The session's I/O map: device channels numbered from 1; each must exist.
        int maxIn = 0, maxOut = 0;
        auto check = [&device](int channel, int available, const std::string& path,
                               const char* direction) {
            if (channel > available)
                throw std::runtime_error(path + ": device " + direction + " " +
                                         std::to_string(channel) + ", but \"" + device.name +
                                         "\" has " + std::to_string(available));
            return channel - 1;
        };
        for (std::size_t f = 0; f < session.io->floor.size() && f < floorFrom_.size(); ++f) {
            floorFrom_[f] = check(session.io->floor[f], device.inputChannels,
                                  "io.floor[" + std::to_string(f) + "]", "input");
            maxIn = std::max(maxIn, session.io->floor[f]);
        }
        for (const auto& [id, channel] : session.io->mics)
            if (const int port = portOf(layout.mics, "mic " + id); port >= 0) {
                micFrom_[static_cast<std::size_t>(port)] =
                    check(channel, device.inputChannels, "io.mics." + id, "input");
                maxIn = std::max(maxIn, channel);
            }
        for (const auto& [id, channel] : session.io->channels)
            if (const int port = portOf(layout.channels, "channel " + id); port >= 0) {
                channelTo_[static_cast<std::size_t>(port)] =
                    check(channel, device.outputChannels, "io.channels." + id, "output");
                maxOut = std::max(maxOut, channel);
            }
        for (const auto& [id, channel] : session.io->phones)
            if (const int port = portOf(layout.phones, "phones " + id); port >= 0) {
                phonesTo_[static_cast<std::size_t>(port)] =
                    check(channel, device.outputChannels, "io.phones." + id, "output");
                maxOut = std::max(maxOut, channel);
            }
        inputChannels_ = maxIn;
        outputChannels_ = maxOut;
    } else {
        // No map: device channels in session order (floor, mics / channels, phones).
        const int wantIn = static_cast<int>(layout.floor.size() + layout.mics.size());
        const int wantOut = static_cast<int>(layout.channels.size() + layout.phones.size());
        inputChannels_ = std::min(wantIn, device.inputChannels);
        outputChannels_ = std::min(wantOut, device.outputChannels);
        int next = 0;
        for (std::size_t f = 0; f < layout.floor.size(); ++f, ++next)
            floorFrom_[f] = next < inputChannels_ ? next : -1;
        for (const EnginePort& mic : layout.mics)
            micFrom_[mic.port] = next < inputChannels_ ? next : -1, ++next;
        next = 0;
        for (const EnginePort& channel : layout.channels)
            channelTo_[channel.port] = next < outputChannels_ ? next : -1, ++next;
        for (const EnginePort& phones : layout.phones)
            phonesTo_[phones.port] = next < outputChannels_ ? next : -1, ++next;
    }
    if (outputChannels_ == 0)
        throw std::runtime_error("audio device \"" + device.name +
                                 "\": nothing to play (no outputs)");
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
