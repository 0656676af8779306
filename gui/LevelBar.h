// A horizontal level meter: RMS as the bar, peak as a tick, on a dBFS scale from -60 to 0.
// Message thread only.
#pragma once

#include "DeskLookAndFeel.h"
#include "dsp/Decibels.h"
#include "dsp/LevelMeter.h"

#include <juce_gui_basics/juce_gui_basics.h>

namespace dragoman::gui {

class LevelBar : public juce::Component {
public:
    void setLevel(LevelReading level) {
        // Meters fall back slowly (about 20 dB a second at 30 updates a second) so that a
        // glance catches a peak.
        rmsDb_ = std::max(gainToDb(level.rms), rmsDb_ - 0.7f);
        peakDb_ = std::max(gainToDb(level.peak), peakDb_ - 0.7f);
        repaint();
    }

    void paint(juce::Graphics& g) override {
        const auto bounds = getLocalBounds().toFloat();
        g.setColour(DeskColours::panelEdge);
        g.fillRoundedRectangle(bounds, 2.0f);
        auto position = [&bounds](float db) {
            return bounds.getWidth() * std::clamp((db + 60.0f) / 60.0f, 0.0f, 1.0f);
        };
        const float rms = position(rmsDb_);
        g.setGradientFill(juce::ColourGradient::horizontal(
            DeskColours::meterLow, bounds.getX(), DeskColours::meterHigh, bounds.getRight()));
        g.fillRoundedRectangle(bounds.withWidth(rms), 2.0f);
        g.setColour(DeskColours::text);
        g.fillRect(bounds.getX() + position(peakDb_) - 1.0f, bounds.getY(), 2.0f,
                   bounds.getHeight());
    }

private:
    float rmsDb_ = kSilenceDb;
    float peakDb_ = kSilenceDb;
};

} // namespace dragoman::gui
