// A recording's loudness log, beside it as <recording>.loudness.jsonl (EBU R128, by libebur128
// on the recorder's thread): one JSON line per minute of audio (the minute's true peak, the
// last three seconds and the running integrated loudness), and on closing a summary line (the
// whole file's integrated loudness, loudness range and true peak). Written a line at a time,
// so a run killed mid-way keeps every finished minute. A log that cannot be written never
// stops the recording: it goes quiet, and says why in problem().
#pragma once

#include <cstdint>
#include <memory>
#include <string>

namespace dragoman {

class LoudnessLog {
public:
    LoudnessLog(std::string path, int channels, double sampleRate);
    ~LoudnessLog(); // the summary line
    LoudnessLog(const LoudnessLog&) = delete;
    LoudnessLog& operator=(const LoudnessLog&) = delete;

    // Interleaved frames, as the recording gets them.
    void add(const float* interleaved, std::uint32_t frames);

    const std::string& path() const { return path_; }
    const std::string& problem() const { return problem_; }

private:
    struct Meters;
    void writeLine(const std::string& line);

    std::string path_;
    double sampleRate_;
    std::unique_ptr<Meters> meters_;
    std::uint64_t frames_ = 0;
    std::uint64_t minuteFrames_ = 0; // into the current minute
    int minute_ = 0;
    std::string problem_;
};

} // namespace dragoman
