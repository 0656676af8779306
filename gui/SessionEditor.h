// Editing the running session: the event's settings, language channels and booths with their
// consoles, added and removed; interlock modes and auto-floor. Apply checks the whole session
// and shows every problem next to the field at fault (by its JSON path); a valid session goes
// live at once, click-free. Open and Save read and write session files.
// Message thread only.
#pragma once

#include "DeskControl.h"

#include <juce_gui_basics/juce_gui_basics.h>
#include <memory>
#include <vector>

namespace dragoman::gui {

class SessionEditor : public juce::Component {
public:
    explicit SessionEditor(DeskControl& desk);

    // Fills the form from the running session (discarding unapplied edits).
    void revert();
    // The session as the form says.
    const Session& edited() const { return edited_; }
    Session& edited() { return edited_; }
    // Validates and, if valid, applies; shows the problems next to their fields.
    Problems apply();
    // Reads a session file into the form (problems shown, nothing applied) / writes the form.
    Problems load(const juce::File& file);
    void save(const juce::File& file) const;
    // The message shown next to a field, by its path ("booths[1].outputs.b"), or "".
    juce::String problemAt(const std::string& path) const;
    // Rebuilds the form from edited() (after adding or removing rows).
    void rebuild();

    void resized() override;
    void paint(juce::Graphics& g) override;

private:
    struct Field {
        std::string path;
        std::unique_ptr<juce::Component> editor;
        std::unique_ptr<juce::Label> caption;
        std::unique_ptr<juce::Label> problem;
        int row = 0, column = 0, width = 120;
    };

    juce::TextEditor& addText(const std::string& path, const juce::String& caption,
                              const juce::String& text, int row, int column, int width,
                              std::function<void(const juce::String&)> onChange);
    void addToggle(const std::string& path, const juce::String& caption, bool on, int row,
                   int column, std::function<void(bool)> onChange);
    void addChoice(const std::string& path, const juce::String& caption, bool interlock, int row,
                   int column, std::function<void(bool)> onChange);
    void addButton(const juce::String& text, int row, int column, std::function<void()> onClick);
    void showProblems(const Problems& problems);

    DeskControl& desk_;
    Session edited_;
    std::vector<std::unique_ptr<Field>> fields_;
    std::vector<std::unique_ptr<juce::TextButton>> rowButtons_;
    juce::TextButton apply_{"Apply"}, revert_{"Revert"}, open_{"Open..."}, save_{"Save..."},
        addChannel_{"Add channel"}, addBooth_{"Add booth"};
    juce::Label summary_;
    juce::Component form_;
    juce::Viewport viewport_;
    std::unique_ptr<juce::FileChooser> chooser_;
    std::map<std::string, juce::String> problems_; // by field path
    int rows_ = 0;
};

} // namespace dragoman::gui
