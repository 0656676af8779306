// The floor quality meter on real signals: one speech-like signal (made here: syllables of
// voiced harmonics and breath noise, pauses with a room's faint noise), then the same signal
// band-limited to 3.4 and 7 kHz (sox's steep sinc filter, as a telephone line and a wideband
// codec cut it), clipped, with 10 % of its 20 ms frames dropped, under a hiss, and too quiet. Each
// must be told for what it is within a few seconds and stay so; the clean floor must raise nothing
// at any time.
#include "dsp/FloorQuality.h"

#include "files/AudioFileReader.h"
#include "files/WavFileWriter.h"

#include <catch2/catch.hpp>
#include <cmath>
#include <cstdlib>
#include <numbers>
#include <random>
#include <set>
#include <unistd.h>

using namespace dragoman;

namespace {

constexpr double kRate = 48000.0;

// Twelve seconds of speech-like sound at about -20 dBFS in speech.
std::vector<float> speechLike() {
    std::mt19937 random(2026);
    std::uniform_real_distribution<double> uniform(-1.0, 1.0);
    std::uniform_real_distribution<double> syllableSeconds(0.15, 0.3), pauseSeconds(0.1, 0.4);
    std::vector<float> out;
    double phase = 0.0;
    while (out.size() < static_cast<std::size_t>(12 * kRate)) {
        // A word of two to four syllables, then a pause.
        const int syllables = 2 + static_cast<int>(random() % 3);
        for (int s = 0; s < syllables; ++s) {
            const auto n = static_cast<std::size_t>(syllableSeconds(random) * kRate);
            const double pitch = 110.0 + 60.0 * (uniform(random) + 1.0);
            const bool breathy = s % 2 == 1;
            for (std::size_t i = 0; i < n; ++i) {
                const double envelope =
                    std::sin(std::numbers::pi * static_cast<double>(i) / static_cast<double>(n));
                phase += 2.0 * std::numbers::pi * pitch / kRate;
                double voiced = 0.0;
                for (int k = 1; k * pitch < 6000.0; ++k)
                    voiced += std::sin(k * phase) / k;
                const double breath = uniform(random);
                out.push_back(
                    static_cast<float>(envelope * (breathy ? 0.08 * voiced + 0.12 * breath
                                                           : 0.15 * voiced + 0.02 * breath) +
                                       0.0003 * uniform(random)));
            }
        }
        const auto pause = static_cast<std::size_t>(pauseSeconds(random) * kRate);
        for (std::size_t i = 0; i < pause; ++i)
            out.push_back(static_cast<float>(0.0003 * uniform(random)));
    }
    return out;
}

// `signal` through sox with `effect` (e.g. "sinc -3400").
std::vector<float> throughSox(const std::vector<float>& signal, const std::string& effect) {
    const std::string base = "/tmp/dragoman-floor-quality-" + std::to_string(getpid());
    {
        WavFileWriter writer(base + "-in.wav", kRate, 1, signal.size());
        writer.write(signal);
        writer.close();
    }
    REQUIRE(std::system(("sox " + base + "-in.wav -b 32 -e float " + base + "-out.wav " + effect)
                            .c_str()) == 0);
    AudioFileReader reader(base + "-out.wav");
    std::vector<float> out(reader.frames());
    out.resize(reader.read(out));
    std::remove((base + "-in.wav").c_str());
    std::remove((base + "-out.wav").c_str());
    return out;
}

std::set<FloorProblem::Kind> kindsOf(const FloorQualityReading& reading) {
    std::set<FloorProblem::Kind> kinds;
    for (const FloorProblem& p : reading.problems)
        kinds.insert(p.kind);
    return kinds;
}

struct Judgement {
    double firstRightAt = -1.0; // seconds into the signal when the verdict became `expected`
    bool stayedRight = true;    // and stayed so to the end
    FloorQualityReading last;
    FloorQualityReading wrong; // the first verdict after that which was not `expected`
    double wrongAt = -1.0;
};

// Feeds `signal` in 10 ms pieces, as the floor arrives, and follows the verdict.
Judgement judge(const std::vector<float>& signal, const std::set<FloorProblem::Kind>& expected) {
    FloorQualityMeter meter(kRate);
    Judgement j;
    constexpr std::size_t piece = 480;
    for (std::size_t at = 0; at + piece <= signal.size(); at += piece) {
        meter.analyse(signal.data() + at, piece);
        j.last = meter.reading();
        const bool right = kindsOf(j.last) == expected && (expected.empty() || j.last.judged);
        if (right && j.firstRightAt < 0.0)
            j.firstRightAt = static_cast<double>(at + piece) / kRate;
        else if (!right && j.firstRightAt >= 0.0 && j.stayedRight) {
            j.stayedRight = false;
            j.wrong = j.last;
            j.wrongAt = static_cast<double>(at + piece) / kRate;
        }
    }
    return j;
}

std::string describe(const Judgement& j) {
    std::string text =
        "after " + std::to_string(j.firstRightAt) + " s; last: speech " +
        std::to_string(j.last.speechDbfs) + " dBFS, noise " + std::to_string(j.last.noiseDbfs) +
        " dBFS, >4k " + std::to_string(j.last.above4kDb) + " dB, >8k " +
        std::to_string(j.last.above8kDb) + " dB, >12k " + std::to_string(j.last.above12kDb) +
        " dB, clipped " + std::to_string(j.last.clippedPercent) + " %, dropouts " +
        std::to_string(j.last.dropouts) + ";";
    for (const FloorProblem& p : j.last.problems)
        text += " [" + p.reason + "]";
    if (!j.stayedRight) {
        text += " wrong at " + std::to_string(j.wrongAt) + " s:";
        for (const FloorProblem& p : j.wrong.problems)
            text += " [" + p.reason + "]";
    }
    return text;
}

// `signal` told as `expected` within a few seconds, and so to its end.
void checkTold(const std::vector<float>& signal, const std::set<FloorProblem::Kind>& expected,
               const std::string& what) {
    const Judgement j = judge(signal, expected);
    INFO(describe(j));
    CHECK(j.firstRightAt > 0.0);
    CHECK(j.firstRightAt < 4.0);
    CHECK(j.stayedRight);
    WARN(what << " told " << describe(j));
}

} // namespace

