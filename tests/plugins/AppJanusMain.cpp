// The app's tests against Janus: Catch's runner inside JUCE's message thread set-up (the
// engineer view is painted in them).
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>
#include <juce_events/juce_events.h>

int main(int argc, char** argv) {
    const juce::ScopedJuceInitialiser_GUI juce;
    return Catch::Session().run(argc, argv);
}
