// A 32-bit float WAV written a chunk at a time (lossless: rendered files compare sample by
// sample). Plain WAV, what every player reads, unless the frames it will hold pass WAV's 4 GB
// (about 6 hours of 48 kHz mono): then RF64, the WAV without that limit. Control/worker threads
// only.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>

struct sf_private_tag;

namespace dragoman {

class WavFileWriter {
public:
    // Creates or truncates `file` for `frames` frames (more may be written into an RF64 one).
    // Throws std::runtime_error naming it.
    WavFileWriter(const std::filesystem::path& file, double sampleRate, std::uint32_t channels,
                  std::uint64_t frames);
    ~WavFileWriter();
    WavFileWriter(WavFileWriter&&) noexcept;
    WavFileWriter& operator=(WavFileWriter&&) noexcept;

    // Appends interleaved frames. Throws std::runtime_error naming the file (a full disk).
    void write(std::span<const float> interleaved);
    // Writes the header's final sizes and closes; throws if that fails. (The destructor closes
    // too, without a word, for a render that failed anyway.)
    void close();

private:
    struct Closer {
        void operator()(sf_private_tag* file) const;
    };
    std::filesystem::path file_;
    std::unique_ptr<sf_private_tag, Closer> handle_;
    std::uint32_t channels_ = 1;
};

} // namespace dragoman
