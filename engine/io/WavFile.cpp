// See WavFile.h. libsndfile handles every WAV variant (PCM 16/24/32, float, extensible).
#include "WavFile.h"

#include <cmath>
#include <sndfile.h>
#include <stdexcept>
#include <string>

namespace dragoman {
namespace {

struct SndfileCloser {
    void operator()(SNDFILE* f) const { sf_close(f); }
};
using SndfileHandle = std::unique_ptr<SNDFILE, SndfileCloser>;

} // namespace

std::vector<float> Audio::channel(std::uint32_t index) const {
    std::vector<float> out(frames());
    for (std::size_t i = 0; i < out.size(); ++i)
        out[i] = samples[i * channels + index];
    return out;
}

Audio readAudioFile(const std::filesystem::path& file) {
    SF_INFO info{};
    SndfileHandle handle(sf_open(file.c_str(), SFM_READ, &info));
    if (!handle)
        throw std::runtime_error("cannot read audio file " + file.string() + ": " +
                                 sf_strerror(nullptr));
    Audio audio;
    audio.sampleRate = info.samplerate;
    audio.channels = static_cast<std::uint32_t>(info.channels);
    audio.samples.resize(static_cast<std::size_t>(info.frames) * audio.channels);
    const sf_count_t read = sf_readf_float(handle.get(), audio.samples.data(), info.frames);
    if (read != info.frames)
        throw std::runtime_error("audio file " + file.string() + " is truncated: read " +
                                 std::to_string(read) + " of " + std::to_string(info.frames) +
                                 " frames");
    return audio;
}

void writeWavFile(const std::filesystem::path& file, double sampleRate, std::uint32_t channels,
                  const std::vector<float>& interleaved) {
    SF_INFO info{};
    info.samplerate = static_cast<int>(std::lround(sampleRate));
    info.channels = static_cast<int>(channels);
    info.format = SF_FORMAT_WAV | SF_FORMAT_FLOAT;
    SndfileHandle handle(sf_open(file.c_str(), SFM_WRITE, &info));
    if (!handle)
        throw std::runtime_error("cannot write audio file " + file.string() + ": " +
                                 sf_strerror(nullptr));
    const auto frames = static_cast<sf_count_t>(interleaved.size() / channels);
    if (sf_writef_float(handle.get(), interleaved.data(), frames) != frames)
        throw std::runtime_error("cannot write audio file " + file.string() + ": " +
                                 sf_strerror(handle.get()));
}

} // namespace dragoman
