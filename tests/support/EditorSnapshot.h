// The editor as a person sees it, refreshed, drawn and written as a PNG into the build tree's
// screenshot folder (DRAGOMAN_SCREENSHOT_DIR; docs/ holds reviewed copies), for the tests of
// the app and the plugin that show their views.
#pragma once

#include "DragomanEditor.h"

namespace dragoman::test {

inline juce::Image snapshot(plugin::DragomanEditor& editor, const juce::String& file) {
    editor.refresh();
    const juce::Image image = editor.createComponentSnapshot(editor.getLocalBounds());
    juce::File out = juce::File(DRAGOMAN_SCREENSHOT_DIR).getChildFile(file);
    out.getParentDirectory().createDirectory();
    out.deleteFile();
    juce::FileOutputStream stream(out);
    juce::PNGImageFormat().writeImageToStream(image, stream);
    return image;
}

} // namespace dragoman::test
