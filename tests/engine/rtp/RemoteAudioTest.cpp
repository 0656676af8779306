// One remote audio path without the network: frames of a tone through the sender (low-delay
// Opus, RFC 2198 redundancy), a simulated network that loses, reorders, duplicates and delays
// packets, and the receiver (jitter buffer, decoder). The decoded tone is measured.
#include "rtp/RemoteAudio.h"

#include "Goertzel.h"

#include <catch2/catch.hpp>
#include <cmath>
#include <map>
#include <numbers>
#include <random>
#include <vector>

using namespace dragoman;
using dragoman::test::toneAmplitude;

namespace {

constexpr double kRate = 48000.0;

struct Impairment {
    double loss = 0.0;      // probability a packet never arrives
    double duplicate = 0.0; // probability it arrives twice
    double jitterMs = 0.0;  // extra delay, uniform in [0, jitterMs]
    std::uint32_t seed = 7;
    std::vector<int> lostFrames; // these frames' packets are lost, whatever `loss` says
    double senderClockPpm = 0.0; // the sender's sample clock against the receiver's
    RemoteAudioReceiver::Drift drift = RemoteAudioReceiver::Drift::Resample;
};

struct PathResult {
    std::vector<float> output;
    RemoteAudioReceiver::Stats stats;
};

// `seconds` of a 1 kHz tone at -12 dBFS, one packet per frame on the sender's clock, the
// receiver playing a frame each frame period of its own clock.
PathResult sendTone(const OpusVoiceSettings& settings, bool redundancy, const Impairment& net,
                    double seconds) {
    RemoteAudioSender sender(settings, 0x1234, redundancy);
    const int frame = sender.frameSamples();
    RemoteAudioReceiver receiver(frame, 2, net.drift);
    std::mt19937 random(net.seed);
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    std::multimap<double, std::vector<std::uint8_t>> inFlight; // by arrival time
    const double period = frame / kRate;
    const double senderPeriod = period / (1.0 + net.senderClockPpm * 1e-6);
    const int frames = static_cast<int>(seconds / period);
    std::vector<float> pcm(static_cast<std::size_t>(frame));
    PathResult result;
    result.output.resize(static_cast<std::size_t>(frames * frame));
    int sent = 0;
    for (int n = 0; n < frames; ++n) {
        const double now = n * period;
        // Every frame the sender has finished by now.
        for (; sent * senderPeriod <= now; ++sent) {
            for (int i = 0; i < frame; ++i)
                pcm[static_cast<std::size_t>(i)] = static_cast<float>(
                    0.25 * std::sin(2.0 * std::numbers::pi * 1000.0 * (sent * frame + i) / kRate));
            const auto packet = sender.packetize(pcm.data());
            const bool lost = unit(random) < net.loss ||
                              std::find(net.lostFrames.begin(), net.lostFrames.end(), sent) !=
                                  net.lostFrames.end();
            const int copies = unit(random) < net.duplicate ? 2 : 1;
            if (!lost)
                for (int c = 0; c < copies; ++c)
                    inFlight.emplace(sent * senderPeriod + unit(random) * net.jitterMs / 1000.0,
                                     std::vector<std::uint8_t>(packet.begin(), packet.end()));
        }
        // Everything that arrived by now, then one frame played.
        while (!inFlight.empty() && inFlight.begin()->first <= now) {
            const auto parsed = parseRtp(inFlight.begin()->second);
            REQUIRE(parsed.packet);
            receiver.push(*parsed.packet, inFlight.begin()->first);
            inFlight.erase(inFlight.begin());
        }
        receiver.play(result.output.data() + static_cast<std::ptrdiff_t>(n * frame),
                      static_cast<std::uint32_t>(frame));
    }
    result.stats = receiver.stats();
    return result;
}

// 5 ms windows after the first `settle` seconds where the tone is more than 3 dB off its
// level: a skipped or concealed frame of a steady tone shows as such a dip.
int dips(const std::vector<float>& output, double settle) {
    int count = 0;
    for (auto at = static_cast<std::size_t>(settle * kRate); at + 240 <= output.size(); at += 240) {
        const double level = toneAmplitude(output, at, at + 240, 1000.0, kRate);
        count += level < 0.25 / 1.41 || level > 0.25 * 1.41 ? 1 : 0;
    }
    return count;
}

// Share of 10 ms windows (after the first 200 ms) where the tone is within 3 dB of its level.
double intactShare(const std::vector<float>& output) {
    const std::size_t window = 480;
    int intact = 0, windows = 0;
    for (std::size_t at = 9600; at + window <= output.size(); at += window, ++windows) {
        const double level = toneAmplitude(output, at, at + window, 1000.0, kRate);
        if (level > 0.25 / 1.41 && level < 0.25 * 1.41)
            ++intact;
    }
    return static_cast<double>(intact) / windows;
}

} // namespace