TEST_CASE("the floor quality meter tells a clean floor from a narrow, clipped or broken one",
          "[dsp][floor-quality]") {
    using Kind = FloorProblem::Kind;
    const std::vector<float> clean = speechLike();

    SECTION("clean: nothing is raised, ever") {
        const Judgement j = judge(clean, {});
        INFO(describe(j));
        CHECK(j.last.judged);
        CHECK(j.stayedRight);
        CHECK(j.firstRightAt < 0.05); // right from the start: nothing raised before judging
    }
    SECTION("gated (digital silence in the pauses): nothing is raised") {
        std::vector<float> gated = clean;
        for (std::size_t at = 0; at + 480 <= gated.size(); at += 480) {
            double sum = 0.0;
            for (std::size_t i = at; i < at + 480; ++i)
                sum += static_cast<double>(gated[i]) * static_cast<double>(gated[i]);
            if (std::sqrt(sum / 480.0) < 0.002)
                std::fill_n(gated.begin() + static_cast<std::ptrdiff_t>(at), 480, 0.0f);
        }
        const Judgement j = judge(gated, {});
        INFO(describe(j));
        CHECK(j.stayedRight);
    }
    SECTION("band-limited to 3.4 kHz: narrowband") {
        checkTold(throughSox(clean, "sinc -3400"), {Kind::Narrowband}, "3.4 kHz floor");
    }
    SECTION("band-limited to 7 kHz: no highs") {
        checkTold(throughSox(clean, "sinc -7000"), {Kind::NoHighs}, "7 kHz floor");
    }
    SECTION("clipped") {
        std::vector<float> clipped = clean;
        for (float& s : clipped)
            s = std::clamp(6.0f * s, -0.5f, 0.5f);
        checkTold(clipped, {Kind::Clipped}, "clipped floor");
    }
    SECTION("under a hiss at -40 dBFS: noisy") {
        std::vector<float> noisy = clean;
        std::mt19937 random(11);
        std::normal_distribution<float> hiss(0.0f, 0.01f);
        for (float& v : noisy)
            v += hiss(random);
        checkTold(noisy, {Kind::Noisy}, "noisy floor");
    }
    SECTION("23 dB too low: too quiet") {
        std::vector<float> quiet = clean;
        for (float& v : quiet)
            v *= 0.07f;
        checkTold(quiet, {Kind::TooQuiet}, "quiet floor");
    }
    SECTION("over a network that loses 10 % of its packets: breaking up, even in silence") {
        FloorQualityMeter meter(kRate);
        FloorPathCount path;
        double toldAt = -1.0;
        for (std::size_t at = 0; at + 960 <= clean.size(); at += 960) { // a packet a 20 ms
            meter.analyse(clean.data() + at, 960);
            ++(at / 960 % 10 == 3 ? path.lost : path.received);
            meter.networkPath(path);
            const FloorQualityReading r = meter.reading();
            if (toldAt < 0.0 && r.problems.size() == 1 && r.problems[0].kind == Kind::PacketLoss)
                toldAt = static_cast<double>(at) / kRate;
        }
        CHECK(toldAt >= 0.0);
        CHECK(toldAt < 1.0);
        CHECK_THAT(meter.reading().problems.front().reason,
                   Catch::EndsWith("% of its packets lost on the network"));
        CHECK(meter.reading().networkLossPercent == Approx(10.0).margin(1.5));
        // A loss of one packet in a hundred passes: FEC and concealment hide it.
        FloorQualityMeter fine(kRate);
        FloorPathCount fewLost;
        for (std::size_t at = 0; at + 960 <= clean.size(); at += 960) {
            fine.analyse(clean.data() + at, 960);
            ++(at / 960 % 100 == 50 ? fewLost.lost : fewLost.received);
            fine.networkPath(fewLost);
            CHECK(fine.reading().problems.empty());
        }
    }
    SECTION("a tenth of its 20 ms frames dropped: breaking up") {
        std::vector<float> dropped = clean;
        std::mt19937 random(7);
        for (std::size_t frame = 0; frame + 960 <= dropped.size(); frame += 960)
            if (random() % 10 == 0)
                std::fill_n(dropped.begin() + static_cast<std::ptrdiff_t>(frame), 960, 0.0f);
        checkTold(dropped, {Kind::BreakingUp}, "broken floor");
    }
}
