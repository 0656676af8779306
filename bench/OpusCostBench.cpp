// What Opus costs per language channel, on synthesized speech: encoding and decoding at the
// default recording settings (Ogg Opus through libopusenc, read back with opusfile, as a
// player does) and at the default remote-booth settings (restricted low-delay frames of
// 2.5 ms each way). core_pct is the share of one core a channel takes in real time.
#include "record/OpusEncoding.h"
#include "render/SpeechSynth.h"
#include "rtp/OpusVoice.h"

#include <benchmark/benchmark.h>
#include <chrono>
#include <opus/opusenc.h>
#include <opus/opusfile.h>
#include <stdexcept>
#include <vector>

namespace dragoman::bench {
namespace {

constexpr double kSpeechSeconds = 10.0;

const std::vector<float>& speech() {
    static const std::vector<float> signal =
        synthesizeSpeech({150.0, 7, 4.5}, kSpeechSeconds, kOpusRate);
    return signal;
}

void reportCore(benchmark::State& state, std::chrono::steady_clock::time_point start,
                double audioSecondsPerIteration) {
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    state.counters["core_pct"] =
        100.0 * seconds / (audioSecondsPerIteration * static_cast<double>(state.iterations()));
}

// A recording's encoder, pulled page by page into memory.
std::vector<unsigned char> encodeRecording(const std::vector<float>& signal) {
    int error = 0;
    OggOpusComments* comments = ope_comments_create();
    OggOpusEnc* encoder = ope_encoder_create_pull(comments, kOpusRate, 1, 0, &error);
    if (encoder == nullptr)
        throw std::runtime_error("libopusenc: cannot create an encoder");
    configureOpusEncoder(encoder, OpusSettings{}, 4800, OpusBitrate::Variable);
    std::vector<unsigned char> stream;
    const auto drain = [&] {
        unsigned char* page = nullptr;
        opus_int32 length = 0;
        while (ope_encoder_get_page(encoder, &page, &length, 0) != 0)
            stream.insert(stream.end(), page, page + length);
    };
    constexpr int kChunk = 960; // 20 ms, the size of a recorder's writes
    for (std::size_t at = 0; at + kChunk <= signal.size(); at += kChunk) {
        ope_encoder_write_float(encoder, signal.data() + at, kChunk);
        drain();
    }
    ope_encoder_drain(encoder);
    drain();
    ope_encoder_destroy(encoder);
    ope_comments_destroy(comments);
    return stream;
}

void recordingEncode(benchmark::State& state) {
    const auto start = std::chrono::steady_clock::now();
    std::size_t bytes = 0;
    for (auto _ : state)
        bytes = encodeRecording(speech()).size();
    reportCore(state, start, kSpeechSeconds);
    state.counters["kbit_s"] = 8.0 * static_cast<double>(bytes) / kSpeechSeconds / 1000.0;
}

void recordingDecode(benchmark::State& state) {
    const std::vector<unsigned char> stream = encodeRecording(speech());
    std::vector<float> pcm(5760);
    const auto start = std::chrono::steady_clock::now();
    for (auto _ : state) {
        int error = 0;
        OggOpusFile* file = op_open_memory(stream.data(), stream.size(), &error);
        if (file == nullptr)
            throw std::runtime_error("opusfile: cannot open the recording");
        while (op_read_float(file, pcm.data(), static_cast<int>(pcm.size()), nullptr) > 0)
            benchmark::DoNotOptimize(pcm.data());
        op_free(file);
    }
    reportCore(state, start, kSpeechSeconds);
}

void remoteEncode(benchmark::State& state) {
    OpusVoiceEncoder encoder(OpusVoiceSettings{});
    const auto frame = static_cast<std::size_t>(encoder.frameSamples());
    std::vector<std::uint8_t> packet(1500);
    const auto frames = speech().size() / frame;
    const auto start = std::chrono::steady_clock::now();
    for (auto _ : state)
        for (std::size_t f = 0; f < frames; ++f)
            benchmark::DoNotOptimize(encoder.encode(speech().data() + f * frame, packet));
    reportCore(state, start, static_cast<double>(frames * frame) / kOpusRate);
}

void remoteDecode(benchmark::State& state) {
    OpusVoiceEncoder encoder(OpusVoiceSettings{});
    const auto frame = static_cast<std::size_t>(encoder.frameSamples());
    const auto frames = speech().size() / frame;
    std::vector<std::vector<std::uint8_t>> packets;
    std::vector<std::uint8_t> packet(1500);
    for (std::size_t f = 0; f < frames; ++f) {
        const std::size_t size = encoder.encode(speech().data() + f * frame, packet);
        packets.emplace_back(packet.begin(), packet.begin() + static_cast<long>(size));
    }
    OpusVoiceDecoder decoder(encoder.frameSamples());
    std::vector<float> out(frame);
    const auto start = std::chrono::steady_clock::now();
    for (auto _ : state)
        for (const auto& p : packets) {
            decoder.decode(p, out.data());
            benchmark::DoNotOptimize(out.data());
        }
    reportCore(state, start, static_cast<double>(frames * frame) / kOpusRate);
}

} // namespace

BENCHMARK(recordingEncode)->Unit(benchmark::kMillisecond);
BENCHMARK(recordingDecode)->Unit(benchmark::kMillisecond);
BENCHMARK(remoteEncode)->Unit(benchmark::kMillisecond);
BENCHMARK(remoteDecode)->Unit(benchmark::kMillisecond);

} // namespace dragoman::bench
