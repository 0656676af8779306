// Audio files as they come from outside: read in chunks, and refused, naming the file, when
// they are not regular files or are shorter than their header says. Files written by
// WavFileWriter and cut short with std::filesystem::resize_file, as an interrupted copy would.
#include "files/AudioFileReader.h"

#include "files/WavDataLength.h"
#include "files/WavFileWriter.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

using namespace dragoman;

namespace {

std::filesystem::path scratch(const std::string& name) {
    return std::filesystem::temp_directory_path() /
           ("dragoman-reader-" + std::to_string(getpid()) + "-" + name);
}

// A ramp, so every frame read back is known.
std::filesystem::path writeRamp(const std::string& name, std::size_t frames) {
    std::vector<float> ramp(frames);
    for (std::size_t i = 0; i < frames; ++i)
        ramp[i] = static_cast<float>(i) / static_cast<float>(frames);
    const auto file = scratch(name);
    WavFileWriter writer(file, 48000.0, 1, frames);
    writer.write(ramp);
    writer.close();
    return file;
}

std::vector<std::uint8_t> bytesOf(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), {}};
}

} // namespace

TEST_CASE("an audio file is read in chunks, every frame in order", "[files]") {
    const auto file = writeRamp("whole.wav", 48000);
    AudioFileReader reader(file);
    CHECK(reader.frames() == 48000);
    CHECK(reader.channels() == 1);
    CHECK(reader.sampleRate() == 48000.0);
    std::vector<float> chunk(5000);
    std::size_t position = 0;
    bool inOrder = true;
    while (const std::size_t got = reader.read(chunk)) {
        for (std::size_t i = 0; i < got; ++i)
            inOrder = inOrder && chunk[i] == static_cast<float>(position + i) / 48000.0f;
        position += got;
    }
    CHECK(position == 48000);
    CHECK(inOrder);
    std::filesystem::remove(file);
}

TEST_CASE("a WAV cut short is refused with what its header promised and what it holds", "[files]") {
    const auto file = writeRamp("short.wav", 48000); // 1 s of 32-bit float: 192000 bytes
    const auto whole = std::filesystem::file_size(file);
    std::filesystem::resize_file(file, whole - 192000 + 1920); // 0.01 s left
    CHECK_THROWS_WITH(AudioFileReader(file),
                      Catch::Contains("cannot read audio file " + file.string()) &&
                          Catch::Contains("its header promises 1.000 s of audio but the file "
                                          "holds 0.010 s"));
    std::filesystem::remove(file);
}

TEST_CASE("a directory or a FIFO is not an audio file", "[files]") {
    const auto directory = scratch("dir");
    std::filesystem::create_directory(directory);
    CHECK_THROWS_WITH(AudioFileReader(directory), Catch::Contains("not a regular file"));
    std::filesystem::remove(directory);
    const auto fifo = scratch("fifo");
    REQUIRE(mkfifo(fifo.c_str(), 0600) == 0);
    CHECK_THROWS_WITH(AudioFileReader(fifo), Catch::Contains("not a regular file"));
    std::filesystem::remove(fifo);
    CHECK_THROWS_WITH(AudioFileReader(scratch("absent.wav")), Catch::Contains("no such file"));
}

TEST_CASE("the WAV header walk skips chunks before the data and ignores unknown lengths",
          "[files]") {
    const auto file = writeRamp("walk.wav", 4800);
    std::vector<std::uint8_t> bytes = bytesOf(file);
    std::filesystem::remove(file);
    const auto whole = findWavDataLength(bytes, bytes.size());
    REQUIRE(whole.has_value());
    CHECK_FALSE(whole->truncated());
    CHECK(whole->promisedBytes == 4800 * 4);
    CHECK(whole->bytesPerSecond == 48000 * 4);
    // Cut off: still found from the header, and truncated.
    const auto cut = findWavDataLength(bytes, bytes.size() - 100);
    REQUIRE(cut.has_value());
    CHECK(cut->truncated());
    // Not RIFF/WAVE: nothing to say.
    std::vector<std::uint8_t> notWav = bytes;
    notWav[0] = 'X';
    CHECK_FALSE(findWavDataLength(notWav, notWav.size()).has_value());
    // A recorder that never finished writes 0 or 0xFFFFFFFF: not a promise.
    const auto data =
        std::search(bytes.begin(), bytes.end(), std::begin("data"), std::begin("data") + 4);
    REQUIRE(data != bytes.end());
    std::fill(data + 4, data + 8, 0xFF);
    CHECK_FALSE(findWavDataLength(bytes, bytes.size()).has_value());
    // A chunk size that runs past the bytes held ends the walk without a word.
    std::vector<std::uint8_t> runaway = {'R', 'I', 'F', 'F', 0,   0,   0,    0,    'W',  'A',
                                         'V', 'E', 'L', 'I', 'S', 'T', 0xFF, 0xFF, 0xFF, 0x7F};
    CHECK_FALSE(findWavDataLength(runaway, 1u << 31).has_value());
}

TEST_CASE("a WAV that will pass 4 GB is written as RF64, and reads back", "[files]") {
    const auto file = scratch("large.wav");
    {
        // Told of six and a half hours: RF64 from the start (only a second is written here).
        WavFileWriter writer(file, 48000.0, 1, 48000ull * 3600 * 13 / 2);
        writer.write(std::vector<float>(48000, 0.25f));
        writer.close();
    }
    const std::vector<std::uint8_t> bytes = bytesOf(file);
    REQUIRE(bytes.size() > 4);
    CHECK(std::string(bytes.begin(), bytes.begin() + 4) == "RF64");
    AudioFileReader reader(file);
    CHECK(reader.frames() == 48000);
    std::vector<float> back(48000);
    CHECK(reader.read(back) == 48000);
    CHECK(back.back() == 0.25f);
    std::filesystem::remove(file);
}
