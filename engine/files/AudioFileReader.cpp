// See AudioFileReader.h.
#include "AudioFileReader.h"

#include "WavDataLength.h"

#include <fstream>
#include <sndfile.h>
#include <stdexcept>
#include <string>
#include <vector>

namespace dragoman {
namespace {

[[noreturn]] void refuse(const std::filesystem::path& file, const std::string& why) {
    throw std::runtime_error("cannot read audio file " + file.string() + ": " + why);
}

// A WAV cut short opens in libsndfile, shortened to what is there: checked from its header.
void checkNotTruncated(const std::filesystem::path& file, std::uint64_t fileBytes) {
    std::ifstream in(file, std::ios::binary);
    std::vector<std::uint8_t> head(
        static_cast<std::size_t>(std::min<std::uint64_t>(fileBytes, kWavHeadBytes)));
    in.read(reinterpret_cast<char*>(head.data()), static_cast<std::streamsize>(head.size()));
    head.resize(static_cast<std::size_t>(in.gcount()));
    const auto length = findWavDataLength(head, fileBytes);
    if (length && length->truncated())
        refuse(file, "it is cut short: " + length->describe() +
                         " (copied or recorded incompletely? `sox` rewrites it with what is "
                         "there, if that is what you want)");
}

} // namespace

void AudioFileReader::Closer::operator()(sf_private_tag* file) const {
    sf_close(file);
}

AudioFileReader::AudioFileReader(const std::filesystem::path& file) : file_(file) {
    std::error_code error;
    const auto status = std::filesystem::status(file, error);
    if (error || !std::filesystem::exists(status))
        refuse(file, "no such file");
    if (!std::filesystem::is_regular_file(status))
        refuse(file, "not a regular file");
    const std::uint64_t bytes = std::filesystem::file_size(file, error);
    if (error)
        refuse(file, error.message());
    checkNotTruncated(file, bytes);
    SF_INFO info{};
    handle_.reset(sf_open(file.c_str(), SFM_READ, &info));
    if (!handle_)
        refuse(file, sf_strerror(nullptr));
    if (info.channels <= 0 || info.samplerate <= 0 || info.frames < 0)
        refuse(file, "no channels or no sample rate in its header");
    sampleRate_ = info.samplerate;
    channels_ = static_cast<std::uint32_t>(info.channels);
    frames_ = static_cast<std::size_t>(info.frames);
}

AudioFileReader::~AudioFileReader() = default;
AudioFileReader::AudioFileReader(AudioFileReader&&) noexcept = default;
AudioFileReader& AudioFileReader::operator=(AudioFileReader&&) noexcept = default;

std::size_t AudioFileReader::read(std::span<float> interleaved) {
    const std::size_t wanted = std::min(interleaved.size() / channels_, frames_ - framesRead_);
    if (wanted == 0)
        return 0;
    const sf_count_t got =
        sf_readf_float(handle_.get(), interleaved.data(), static_cast<sf_count_t>(wanted));
    if (got != static_cast<sf_count_t>(wanted))
        refuse(file_, "read " + std::to_string(framesRead_ + static_cast<std::size_t>(got)) +
                          " of " + std::to_string(frames_) +
                          " frames: " + sf_strerror(handle_.get()));
    framesRead_ += wanted;
    return wanted;
}

} // namespace dragoman