TEST_CASE("RED payloads carry the frame before and refuse what runs past their end", "[rtp][red]") {
    const std::vector<std::uint8_t> primary{1, 2, 3}, previous{9, 8};
    std::vector<std::uint8_t> out;
    writeRedundantPayload(out, 111, primary, RedundantBlock{111, 120, previous});
    const auto red = parseRedundantPayload(out);
    REQUIRE(red);
    CHECK(red->primaryType == 111);
    CHECK(std::vector<std::uint8_t>(red->primary.begin(), red->primary.end()) == primary);
    REQUIRE(red->previous);
    CHECK(red->previous->timestampOffset == 120);
    CHECK(std::vector<std::uint8_t>(red->previous->data.begin(), red->previous->data.end()) ==
          previous);

    writeRedundantPayload(out, 111, primary, std::nullopt);
    CHECK(out.size() == 4); // one header byte
    CHECK_FALSE(parseRedundantPayload(out)->previous);

    const std::vector<std::uint8_t> headersOnly{0x80 | 111, 0, 0, 0};
    CHECK_FALSE(parseRedundantPayload(headersOnly));
    const std::vector<std::uint8_t> longBlock{0x80 | 111, 0x00, 0x01, 0xff, 111, 1, 2};
    CHECK_FALSE(parseRedundantPayload(longBlock)); // says 511 bytes of redundancy, has 2
    CHECK_FALSE(parseRedundantPayload({}));
}

TEST_CASE("A clean path plays the tone after two frames of buffer", "[rtp][remote-audio]") {
    for (const double frameMs : {2.5, 5.0, 10.0}) {
        CAPTURE(frameMs);
        const OpusVoiceSettings settings{frameMs, 64, 10};
        const PathResult r = sendTone(settings, true, {}, 2.0);
        CHECK(intactShare(r.output) == 1.0);
        CHECK(r.stats.buffer.concealed == 0);
        CHECK(r.stats.buffer.targetDelayFrames == 2);
        CHECK(r.stats.malformed == 0);
    }
}

TEST_CASE("A lost packet is rebuilt exactly from the redundancy in the next one",
          "[rtp][remote-audio]") {
    const OpusVoiceSettings settings{2.5, 64, 10};
    const PathResult clean = sendTone(settings, true, {}, 1.0);
    Impairment net;
    net.lostFrames = {100, 150, 151, 300}; // 150 and 151 in a row: one of them is concealed
    const PathResult lossy = sendTone(settings, true, net, 1.0);
    CHECK(lossy.stats.recoveredByRedundancy == 3);
    CHECK(lossy.stats.buffer.concealed == 1);
    CHECK(lossy.stats.unrecovered == 1);
    // Up to the pair, sample for sample what the clean path played.
    const std::size_t pairAt = std::size_t{150} * 120;
    std::size_t differing = 0;
    for (std::size_t i = 0; i < pairAt; ++i)
        differing += lossy.output[i] != clean.output[i] ? 1u : 0u;
    CHECK(differing == 0);
}

TEST_CASE("5 % loss, 20 ms jitter and duplicates leave the tone intact with redundancy",
          "[rtp][remote-audio]") {
    const OpusVoiceSettings settings{2.5, 64, 10};
    Impairment net;
    net.loss = 0.05;
    net.duplicate = 0.02;
    net.jitterMs = 20.0;
    const PathResult with = sendTone(settings, true, net, 10.0);
    const PathResult without = sendTone(settings, false, net, 10.0);
    INFO("with redundancy: recovered " << with.stats.recoveredByRedundancy << ", concealed "
                                       << with.stats.buffer.concealed << ", buffer "
                                       << with.stats.buffer.targetDelayFrames << " frames");
    INFO("without: unrecovered " << without.stats.unrecovered);
    CHECK(with.stats.buffer.duplicates > 0);
    CHECK(with.stats.recoveredByRedundancy > 100);
    // Only two losses in a row are concealed: about 5 % of 5 %.
    CHECK(with.stats.unrecovered == with.stats.buffer.concealed);
    CHECK(with.stats.unrecovered < with.stats.recoveredByRedundancy / 8);
    CHECK(without.stats.unrecovered > 8 * with.stats.unrecovered);
    CHECK(intactShare(with.output) > 0.97);
    CHECK(intactShare(with.output) > intactShare(without.output));
    // 20 ms of jitter needs about 8 frames of 2.5 ms, not the 40 allowed.
    CHECK(with.stats.buffer.targetDelayFrames >= 8);
    CHECK(with.stats.buffer.targetDelayFrames <= 10);
}

