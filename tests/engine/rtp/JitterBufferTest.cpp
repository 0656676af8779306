// The jitter buffer against simulated networks (a packet every 5 ms, with set delays): in
// order, reordered, duplicated, lost, late and jittery packets, sequence and timestamp
// wraps, and a stream that stops and comes back. Each packet's payload names its sequence
// number, so a test sees exactly which frame the buffer chose to decode.
#include "rtp/JitterBuffer.h"

#include <catch2/catch.hpp>
#include <map>
#include <random>
#include <string>
#include <vector>

using namespace dragoman;
using Kind = JitterBuffer::Playout::Kind;

namespace {

constexpr double kFrame = 0.005; // 240 samples at 48 kHz

struct Sent {
    std::uint16_t sequence;
    double arrival;
};

// A sender's packets, frame n at n * 5 ms, arriving at their send time plus `delay(n)`;
// the receiver pops a frame every 5 ms. Returns what each pop played ("17", "fec 17",
// "conceal", "wait").
class Network {
public:
    explicit Network(JitterBuffer& buffer, std::uint16_t firstSequence = 0,
                     std::uint32_t firstTimestamp = 1000)
        : buffer_(buffer), first_(firstSequence), timestamp_(firstTimestamp) {}

    void send(int frame, double delay) { inFlight_.emplace(frame * kFrame + delay, frame); }
    void sendTwice(int frame, double delay, double again) {
        send(frame, delay);
        send(frame, again);
    }

    // Delivers what has arrived by each 5 ms tick and pops once per tick, for `frames` ticks.
    // A reader that stalls (`popping` false) takes what arrives but plays nothing.
    std::vector<std::string> run(int frames, bool popping = true) {
        std::vector<std::string> played;
        for (int i = 0; i < frames; ++i, ++tick_) {
            const double now = tick_ * kFrame;
            while (!inFlight_.empty() && inFlight_.begin()->first <= now) {
                const int frame = inFlight_.begin()->second;
                inFlight_.erase(inFlight_.begin());
                const auto sequence = static_cast<std::uint16_t>(first_ + frame);
                const std::uint8_t payload[2] = {static_cast<std::uint8_t>(sequence >> 8),
                                                 static_cast<std::uint8_t>(sequence)};
                const RtpHeader header{false, 111, sequence,
                                       timestamp_ + static_cast<std::uint32_t>(frame) * 240u, 7};
                buffer_.push(header, payload, now);
            }
            if (!popping)
                continue;
            const JitterBuffer::Playout p = buffer_.pop();
            const auto named = [&p] { return std::to_string((p.payload[0] << 8) | p.payload[1]); };
            switch (p.kind) {
            case Kind::Waiting:
                played.push_back("wait");
                break;
            case Kind::Packet:
                played.push_back(named());
                break;
            case Kind::Fec:
                played.push_back("fec " + named());
                break;
            case Kind::Conceal:
                played.push_back("conceal");
                break;
            }
        }
        return played;
    }

private:
    JitterBuffer& buffer_;
    std::uint16_t first_;
    std::uint32_t timestamp_;
    std::multimap<double, int> inFlight_;
    int tick_ = 0;
};

// The frames played, in order, without the waits before the start.
std::vector<std::string> frames(const std::vector<std::string>& played) {
    std::vector<std::string> out;
    for (const std::string& p : played)
        if (p != "wait" || !out.empty())
            out.push_back(p);
    return out;
}

std::vector<std::string> numbered(int from, int to) {
    std::vector<std::string> out;
    for (int n = from; n <= to; ++n)
        out.push_back(std::to_string(n));
    return out;
}

} // namespace

TEST_CASE("packets in order play in order, two frames behind", "[rtp]") {
    JitterBuffer buffer({});
    Network net(buffer);
    for (int f = 0; f < 100; ++f)
        net.send(f, 0.001);
    const auto played = net.run(100);
    CHECK(frames(played) == std::vector<std::string>(numbered(0, 97)));
    CHECK(buffer.stats().targetDelayFrames == 2);
    CHECK(buffer.stats().concealed == 0);
}

TEST_CASE("reordered and duplicated packets play once each, in order", "[rtp]") {
    JitterBuffer buffer({});
    Network net(buffer);
    for (int f = 0; f < 200; f += 2) { // every pair swapped, by 3 ms; every fifth sent twice
        net.send(f, 0.004);
        net.send(f + 1, 0.001);
        if (f % 10 == 0)
            net.send(f, 0.006);
    }
    const auto played = frames(net.run(200)); // (after the last packet, concealment)
    REQUIRE(played.size() >= 150);
    const std::vector<std::string> expected = numbered(0, static_cast<int>(played.size()) - 1);
    CHECK(std::vector<std::string>(played.begin(), played.begin() + 150) ==
          std::vector<std::string>(expected.begin(), expected.begin() + 150));
    CHECK(buffer.stats().duplicates == 20);
    CHECK(buffer.stats().concealed == 0);
}

