// Hosts that create, prepare at several rates, run and destroy plugins from threads of their
// own, while the message thread polls each processor 30 times a second: no crash, no race.
// CI also runs it under ASan and under TSan.
#define CATCH_CONFIG_RUNNER
#include "DragomanProcessor.h"
#include "support/ToneRig.h"

#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <thread>
#include <unistd.h>

using namespace dragoman::plugin;

TEST_CASE("processors created, prepared and destroyed on a host thread while the message "
          "thread polls them",
          "[plugins]") {
    constexpr int kRounds = 40;
    std::atomic<int> rounds{0};
    std::thread host([&] {
        const double rates[] = {44100.0, 48000.0, 96000.0};
        for (int round = 0; round < kRounds; ++round) {
            // With a remote console: each new rate restarts the remote booth host, which the
            // message thread's poll reads.
            auto processor =
                std::make_unique<DragomanProcessor>(dragoman::test::summitWithRemoteConsole(
                    20000 + static_cast<int>(getpid() % 20000) + 3));
            juce::MidiBuffer midi;
            for (int r = 0; r < 3; ++r) {
                const double rate = rates[(round + r) % 3];
                processor->prepareToPlay(rate, 512);
                juce::AudioBuffer<float> buffer(std::max(processor->getTotalNumInputChannels(),
                                                         processor->getTotalNumOutputChannels()),
                                                512);
                for (int block = 0; block < 8; ++block) {
                    buffer.clear();
                    processor->processBlock(buffer, midi);
                }
                // Long enough for the message thread's poll to land in between.
                std::this_thread::sleep_for(std::chrono::milliseconds(round % 4 == 0 ? 40 : 3));
            }
            processor.reset();
            rounds.fetch_add(1);
        }
        // After every poll the processors left to delete: the message loop ends.
        juce::MessageManager::callAsync(
            [] { juce::MessageManager::getInstance()->stopDispatchLoop(); });
    });
    // The message thread runs its loop, so each processor's timer polls it meanwhile.
    juce::MessageManager::getInstance()->runDispatchLoop();
    host.join();
    CHECK(rounds.load() == kRounds);
}

int main(int argc, char** argv) {
    const juce::ScopedJuceInitialiser_GUI juce;
    return Catch::Session().run(argc, argv);
}
