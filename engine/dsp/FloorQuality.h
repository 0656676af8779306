// Is the floor good enough to interpret? A meter of the floor's own signal (ISO 24019 asks that
// interpreters be told the quality of what they work from): its bandwidth (energy above 4, 8
// and 12 kHz against the speech band), clipping (flat tops), its speech level, the noise in its
// pauses, and dropouts (runs of 5 to 100 ms of digital silence between sounds); where the
// floor arrives over the network (a meeting), the packets its path lost. Judged over the
// last three seconds, so a warning comes within a few seconds of the fault and goes as soon after
// it.
//
// Control thread: the audio thread only copies the floor out (record/SignalTap); the analysis
// (Goertzel sums over the bins of each band, under a Hann window) runs here, off its budget.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <string>
#include <vector>

namespace dragoman {

// What is wrong with the floor, each with its reason for a person.
struct FloorProblem {
    enum class Kind {
        Narrowband, // nothing above 4 kHz: a telephone line
        NoHighs,    // nothing above 8 kHz: a headset or a narrow codec
        Clipped,    // flat tops: overloaded on the way
        TooQuiet,
        TooLoud,
        Noisy,      // loud noise in the pauses
        BreakingUp, // dropouts inside speech
        PacketLoss, // its network path loses packets (judged with or without speech)
    };
    Kind kind;
    std::string reason; // "nothing above 4 kHz (a telephone line?): 62 dB below the speech band"
    bool operator==(const FloorProblem&) const = default;
};

struct FloorQualityReading {
    bool judged = false; // enough speech in the window to say anything
    // Energy in 4.5-7, 8.5-12 and 12.5-16 kHz against 0.3-3.4 kHz, in dB, over speech.
    double above4kDb = 0.0, above8kDb = 0.0, above12kDb = 0.0;
    double speechDbfs = -120.0; // the median level of speech
    double noiseDbfs = -120.0;  // the level of the quietest tenth of the window (the pauses)
    double clippedPercent = 0.0;
    int dropouts = 0;
    double networkLossPercent = 0.0;    // of the floor's packets, where it comes over a network
    std::vector<FloorProblem> problems; // none: the floor is fine (or not judged yet)
};

// A network path's packets so far: received, and lost beyond repair.
struct FloorPathCount {
    std::uint64_t received = 0;
    std::uint64_t lost = 0;
};

// What is wrong with the floor, for a person: the problems' reasons joined by "; ", "" when
// nothing is (or nothing is judged).
std::string describeProblems(const FloorQualityReading& reading);

class FloorQualityMeter {
public:
    explicit FloorQualityMeter(double sampleRate);

    // The floor's next samples (mono: its channels averaged), any count.
    void analyse(const float* samples, std::size_t count);
    // Where the floor comes over a network: its path's packets so far, as often as samples are
    // analysed.
    void networkPath(FloorPathCount count);
    FloorQualityReading reading() const;

    static constexpr std::size_t kWindow = 1024;  // 21 ms at 48 kHz, 47 Hz a bin
    static constexpr double kJudgedSeconds = 3.0; // the window judged

private:
    struct Slice { // one analysis window
        double rms = 0.0, peak = 0.0;
        bool hasBands = false; // the band powers below were measured (every fourth window)
        double speechBand = 0.0, above4k = 0.0, above8k = 0.0, above12k = 0.0;
        std::size_t clipped = 0; // samples in flat tops
        bool dropout = false;    // a run of digital silence of 5 to 100 ms, sound around it
    };
    void analyseWindow();

    const double sampleRate_;
    std::vector<float> pending_;
    std::vector<double> hann_, windowed_;
    std::deque<Slice> slices_;
    struct PathCount {
        std::size_t slice; // slicesSeen_ when counted
        FloorPathCount count;
    };
    std::deque<PathCount> path_; // the last three seconds' counts, oldest first
    std::size_t slicesSeen_ = 0;
    std::size_t zeroRun_ = 0;  // exact zeros in a row, across windows
    bool soundBefore_ = false; // a sample that was not zero came before them
};

} // namespace dragoman
