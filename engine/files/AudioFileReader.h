// An audio file read in order, a chunk at a time, so that an hour's input never has to fit in
// memory (libsndfile: every WAV variant, RF64, FLAC...). Refuses what is not a regular file and
// a WAV shorter than its header says. Control/worker threads only.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>

struct sf_private_tag;

namespace dragoman {

class AudioFileReader {
public:
    // Throws std::runtime_error naming the file and what is wrong with it.
    explicit AudioFileReader(const std::filesystem::path& file);
    ~AudioFileReader();
    AudioFileReader(AudioFileReader&&) noexcept;
    AudioFileReader& operator=(AudioFileReader&&) noexcept;

    double sampleRate() const { return sampleRate_; }
    std::uint32_t channels() const { return channels_; }
    std::size_t frames() const { return frames_; }
    const std::filesystem::path& file() const { return file_; }

    // Reads the next interleaved frames into `interleaved` (a whole number of frames); returns
    // how many, fewer only at the end. Throws std::runtime_error naming the file on a read error.
    std::size_t read(std::span<float> interleaved);

private:
    struct Closer {
        void operator()(sf_private_tag* file) const;
    };
    std::filesystem::path file_;
    std::unique_ptr<sf_private_tag, Closer> handle_;
    double sampleRate_ = 0.0;
    std::uint32_t channels_ = 0;
    std::size_t frames_ = 0;
    std::size_t framesRead_ = 0;
};

} // namespace dragoman
