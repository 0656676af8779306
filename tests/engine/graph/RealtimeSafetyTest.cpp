// The audio thread's contract: no allocation or deallocation in process(), whatever control
// threads do meanwhile (key presses, floor-language changes, session swaps, event and meter
// reads). This file is its own test program: it counts the allocations and frees made while
// the current thread is inside process() (AllocationCounter). CI also runs it under TSan.
#include "support/AllocationCounter.h"
#include "support/ToneRig.h"

#include <atomic>
#include <catch2/catch.hpp>
#include <thread>

using namespace dragoman;
using namespace dragoman::test;

namespace {

// A minimal host: planar buffers for every port, a 620 Hz tone into every mic and the floor.
class Host {
public:
    explicit Host(Engine& engine, std::uint32_t block) : engine_(engine), block_(block) {
        const std::uint32_t ports = 64;
        for (auto* buffers : {&in_, &out_})
            buffers->assign(ports, std::vector<float>(block, 0.0f));
        for (std::uint32_t p = 0; p < ports; ++p) {
            inPointers_.push_back(in_[p].data());
            outPointers_.push_back(out_[p].data());
        }
        channelPointers_ = outPointers_;
        for (std::uint32_t p = 0; p < ports; ++p) {
            phones_.emplace_back(block, 0.0f);
            phonesPointers_.push_back(phones_[p].data());
        }
    }

    // Renders one block; returns the RMS of the en channel.
    double renderBlock(std::uint32_t enPort) {
        for (auto& buffer : in_)
            for (std::uint32_t f = 0; f < block_; ++f)
                buffer[f] =
                    static_cast<float>(0.25 * std::sin(2.0 * 3.14159265358979 * 620.0 *
                                                       static_cast<double>(frame_ + f) / 48000.0));
        const std::span<const float* const> floor(inPointers_.data(), 1);
        const AudioBuffers io =
            AudioBuffers::from(floor, inPointers_, channelPointers_, phonesPointers_, block_);
        {
            const CountedSection counted;
            engine_.process(io);
        }
        frame_ += block_;
        return rmsOf(out_[enPort], 0, block_);
    }

private:
    Engine& engine_;
    std::uint32_t block_;
    std::uint64_t frame_ = 0;
    std::vector<std::vector<float>> in_, out_, phones_;
    std::vector<const float*> inPointers_;
    std::vector<float*> outPointers_, channelPointers_, phonesPointers_;
};

std::uint32_t channelPort(const Engine& engine, const std::string& name) {
    for (const EnginePort& p : engine.layout().channels)
        if (p.label() == name)
            return p.port;
    return 0;
}

} // namespace

TEST_CASE("process() allocates nothing, through keys, floor changes and session swaps", "[graph]") {
    Engine engine(summitSession(), 48000.0);
    Host host(engine, 64);
    const std::uint32_t en = channelPort(engine, "channel en");
    // The counter itself works: an allocation inside the counted window is seen.
    resetCountedAllocations();
    {
        const CountedSection counted;
        int* volatile escaped = new int(7); // volatile: the compiler may not elide the pair
        delete escaped;
    }
    REQUIRE(countedAllocations() == 2);
    resetCountedAllocations();
    const char* consoles[] = {"ko-en-1", "ko-en-2", "ja-1"};
    for (int round = 0; round < 40; ++round) {
        const char* console = consoles[round % 3];
        engine.press(console, {ConsoleKey::Mic, Switch::Toggle});
        engine.press(console, {ConsoleKey::Cough, round % 2 != 0 ? Switch::On : Switch::Off});
        engine.press(console, {ConsoleKey::Talkback, round % 3 != 0 ? Switch::On : Switch::Off});
        engine.press(console,
                     {ConsoleKey::Output, static_cast<OutputSlot>(static_cast<float>(round % 2))});
        engine.press(console,
                     {ConsoleKey::Bass, Decibels{static_cast<float>(round % 7) * 3.0f - 9.0f}});
        engine.press(console,
                     {ConsoleKey::HeadphoneVolume, Decibels{-static_cast<float>(round % 10)}});
        engine.press(console,
                     {ConsoleKey::Listen, ListenChoice{ListenSource::Kind::Channel, "ja"}});
        engine.setFloorLanguage(round % 2 == 0 ? "en" : "ko");
        // Program feeds come, change their delay (crossfaded) and go with the sessions.
        if (round % 5 == 0)
            engine.loadSession(round % 10 == 0
                                   ? withProgramFeeds(summitWithFrenchBooth(), round * 10.0)
                                   : summitSession());
        if (round % 5 == 2)
            engine.loadSession(withProgramFeeds(summitSession(), round * 5.0));
        for (int b = 0; b < 20; ++b)
            host.renderBlock(en);
        engine.takeEvents();
        engine.takeMeters();
        engine.measurePrograms();
    }
    CHECK(countedAllocations() == 0);
    CHECK(engine.activeGeneration() == 17);
}

TEST_CASE("control threads swap sessions and press keys while the audio thread renders",
          "[graph]") {
    Engine engine(summitSession(), 48000.0);
    const std::uint32_t en = channelPort(engine, "channel en");
    engine.press("ko-en-1", {ConsoleKey::Mic, Switch::On});
    resetCountedAllocations();
    std::atomic<bool> running{true};
    std::atomic<int> quietBlocks{0};
    std::atomic<std::uint64_t> blocks{0};
    constexpr std::uint64_t kFadedOut = 240;

    std::thread audio([&] {
        Host host(engine, 64);
        while (running.load()) {
            const double rms = host.renderBlock(en);
            // Once the en channel's auto-floor has faded out (300 ms = 225 blocks) it carries
            // only the live mic's 0.25 sine (RMS 0.177): never dropped, never doubled (the
            // floor and every mic carry the same in-phase tone, so a second source would
            // raise the level), never silent.
            if (blocks.fetch_add(1) > kFadedOut && (rms < 0.15 || rms > 0.2))
                quietBlocks.fetch_add(1);
        }
    });
    // Swaps and keys start once the fade is over, so every one of them lands in checked blocks
    // however slowly the audio thread runs (under TSan on a loaded machine it is slow).
    while (blocks.load() <= kFadedOut)
        std::this_thread::yield();
    std::thread keys([&] {
        for (int i = 0; i < 400; ++i) {
            engine.press("ja-1", {ConsoleKey::Mic, Switch::Toggle});
            engine.press("ko-en-2",
                         {ConsoleKey::HeadphoneVolume, Decibels{-static_cast<float>(i % 20)}});
            engine.takeEvents();
            std::this_thread::yield();
        }
    });
    for (int swap = 0; swap < 60; ++swap) {
        // Program feeds (their loudness measured here, their gain set for the audio thread)
        // ride along: a channel's own signal is never touched by its program.
        engine.loadSession(swap % 2 == 0 ? withProgramFeeds(summitWithFrenchBooth(), swap)
                                         : withProgramFeeds(summitSession()));
        engine.takeMeters();
        engine.measurePrograms();
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    keys.join();
    while (engine.activeGeneration() != 61)
        std::this_thread::yield();
    // A few more checked blocks on the last plan before stopping.
    const std::uint64_t lastSwapBlock = blocks.load();
    while (blocks.load() < lastSwapBlock + 100)
        std::this_thread::yield();
    running = false;
    audio.join();

    CHECK(quietBlocks.load() == 0);
    CHECK(countedAllocations() == 0);
    CHECK(engine.droppedCommands() == 0);
}
