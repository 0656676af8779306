// See WavFile.h: whole files, through AudioFileReader and WavFileWriter.
#include "WavFile.h"

#include "AudioFileReader.h"
#include "WavFileWriter.h"

namespace dragoman {

std::vector<float> Audio::channel(std::uint32_t index) const {
    std::vector<float> out(frames());
    for (std::size_t i = 0; i < out.size(); ++i)
        out[i] = samples[i * channels + index];
    return out;
}

Audio readAudioFile(const std::filesystem::path& file) {
    AudioFileReader reader(file);
    Audio audio;
    audio.sampleRate = reader.sampleRate();
    audio.channels = reader.channels();
    audio.samples.resize(reader.frames() * reader.channels());
    reader.read(audio.samples);
    return audio;
}

void writeWavFile(const std::filesystem::path& file, double sampleRate, std::uint32_t channels,
                  const std::vector<float>& interleaved) {
    WavFileWriter writer(file, sampleRate, channels, interleaved.size() / channels);
    writer.write(interleaved);
    writer.close();
}

} // namespace dragoman