TEST_CASE("a lost packet is taken from the next one's FEC, two in a row are concealed first",
          "[rtp]") {
    JitterBuffer buffer({});
    Network net(buffer);
    for (int f = 0; f < 40; ++f)
        if (f != 10 && f != 20 && f != 21)
            net.send(f, 0.001);
    const auto played = frames(net.run(40));
    REQUIRE(played.size() >= 30);
    CHECK(played[10] == "fec 11"); // frame 10 rebuilt from 11's in-band copy
    CHECK(played[11] == "11");
    // 20 and 21 lost: 20 is concealed (the first gap may be lateness, so the delay also
    // grows by a frame), 21 comes from 22's FEC.
    const auto fec22 = std::find(played.begin(), played.end(), "fec 22");
    REQUIRE(fec22 != played.end());
    CHECK(*(fec22 - 1) == "conceal");
    CHECK(*(fec22 + 1) == "22");
    CHECK(buffer.stats().recoveredByFec == 2);
    CHECK(buffer.stats().concealed + buffer.stats().stretched <= 2);
}

TEST_CASE("a path that loses nothing plays a frame sooner, and after a loss waits for the next "
          "packet's copy, until it has been clean for long",
          "[rtp]") {
    JitterBuffer::Settings settings;
    settings.redundancyWait = JitterBuffer::RedundancyWait::AfterLoss;
    JitterBuffer buffer(settings);
    Network net(buffer);
    // 5 ms frames: the loss memory is 6000 of them. Frame 100 is lost, then 200; after that
    // the path is clean for 40 s.
    const int clean = static_cast<int>(JitterBuffer::kLossMemorySeconds / kFrame) + 2000;
    for (int f = 0; f < 300 + clean; ++f)
        if (f != 100 && f != 200)
            net.send(f, 0.001);
    const auto first = frames(net.run(90));
    // One frame behind, not two: frame n plays at the tick after it arrives.
    CHECK(first.back() == "88");
    CHECK(buffer.stats().targetDelayFrames == 1);
    const auto played = frames(net.run(210));
    // The first loss looks like lateness when it is due: a frame is stretched (concealed
    // without moving on), then 100 is rebuilt from 101's copy, and the buffer now holds a
    // frame more.
    const auto fec101 = std::find(played.begin(), played.end(), "fec 101");
    REQUIRE(fec101 != played.end());
    CHECK(*(fec101 - 1) == "conceal");
    CHECK(buffer.stats().targetDelayFrames == 2);
    // The second is rebuilt with no gap: 201's copy was already there.
    const auto fec201 = std::find(played.begin(), played.end(), "fec 201");
    REQUIRE(fec201 != played.end());
    CHECK(*(fec201 - 1) == "199");
    CHECK(buffer.stats().stretched == 1);
    net.run(clean - 100);
    CHECK(buffer.stats().targetDelayFrames == 1); // clean for longer than the memory
    CHECK(buffer.stats().concealed == 0);
    CHECK(buffer.stats().recoveredByFec == 2);
}

TEST_CASE("a path that always waits for redundancy holds two frames from the start", "[rtp]") {
    JitterBuffer buffer({}); // RedundancyWait::Always
    Network net(buffer);
    for (int f = 0; f < 40; ++f)
        if (f != 10)
            net.send(f, 0.001);
    const auto played = frames(net.run(40));
    REQUIRE(played.size() > 11);
    CHECK(played[10] == "fec 11"); // the very first loss is rebuilt
    CHECK(buffer.stats().targetDelayFrames == 2);
}

TEST_CASE("a packet that comes after its frame was played is counted late and dropped", "[rtp]") {
    JitterBuffer buffer({});
    Network net(buffer);
    for (int f = 0; f < 40; ++f)
        net.send(f, f == 15 ? 0.100 : 0.001); // 100 ms late, once
    const auto played = frames(net.run(60));
    CHECK(played[15] == "fec 16");
    CHECK(buffer.stats().late == 1);
    CHECK(std::count(played.begin(), played.end(), "15") == 0);
}

TEST_CASE("the delay grows with jitter at once, and shrinks back slowly when it calms", "[rtp]") {
    JitterBuffer buffer({});
    Network net(buffer);
    std::mt19937 random(11);
    std::uniform_real_distribution<double> jitter(0.0, 0.020); // up to 20 ms
    for (int f = 0; f < 2000; ++f)                             // 10 s of jitter
        net.send(f, 0.002 + jitter(random));
    for (int f = 2000; f < 6000; ++f) // then 20 s of calm
        net.send(f, 0.002);
    net.run(400); // 2 s in
    const int jittery = buffer.stats().targetDelayFrames;
    CHECK(jittery >= 4); // 20 ms of jitter needs 4 frames of 5 ms, and one more
    CHECK(jittery <= 6);
    CHECK(buffer.stats().jitterMs > 3.0);
    const auto concealedBefore = buffer.stats().concealed;
    net.run(1600); // to 10 s: the target holds the jitter
    const double concealedShare =
        static_cast<double>(buffer.stats().concealed - concealedBefore) / 1600.0;
    CHECK(concealedShare < 0.02);
    net.run(4000); // 20 s of calm: back down, a frame skipped at each step
    CHECK(buffer.stats().targetDelayFrames == 2);
    CHECK(buffer.stats().depthFrames <= 3);
    CHECK(buffer.stats().skipped >= static_cast<std::uint64_t>(jittery - 3));
}

