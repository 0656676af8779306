// WAV files for the offline render, through libsndfile. Control/worker threads only.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <vector>

namespace dragoman {

struct Audio {
    double sampleRate = 48000.0;
    std::uint32_t channels = 1;
    std::vector<float> samples; // interleaved
    std::size_t frames() const { return channels == 0 ? 0 : samples.size() / channels; }
    // One channel, de-interleaved.
    std::vector<float> channel(std::uint32_t index) const;
};

// Throws std::runtime_error naming the file and libsndfile's reason.
Audio readAudioFile(const std::filesystem::path& file);

// Writes a mono or multichannel 32-bit float WAV (lossless: rendered files can be compared
// sample by sample). Throws std::runtime_error naming the file.
void writeWavFile(const std::filesystem::path& file, double sampleRate, std::uint32_t channels,
                  const std::vector<float>& interleaved);

} // namespace dragoman
