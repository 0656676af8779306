// See WavFileWriter.h.
#include "WavFileWriter.h"

#include <cmath>
#include <sndfile.h>
#include <stdexcept>
#include <string>

namespace dragoman {
namespace {

[[noreturn]] void refuse(const std::filesystem::path& file, const std::string& why) {
    throw std::runtime_error("cannot write audio file " + file.string() + ": " + why);
}

} // namespace

void WavFileWriter::Closer::operator()(sf_private_tag* file) const {
    sf_close(file);
}

WavFileWriter::WavFileWriter(const std::filesystem::path& file, double sampleRate,
                             std::uint32_t channels, std::uint64_t frames)
    : file_(file), channels_(channels) {
    // WAV's sizes are 32-bit; a little room is left for the header chunks.
    const bool large = frames * channels * sizeof(float) > 0xFFFFFFFFull - (1u << 16);
    SF_INFO info{};
    info.samplerate = static_cast<int>(std::lround(sampleRate));
    info.channels = static_cast<int>(channels);
    info.format = (large ? SF_FORMAT_RF64 : SF_FORMAT_WAV) | SF_FORMAT_FLOAT;
    handle_.reset(sf_open(file.c_str(), SFM_WRITE, &info));
    if (!handle_)
        refuse(file, sf_strerror(nullptr));
}

WavFileWriter::~WavFileWriter() = default;
WavFileWriter::WavFileWriter(WavFileWriter&&) noexcept = default;
WavFileWriter& WavFileWriter::operator=(WavFileWriter&&) noexcept = default;

void WavFileWriter::write(std::span<const float> interleaved) {
    const auto frames = static_cast<sf_count_t>(interleaved.size() / channels_);
    if (sf_writef_float(handle_.get(), interleaved.data(), frames) != frames)
        refuse(file_, sf_strerror(handle_.get()));
}

void WavFileWriter::close() {
    if (handle_ && sf_close(handle_.release()) != 0)
        refuse(file_, "closing it failed (disk full?)");
}

} // namespace dragoman
