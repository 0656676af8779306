// One recording on disk: an Ogg Opus file (libopusenc) or a WAV file (libsndfile), created
// without ever replacing an existing file, written from the recorder's writer thread.
//
// Crash safety: Opus pages reach the file at most half a second of audio after the samples
// (libopusenc's decision and muxing delays are cut from 2 s and 1 s), and every page goes
// straight to write(2) with no user-space buffer, so after a `kill -9` the file decodes up
// to within a second of the kill. WAV headers are rewritten after every write, so a killed
// WAV file says its true length too.
#pragma once

#include "record/OpusEncoding.h"
#include "session/Session.h"

#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace dragoman {

// A file that cannot be created or written: the path, and the system's reason ("No space
// left on device").
class RecordingError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

class RecordingFile {
public:
    virtual ~RecordingFile() = default;
    // `frames` interleaved frames. Throws RecordingError (the file keeps what it has).
    virtual void write(const float* interleaved, std::uint32_t frames) = 0;
    // Pushes what the OS holds to the disk (power loss, not crashes). Throws RecordingError.
    virtual void sync() = 0;
    const std::string& path() const { return path_; }

protected:
    explicit RecordingFile(std::string path) : path_(std::move(path)) {}
    std::string path_;
};

// Both throw RecordingError if the file exists or cannot be created.
std::unique_ptr<RecordingFile> createOpusRecording(const std::string& path, int channels,
                                                   double sampleRate, const OpusSettings& opus,
                                                   const RecordingTags& tags);
std::unique_ptr<RecordingFile> createWavRecording(const std::string& path, int channels,
                                                  double sampleRate);

} // namespace dragoman
