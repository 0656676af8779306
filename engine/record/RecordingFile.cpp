// See RecordingFile.h.
#include "RecordingFile.h"

#include "record/OpusEncoding.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <opus/opusenc.h>
#include <sndfile.h>
#include <unistd.h>

namespace dragoman {
namespace {

std::string systemError(const std::string& path, int error) {
    return path + ": " + std::strerror(error);
}

// O_EXCL: a recording never replaces a file, least of all an earlier recording.
int createExclusive(const std::string& path) {
    const int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (fd < 0)
        throw RecordingError(systemError(path, errno));
    return fd;
}

class OpusRecording final : public RecordingFile {
public:
    OpusRecording(const std::string& path, int channels, double sampleRate,
                  const OpusSettings& opus, const RecordingTags& tags)
        : RecordingFile(path), fd_(createExclusive(path)) {
        OggOpusComments* comments = opusComments(tags);
        const OpusEncCallbacks callbacks{&OpusRecording::writePage, &OpusRecording::closeFile};
        int error = 0;
        encoder_ = ope_encoder_create_callbacks(&callbacks, this, comments,
                                                static_cast<opus_int32>(sampleRate), channels,
                                                channels <= 2 ? 0 : 1, &error);
        ope_comments_destroy(comments);
        if (encoder_ == nullptr) {
            close(fd_);
            unlink(path.c_str()); // an empty file with no header is no recording
            throw RecordingError(path + ": cannot start the Opus encoder (" + ope_strerror(error) +
                                 ")");
        }
        configureOpusEncoder(encoder_, opus, 19200, // pages of at most 0.4 s
                             OpusBitrate::Variable);
        if (ope_encoder_flush_header(encoder_) != OPE_OK) {
            // No destructor runs for a constructor that throws: let go of all here. A file
            // without its header holds nothing, so it goes too (and does not take a name).
            const RecordingError failure(systemError(path, writeErrno_ != 0 ? writeErrno_ : EIO));
            ope_encoder_destroy(encoder_);
            close(fd_);
            unlink(path.c_str());
            throw failure;
        }
    }

    ~OpusRecording() override {
        ope_encoder_drain(encoder_); // the last page; an error here has nowhere to go
        ope_encoder_destroy(encoder_);
        if (fd_ >= 0)
            close(fd_);
    }

    void write(const float* interleaved, std::uint32_t frames) override {
        if (ope_encoder_write_float(encoder_, interleaved, static_cast<int>(frames)) != OPE_OK)
            failWrite();
    }

    void sync() override {
        if (fdatasync(fd_) != 0)
            throw RecordingError(systemError(path_, errno));
    }

private:
    [[noreturn]] void failWrite() {
        throw RecordingError(systemError(path_, writeErrno_ != 0 ? writeErrno_ : EIO));
    }

    static int writePage(void* self, const unsigned char* data, opus_int32 length) {
        auto& file = *static_cast<OpusRecording*>(self);
        while (length > 0) {
            const ssize_t n = ::write(file.fd_, data, static_cast<std::size_t>(length));
            if (n < 0 && errno == EINTR)
                continue;
            if (n <= 0) {
                file.writeErrno_ = n < 0 ? errno : ENOSPC;
                return 1;
            }
            data += n;
            length -= static_cast<opus_int32>(n);
        }
        return 0;
    }
    static int closeFile(void*) { return 0; } // the destructor closes

    int fd_;
    int writeErrno_ = 0;
    OggOpusEnc* encoder_ = nullptr;
};

class WavRecording final : public RecordingFile {
public:
    WavRecording(const std::string& path, int channels, double sampleRate) : RecordingFile(path) {
        const int fd = createExclusive(path);
        SF_INFO info{};
        info.samplerate = static_cast<int>(sampleRate);
        info.channels = channels;
        info.format = SF_FORMAT_WAV | SF_FORMAT_PCM_24;
        file_ = sf_open_fd(fd, SFM_WRITE, &info, SF_TRUE);
        if (file_ == nullptr) {
            close(fd);
            unlink(path.c_str());
            throw RecordingError(path + ": " + sf_strerror(nullptr));
        }
        // The header's sizes follow every write, so a killed recording still reads whole.
        sf_command(file_, SFC_SET_UPDATE_HEADER_AUTO, nullptr, SF_TRUE);
        sf_command(file_, SFC_SET_CLIPPING, nullptr, SF_TRUE);
    }
    ~WavRecording() override { sf_close(file_); }

    void write(const float* interleaved, std::uint32_t frames) override {
        errno = 0;
        if (sf_writef_float(file_, interleaved, frames) != static_cast<sf_count_t>(frames)) {
            const int error = errno;
            throw RecordingError(error != 0 ? systemError(path_, error)
                                            : path_ + ": " + sf_strerror(file_));
        }
    }

    void sync() override { sf_write_sync(file_); }

private:
    SNDFILE* file_ = nullptr;
};

} // namespace

std::unique_ptr<RecordingFile> createOpusRecording(const std::string& path, int channels,
                                                   double sampleRate, const OpusSettings& opus,
                                                   const RecordingTags& tags) {
    return std::make_unique<OpusRecording>(path, channels, sampleRate, opus, tags);
}

std::unique_ptr<RecordingFile> createWavRecording(const std::string& path, int channels,
                                                  double sampleRate) {
    return std::make_unique<WavRecording>(path, channels, sampleRate);
}

} // namespace dragoman