TEST_CASE("sequence numbers and timestamps wrap without a hiccup", "[rtp]") {
    JitterBuffer buffer({});
    // Starts 50 frames before both wraps: sequence 65486, timestamp 2^32 - 50 * 240.
    Network net(buffer, 65486, 0xFFFFFFFFu - 50 * 240 + 1);
    for (int f = 0; f < 120; ++f)
        net.send(f, 0.001);
    const auto played = frames(net.run(120));
    REQUIRE(played.size() >= 110);
    CHECK(played[49] == "65535");
    CHECK(played[50] == "0");
    CHECK(played[100] == "50");
    CHECK(buffer.stats().concealed == 0);
    CHECK(buffer.stats().targetDelayFrames == 2);
}

TEST_CASE("a stream that stops is concealed briefly, then waits, then plays again", "[rtp]") {
    JitterBuffer buffer({});
    Network net(buffer);
    for (int f = 0; f < 50; ++f)
        net.send(f, 0.001);
    for (int f = 250; f < 300; ++f) // a second of nothing, then back
        net.send(f, 0.001);
    const auto played = net.run(300);
    CHECK(buffer.stats().rebuffered == 1);
    CHECK(std::count(played.begin() + 60, played.begin() + 240, "wait") > 150);
    CHECK(played[295] == "293"); // playing again, two frames behind
}

TEST_CASE("payloads larger than one Opus packet are refused", "[rtp]") {
    JitterBuffer buffer({});
    const std::vector<std::uint8_t> huge(2000, 0);
    CHECK(buffer.push({false, 111, 1, 240, 7}, huge, 0.0) == JitterBuffer::Arrival::TooLarge);
    CHECK(buffer.stats().received == 0);
}

TEST_CASE("a reader that stalls longer than the buffer holds plays the stream again soon after",
          "[rtp]") {
    JitterBuffer buffer({});
    Network net(buffer);
    for (int f = 0; f < 800; ++f)
        net.send(f, 0.001);
    net.run(100);
    // A device that stops for a second: 200 frames arrive, more than the 128 it can hold.
    net.run(200, false);
    const auto played = net.run(500);
    CHECK(buffer.stats().resynced >= 1);
    // Within a tenth of a second it plays frames as they come again, a few frames behind.
    const int sentLast = 799;
    CHECK(std::stoi(played.back()) >= sentLast - 4);
    for (std::size_t i = 20; i + 1 < played.size(); ++i) {
        INFO("pop " << i);
        REQUIRE(played[i] != "wait");
        REQUIRE(played[i] != "conceal");
        REQUIRE(std::stoi(played[i + 1]) == std::stoi(played[i]) + 1);
    }
}

TEST_CASE("a backlog within the buffer goes at once, not a frame a second", "[rtp]") {
    JitterBuffer buffer({});
    Network net(buffer);
    for (int f = 0; f < 400; ++f)
        net.send(f, 0.001);
    net.run(100);
    net.run(60, false); // a 300 ms stall: 60 frames wait
    const auto played = net.run(200);
    CHECK(buffer.stats().resynced == 0);
    CHECK(buffer.stats().skipped >= 50);
    CHECK(buffer.stats().depthFrames <= buffer.stats().targetDelayFrames + 1);
    CHECK(std::stoi(played.back()) >= 358 - 4); // frame 358 came at the last pop's tick
}

TEST_CASE("a sender whose clock runs 3 % fast is followed with a bounded delay", "[rtp]") {
    JitterBuffer buffer({});
    Network net(buffer);
    // Frame n leaves at n * 5 ms * 0.97: 3 % more frames than the reader plays.
    for (int f = 0; f < 2000; ++f)
        net.send(f, 0.001 - f * kFrame * 0.03);
    int deepest = 0;
    std::vector<std::string> played;
    for (int i = 0; i < 1900; ++i) {
        const auto one = net.run(1);
        played.push_back(one.front());
        deepest = std::max(deepest, buffer.stats().depthFrames);
    }
    const auto& s = buffer.stats();
    CHECK(s.resynced == 0);
    CHECK(s.tooEarly == 0);
    CHECK(s.skipped >= 40); // about 57 frames too many in 9.5 s
    CHECK(deepest <= 2 * s.targetDelayFrames + 4);
    CHECK(std::count(played.begin() + 10, played.end(), "wait") == 0);
}