TEST_CASE("A sender's clock 300 ppm off is followed by resampling, without a skip or a dip",
          "[rtp][remote-audio][drift]") {
    const OpusVoiceSettings settings{2.5, 64, 10};
    for (const double ppm : {300.0, -300.0}) {
        CAPTURE(ppm);
        Impairment net;
        net.senderClockPpm = ppm;
        const PathResult followed = sendTone(settings, true, net, 60.0);
        net.drift = RemoteAudioReceiver::Drift::SkipOrConceal;
        const PathResult skipped = sendTone(settings, true, net, 60.0);
        INFO("resampled: drift learnt "
             << followed.stats.driftPpm << " ppm, " << followed.stats.buffer.skipped << " skipped, "
             << followed.stats.buffer.stretched << " stretched, " << dips(followed.output, 3.0)
             << " dips; skip-or-conceal: " << skipped.stats.buffer.skipped << " skipped, "
             << skipped.stats.buffer.stretched << " stretched, " << dips(skipped.output, 3.0)
             << " dips");
        // 300 ppm over a minute is 7 frames of 2.5 ms to make up.
        CHECK(followed.stats.buffer.skipped == 0);
        CHECK(followed.stats.buffer.stretched <= 1); // the first fill only
        CHECK(dips(followed.output, 3.0) == 0);
        CHECK(std::abs(followed.stats.driftPpm - ppm) < 60.0);
        CHECK(skipped.stats.buffer.skipped + skipped.stats.buffer.stretched >= 5);
        CHECK(dips(skipped.output, 3.0) > 0);
    }
}

// Plain RFC 7587 Opus, as Janus's AudioBridge forwards a meeting room's mix (20 ms frames, its
// own payload type, no RED): played as sent; a lost packet concealed and counted; packets of
// another payload type (our RED) refused and counted.
TEST_CASE("Plain Opus packets of a given payload type play, losses are concealed and counted",
          "[rtp][remote-audio]") {
    const OpusVoiceSettings settings{20.0, 64, 10};
    OpusVoiceEncoder encoder(settings);
    const int frame = encoder.frameSamples();
    RemoteAudioReceiver receiver(frame, 2, RemoteAudioReceiver::Drift::Resample,
                                 RemoteAudioReceiver::Payload{false, 100});
    std::vector<float> pcm(static_cast<std::size_t>(frame)), out;
    std::vector<std::uint8_t> packet(1500);
    const int frames = 150; // 3 s
    for (int n = 0; n < frames; ++n) {
        for (int i = 0; i < frame; ++i)
            pcm[static_cast<std::size_t>(i)] = static_cast<float>(
                0.25 * std::sin(2.0 * std::numbers::pi * 1000.0 * (n * frame + i) / kRate));
        const std::size_t size = encoder.encode(pcm.data(), packet);
        REQUIRE(size > 0);
        RtpHeader header;
        header.payloadType = n == 20 ? kRedPayloadType : 100; // one of the wrong kind
        header.sequence = static_cast<std::uint16_t>(n);
        header.timestamp = static_cast<std::uint32_t>(n * frame);
        header.ssrc = 0x5678;
        if (n != 75) // one lost
            receiver.push({header, std::span(packet.data(), size)}, n * 0.02);
        std::vector<float> played(static_cast<std::size_t>(frame));
        receiver.play(played.data(), static_cast<std::uint32_t>(frame));
        out.insert(out.end(), played.begin(), played.end());
    }
    const RemoteAudioReceiver::Stats stats = receiver.stats();
    CHECK(stats.wrongType == 1);
    CHECK(stats.malformed == 0);
    CHECK(stats.unrecovered >= 2); // the lost one and the refused one, neither rebuilt
    CHECK(stats.unrecovered <= 3);
    // The tone throughout its last two seconds, the losses concealed without a dip to speak of.
    CHECK(toneAmplitude(out, out.size() - 96000, out.size(), 1000.0, kRate) > 0.2);
}

