// The desk's look: dark, high-contrast, readable at a glance in a dim booth; red means on
// air and nothing else. One typeface covers Latin, Hangul and kana (JUCE on Linux has no
// per-glyph font fallback), so language names show in their own scripts: Noto Sans CJK,
// loaded from its file, since JUCE 7.0.5's font scan skips .ttc collections.
#pragma once

#include <juce_gui_basics/juce_gui_basics.h>

namespace dragoman::gui {

namespace DeskColours {
inline const juce::Colour background{0xff15171a};
inline const juce::Colour panel{0xff1f2227};
inline const juce::Colour panelEdge{0xff2e323a};
inline const juce::Colour text{0xffe8eaed};
inline const juce::Colour dimText{0xff9aa0a6};
inline const juce::Colour onAir{0xffe53935};     // only for "live"
inline const juce::Colour waiting{0xffffb300};   // amber: asked, not yet live
inline const juce::Colour selected{0xff1e88e5};  // chosen channel / source
inline const juce::Colour signal{0xffffd54f};    // slow-down, help
inline const juce::Colour floorTone{0xff43a047}; // the original sound
inline const juce::Colour meterLow{0xff43a047};
inline const juce::Colour meterHigh{0xffe53935};
} // namespace DeskColours

// JUCE resolves every Font through the *default* LookAndFeel, so a desk window makes this its
// default while it is open; hold it through juce::SharedResourcePointer so that several
// editors share one, and the default is reset when the last one closes.
class DeskLookAndFeel : public juce::LookAndFeel_V4 {
public:
    DeskLookAndFeel();
    ~DeskLookAndFeel() override;
    juce::Typeface::Ptr getTypefaceForFont(const juce::Font& font) override;
    juce::Font getTextButtonFont(juce::TextButton&, int buttonHeight) override;
    void drawButtonBackground(juce::Graphics&, juce::Button&, const juce::Colour& background,
                              bool highlighted, bool down) override;
    void drawRotarySlider(juce::Graphics&, int x, int y, int width, int height, float position,
                          float startAngle, float endAngle, juce::Slider&) override;

    // True when a typeface with Hangul and kana was found (fonts-noto-cjk).
    bool coversCjk() const { return regular_ != nullptr; }

private:
    juce::Typeface::Ptr regular_, bold_;
};

} // namespace dragoman::gui
