// See DeskLookAndFeel.h.
#include "DeskLookAndFeel.h"

namespace dragoman::gui {

DeskLookAndFeel::DeskLookAndFeel() {
    using namespace DeskColours;
    setColour(juce::ResizableWindow::backgroundColourId, background);
    setColour(juce::TextButton::buttonColourId, panel);
    setColour(juce::TextButton::textColourOffId, text);
    setColour(juce::TextButton::textColourOnId, text);
    setColour(juce::Label::textColourId, text);
    setColour(juce::Slider::rotarySliderFillColourId, selected);
    setColour(juce::Slider::textBoxTextColourId, text);
    setColour(juce::Slider::textBoxOutlineColourId, juce::Colours::transparentBlack);
    setColour(juce::ComboBox::backgroundColourId, panel);
    setColour(juce::ComboBox::textColourId, text);
    setColour(juce::TabbedButtonBar::tabOutlineColourId, panelEdge);
    // FreeType reads face 0 of a collection from memory: the JP face, which like every Noto
    // Sans CJK face has Hangul and kana too.
    auto load = [](const char* path) -> juce::Typeface::Ptr {
        juce::MemoryBlock data;
        if (!juce::File(path).loadFileAsData(data))
            return nullptr;
        return juce::Typeface::createSystemTypefaceFor(data.getData(), data.getSize());
    };
    regular_ = load("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc");
    bold_ = load("/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc");
    juce::LookAndFeel::setDefaultLookAndFeel(this);
    juce::Typeface::clearTypefaceCache(); // faces resolved before now lack Hangul and kana
}

DeskLookAndFeel::~DeskLookAndFeel() {
    if (&juce::LookAndFeel::getDefaultLookAndFeel() == this)
        juce::LookAndFeel::setDefaultLookAndFeel(nullptr);
}

juce::Typeface::Ptr DeskLookAndFeel::getTypefaceForFont(const juce::Font& font) {
    if (regular_ != nullptr && font.getTypefaceName() == juce::Font::getDefaultSansSerifFontName())
        return font.isBold() && bold_ != nullptr ? bold_ : regular_;
    return LookAndFeel_V4::getTypefaceForFont(font);
}

juce::Font DeskLookAndFeel::getTextButtonFont(juce::TextButton&, int buttonHeight) {
    // Large keys get large, bold captions: the mic key reads ON AIR across the booth.
    const float height = static_cast<float>(buttonHeight);
    return buttonHeight > 100 ? juce::Font(std::min(48.0f, height * 0.32f), juce::Font::bold)
                              : juce::Font(std::min(17.0f, height * 0.45f));
}

void DeskLookAndFeel::drawButtonBackground(juce::Graphics& g, juce::Button& button,
                                           const juce::Colour& background, bool highlighted,
                                           bool down) {
    auto bounds = button.getLocalBounds().toFloat().reduced(1.5f);
    juce::Colour fill = background;
    if (down)
        fill = fill.brighter(0.25f);
    else if (highlighted)
        fill = fill.brighter(0.1f);
    g.setColour(fill);
    g.fillRoundedRectangle(bounds, 6.0f);
    g.setColour(button.getToggleState() ? fill.brighter(0.5f) : DeskColours::panelEdge);
    g.drawRoundedRectangle(bounds, 6.0f, 1.5f);
}

void DeskLookAndFeel::drawRotarySlider(juce::Graphics& g, int x, int y, int width, int height,
                                       float position, float startAngle, float endAngle,
                                       juce::Slider&) {
    const auto bounds = juce::Rectangle<int>(x, y, width, height).toFloat().reduced(6.0f);
    const float radius = std::min(bounds.getWidth(), bounds.getHeight()) / 2.0f;
    const auto centre = bounds.getCentre();
    const float angle = startAngle + position * (endAngle - startAngle);
    juce::Path track, value;
    track.addCentredArc(centre.x, centre.y, radius, radius, 0.0f, startAngle, endAngle, true);
    value.addCentredArc(centre.x, centre.y, radius, radius, 0.0f, startAngle, angle, true);
    g.setColour(DeskColours::panelEdge);
    g.strokePath(track, juce::PathStrokeType(5.0f, juce::PathStrokeType::curved,
                                             juce::PathStrokeType::rounded));
    g.setColour(DeskColours::selected);
    g.strokePath(value, juce::PathStrokeType(5.0f, juce::PathStrokeType::curved,
                                             juce::PathStrokeType::rounded));
    const juce::Point<float> tip = centre.getPointOnCircumference(radius * 0.7f, angle);
    g.setColour(DeskColours::text);
    g.drawLine({centre, tip}, 3.0f);
}

} // namespace dragoman::gui