namespace {

struct BurstTiming {
    double latencyMs = 0.0; // the burst's onset played, less its onset captured
    RemoteAudioReceiver::Stats stats;
    int dipsAfterOnset = 0; // 5 ms windows of the second after the onset 3 dB or more down
};

// A host's path on one clock, without a network's jitter: frames of 120 samples (2.5 ms)
// leave only at the end of the device block of `block` samples that completes them, and
// arrive 0.5 ms later (coding and the network); the reader takes 120 samples every 2.5 ms,
// `phase` samples after a block end, and plays them over the next 2.5 ms. The first 20 ms of
// packets come together, as when a console joins. A 1 kHz burst starts at 8 s (the buffer has
// settled and trimmed by then).
BurstTiming burstThroughBlocks(RemoteAudioReceiver::Drift drift, std::uint32_t block,
                               std::uint32_t phase) {
    const OpusVoiceSettings settings{2.5, 64, 10};
    RemoteAudioSender sender(settings, 0x4242, true);
    constexpr std::size_t kFrame = 120;
    RemoteAudioReceiver receiver(kFrame, 2, drift,
                                 RemoteAudioReceiver::Payload{true, kOpusPayloadType},
                                 JitterBuffer::RedundancyWait::AfterLoss);
    const std::size_t onset = 8 * 48000, total = 10 * 48000;
    std::vector<float> input(total, 0.0f), output(total, 0.0f);
    for (std::size_t i = onset; i < total; ++i)
        input[i] = static_cast<float>(0.25 * std::sin(2.0 * std::numbers::pi * 1000.0 *
                                                      static_cast<double>(i - onset) / kRate));
    auto arrival = [&](std::size_t frameIndex) { // in samples of the shared clock
        const std::size_t whole = (frameIndex + 1) * kFrame;
        // As a console joins, its first packets come together (the path's first 20 ms).
        return std::max<std::size_t>((whole + block - 1) / block * block + 24, 960);
    };
    std::size_t sent = 0;
    for (std::size_t read = 0; read + kFrame <= total; read += kFrame) {
        const std::size_t now = phase + read;
        for (; (sent + 1) * kFrame <= total && arrival(sent) <= now; ++sent) {
            const auto packet = sender.packetize(input.data() + sent * kFrame);
            const std::vector<std::uint8_t> bytes(packet.begin(), packet.end());
            const auto parsed = parseRtp(bytes);
            REQUIRE(parsed.packet);
            receiver.push(*parsed.packet, static_cast<double>(arrival(sent)) / kRate);
        }
        receiver.play(output.data() + read, static_cast<std::uint32_t>(kFrame));
    }
    BurstTiming timing;
    timing.stats = receiver.stats();
    const auto heard = std::find_if(output.begin() + static_cast<std::ptrdiff_t>(onset / 2),
                                    output.end(), [](float x) { return std::fabs(x) > 0.05f; });
    REQUIRE(heard != output.end());
    const auto at = static_cast<std::size_t>(heard - output.begin());
    timing.latencyMs = static_cast<double>(phase + at - onset) / 48.0;
    for (std::size_t w = at + 240; w + 240 <= at + 48000; w += 240) // 5 ms windows, a second
        timing.dipsAfterOnset += toneAmplitude(output, w, w + 240, 1000.0, kRate) < 0.25 / 1.41;
    return timing;
}

} // namespace

TEST_CASE("a receiver that trims its delay by the least lead plays a block-paced path within "
          "a margin of when it is whole, where whole frames keep what a first clump left",
          "[rtp][remote-audio][latency]") {
    for (const std::uint32_t block : {64u, 32u}) {
        for (const std::uint32_t phase : {0u, 40u, 90u}) {
            CAPTURE(block, phase);
            const BurstTiming frames =
                burstThroughBlocks(RemoteAudioReceiver::Drift::Resample, block, phase);
            const BurstTiming lead =
                burstThroughBlocks(RemoteAudioReceiver::Drift::ResampleToLead, block, phase);
            INFO("whole frames: " << frames.latencyMs << " ms, holding " << frames.stats.heldFrames
                                  << " frames; trimmed: " << lead.latencyMs << " ms, holding "
                                  << lead.stats.heldFrames << " frames, least lead "
                                  << lead.stats.leastLeadMs << " ms, stretched "
                                  << lead.stats.buffer.stretched << ", target "
                                  << lead.stats.buffer.targetDelayFrames);
            // What no receiver can take away: the frame (2.5 ms), Opus's look-ahead (2.5 ms),
            // the block that completes the frame late (up to block - 8 samples: 120 and the
            // block share 8), coding and network (0.5 ms), and the wait for the reader's next
            // read (up to 2.5 ms).
            const double structural = 2.5 + 2.5 + (block - 8) / 48.0 + 0.5 + 2.5;
            // Beyond it: the margin, the resampler's taps (0.33 ms), and up to a frame where
            // the burst's frame is not the tightest.
            CHECK(lead.latencyMs <= structural + 0.5 + 0.34 + 2.5);
            // Where whole frames keep what the first clump of packets left, a frame or more.
            CHECK(lead.latencyMs < frames.latencyMs - 2.5);
            CHECK(lead.stats.leastLeadMs >= 0.4);
            CHECK(lead.stats.leastLeadMs <= 0.6);
            CHECK(lead.stats.buffer.concealed == 0);
            CHECK(lead.stats.buffer.stretched <= 1); // the first fill only
            CHECK(lead.dipsAfterOnset == 0);
        }
    }
}
