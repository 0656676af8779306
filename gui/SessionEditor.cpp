// See SessionEditor.h.
#include "SessionEditor.h"

#include "DeskLookAndFeel.h"
#include "session/SessionJson.h"
#include "session/SessionValidation.h"

namespace dragoman::gui {
namespace {

constexpr int kRowHeight = 56;
constexpr int kColumnX[] = {16, 170, 330, 450, 570, 690, 830, 960};

std::string at(const std::string& base, std::size_t index) {
    return base + "[" + std::to_string(index) + "]";
}

juce::String joinConsoles(const Booth& booth) {
    juce::StringArray ids;
    for (const Console& c : booth.consoles)
        ids.add(c.id);
    return ids.joinIntoString(", ");
}

// "ko-en-1, ko-en-2" -> consoles with seats 1, 2, ...
std::vector<Console> parseConsoles(const juce::String& text) {
    juce::StringArray ids;
    ids.addTokens(text, ",", "");
    ids.trim();
    ids.removeEmptyStrings();
    std::vector<Console> consoles;
    for (int i = 0; i < ids.size(); ++i)
        consoles.push_back({ids[i].toStdString(), i + 1});
    return consoles;
}

double number(const juce::String& text, double fallback) {
    return text.trim().containsOnly("-+.0123456789") && text.trim().isNotEmpty()
               ? text.getDoubleValue()
               : fallback;
}

} // namespace

SessionEditor::SessionEditor(DeskControl& desk) : desk_(desk) {
    viewport_.setViewedComponent(&form_, false);
    viewport_.setScrollBarsShown(true, false);
    addAndMakeVisible(viewport_);
    summary_.setColour(juce::Label::textColourId, DeskColours::dimText);
    addAndMakeVisible(summary_);
    apply_.onClick = [this] { apply(); };
    revert_.onClick = [this] { revert(); };
    addChannel_.onClick = [this] {
        edited_.channels.push_back({"", "", {}, {}});
        rebuild();
    };
    addBooth_.onClick = [this] {
        Booth booth;
        booth.outputs = {edited_.channels.empty() ? "" : edited_.channels.front().id};
        booth.consoles = {{"", 1}};
        edited_.booths.push_back(booth);
        rebuild();
    };
    open_.onClick = [this] {
        chooser_ =
            std::make_unique<juce::FileChooser>("Open a Dragoman session", juce::File(), "*.json");
        chooser_->launchAsync(juce::FileBrowserComponent::openMode |
                                  juce::FileBrowserComponent::canSelectFiles,
                              [this](const juce::FileChooser& c) {
                                  if (c.getResult() != juce::File())
                                      load(c.getResult());
                              });
    };
    save_.onClick = [this] {
        chooser_ = std::make_unique<juce::FileChooser>("Save the Dragoman session", juce::File(),
                                                       "*.json");
        chooser_->launchAsync(juce::FileBrowserComponent::saveMode |
                                  juce::FileBrowserComponent::warnAboutOverwriting,
                              [this](const juce::FileChooser& c) {
                                  if (c.getResult() != juce::File())
                                      save(c.getResult());
                              });
    };
    for (juce::TextButton* b : {&apply_, &revert_, &open_, &save_, &addChannel_, &addBooth_})
        addAndMakeVisible(*b);
    revert();
}

void SessionEditor::revert() {
    edited_ = desk_.session();
    problems_.clear();
    summary_.setText("The running session. Edit, then Apply: changes go live without a click.",
                     juce::dontSendNotification);
    rebuild();
}

juce::TextEditor& SessionEditor::addText(const std::string& path, const juce::String& caption,
                                         const juce::String& text, int row, int column, int width,
                                         std::function<void(const juce::String&)> onChange) {
    auto field = std::make_unique<Field>();
    auto editor = std::make_unique<juce::TextEditor>();
    editor->setText(text, false);
    editor->setColour(juce::TextEditor::backgroundColourId, DeskColours::panel);
    editor->setColour(juce::TextEditor::textColourId, DeskColours::text);
    editor->setColour(juce::TextEditor::outlineColourId, DeskColours::panelEdge);
    auto* raw = editor.get();
    editor->onTextChange = [raw, change = std::move(onChange)] { change(raw->getText()); };
    field->path = path;
    field->editor = std::move(editor);
    field->caption = std::make_unique<juce::Label>("", caption);
    field->row = row;
    field->column = column;
    field->width = width;
    fields_.push_back(std::move(field));
    return *raw;
}

void SessionEditor::addToggle(const std::string& path, const juce::String& caption, bool on,
                              int row, int column, std::function<void(bool)> onChange) {
    auto field = std::make_unique<Field>();
    auto toggle = std::make_unique<juce::ToggleButton>(caption);
    toggle->setToggleState(on, juce::dontSendNotification);
    toggle->setColour(juce::ToggleButton::textColourId, DeskColours::text);
    auto* raw = toggle.get();
    toggle->onClick = [raw, change = std::move(onChange)] { change(raw->getToggleState()); };
    field->path = path;
    field->editor = std::move(toggle);
    field->caption = std::make_unique<juce::Label>("", "");
    field->row = row;
    field->column = column;
    field->width = 110;
    fields_.push_back(std::move(field));
}

void SessionEditor::addChoice(const std::string& path, const juce::String& caption, bool interlock,
                              int row, int column, std::function<void(bool)> onChange) {
    auto field = std::make_unique<Field>();
    auto box = std::make_unique<juce::ComboBox>();
    box->addItem("interlock", 1);
    box->addItem("override", 2);
    box->setSelectedId(interlock ? 1 : 2, juce::dontSendNotification);
    auto* raw = box.get();
    box->onChange = [raw, change = std::move(onChange)] { change(raw->getSelectedId() == 1); };
    field->path = path;
    field->editor = std::move(box);
    field->caption = std::make_unique<juce::Label>("", caption);
    field->row = row;
    field->column = column;
    field->width = 110;
    fields_.push_back(std::move(field));
}

void SessionEditor::addButton(const juce::String& text, int row, int column,
                              std::function<void()> onClick) {
    auto button = std::make_unique<juce::TextButton>(text);
    button->onClick = std::move(onClick);
    button->getProperties().set("row", row);
    button->getProperties().set("column", column);
    rowButtons_.push_back(std::move(button));
}

void SessionEditor::rebuild() {
    fields_.clear();
    rowButtons_.clear();
    Session& s = edited_;
    int row = 0;
    addText("name", "Event", juce::String::fromUTF8(s.name.c_str()), row, 0, 300,
            [this](const juce::String& t) { edited_.name = t.toStdString(); });
    addText("floor.language", "Floor language", s.floor.language, row, 2, 100,
            [this](const juce::String& t) { edited_.floor.language = t.toStdString(); });
    addText(
        "floor.channels", "Floor channels", juce::String(s.floor.channels), row, 3, 100,
        [this](const juce::String& t) { edited_.floor.channels = static_cast<int>(number(t, 0)); });
    addText("limiter.ceilingDbfs", "Limiter dBFS", juce::String(s.limiter.ceilingDbfs), row, 4, 100,
            [this](const juce::String& t) {
                edited_.limiter.ceilingDbfs = number(t, 1.0e9); // not a number: out of range
            });
    addChoice("channelInterlock", "Channel interlock",
              s.channelInterlock == InterlockMode::Interlock, row, 5, [this](bool interlock) {
                  edited_.channelInterlock =
                      interlock ? InterlockMode::Interlock : InterlockMode::Override;
              });
    ++row;
    for (std::size_t i = 0; i < s.channels.size(); ++i, ++row) {
        const std::string path = at("channels", i);
        addText(path + ".id", "Channel", s.channels[i].id, row, 0, 120,
                [this, i](const juce::String& t) { edited_.channels[i].id = t.toStdString(); });
        addText(path + ".name", "Name", juce::String::fromUTF8(s.channels[i].name.c_str()), row, 1,
                140,
                [this, i](const juce::String& t) { edited_.channels[i].name = t.toStdString(); });
        addToggle(path + ".autoFloor.enabled", "auto-floor", s.channels[i].autoFloor.enabled, row,
                  2, [this, i](bool on) { edited_.channels[i].autoFloor.enabled = on; });
        addText(path + ".autoFloor.fadeMs", "Fade ms", juce::String(s.channels[i].autoFloor.fadeMs),
                row, 3, 100, [this, i](const juce::String& t) {
                    edited_.channels[i].autoFloor.fadeMs = number(t, -1.0);
                });
        addToggle(path + ".floorBed.enabled", "floor bed", s.channels[i].floorBed.enabled, row, 4,
                  [this, i](bool on) { edited_.channels[i].floorBed.enabled = on; });
        addText(path + ".floorBed.levelDb", "Bed dB", juce::String(s.channels[i].floorBed.levelDb),
                row, 5, 100, [this, i](const juce::String& t) {
                    edited_.channels[i].floorBed.levelDb = number(t, 1.0e9);
                });
        addButton("Remove", row, 7, [this, i] {
            edited_.channels.erase(edited_.channels.begin() + static_cast<long>(i));
            rebuild();
        });
    }
    for (std::size_t b = 0; b < s.booths.size(); ++b, ++row) {
        const std::string path = at("booths", b);
        const Booth& booth = s.booths[b];
        addText(path + ".id", "Booth", booth.id, row, 0, 120,
                [this, b](const juce::String& t) { edited_.booths[b].id = t.toStdString(); });
        addText(
            path + ".consoles", "Consoles", joinConsoles(booth), row, 1, 140,
            [this, b](const juce::String& t) { edited_.booths[b].consoles = parseConsoles(t); });
        const char* slots[] = {"a", "b", "c"};
        for (std::size_t slot = 0; slot < 3; ++slot)
            addText(path + ".outputs." + slots[slot],
                    juce::String("Out ") + juce::String(slots[slot]).toUpperCase(),
                    slot < booth.outputs.size() ? juce::String(booth.outputs[slot]) : "", row,
                    static_cast<int>(2 + slot), 100, [this, b, slot](const juce::String& t) {
                        auto& outputs = edited_.booths[b].outputs;
                        outputs.resize(std::max(outputs.size(), slot + 1));
                        outputs[slot] = t.trim().toStdString();
                        while (!outputs.empty() && outputs.back().empty())
                            outputs.pop_back(); // trailing empty slots are unset
                    });
        addText(path + ".relay", "Relay", booth.relay ? juce::String(*booth.relay) : "", row, 5,
                100, [this, b](const juce::String& t) {
                    const std::string relay = t.trim().toStdString();
                    edited_.booths[b].relay =
                        relay.empty() ? std::nullopt : std::optional<std::string>(relay);
                });
        addChoice(path + ".interlock", "Booth interlock",
                  booth.interlock == InterlockMode::Interlock, row, 6, [this, b](bool interlock) {
                      edited_.booths[b].interlock =
                          interlock ? InterlockMode::Interlock : InterlockMode::Override;
                  });
        addButton("Remove", row, 7, [this, b] {
            edited_.booths.erase(edited_.booths.begin() + static_cast<long>(b));
            rebuild();
        });
    }
    rows_ = row;
    for (auto& field : fields_) {
        field->problem = std::make_unique<juce::Label>();
        field->problem->setColour(juce::Label::textColourId, DeskColours::onAir);
        field->problem->setFont(juce::Font(12.0f));
        field->caption->setColour(juce::Label::textColourId, DeskColours::dimText);
        field->caption->setFont(juce::Font(12.0f));
        for (juce::Component* c :
             {field->editor.get(), static_cast<juce::Component*>(field->caption.get()),
              static_cast<juce::Component*>(field->problem.get())})
            form_.addAndMakeVisible(c);
    }
    for (auto& button : rowButtons_)
        form_.addAndMakeVisible(*button);
    showProblems({});
    resized();
}

juce::String SessionEditor::problemAt(const std::string& path) const {
    const auto it = problems_.find(path);
    return it == problems_.end() ? juce::String() : it->second;
}

void SessionEditor::showProblems(const Problems& problems) {
    problems_.clear();
    juce::StringArray unplaced;
    for (const Problem& p : problems) {
        // The field whose path is the longest prefix of the problem's path shows it.
        const Field* best = nullptr;
        for (const auto& field : fields_)
            if (p.path.rfind(field->path, 0) == 0 &&
                (best == nullptr || field->path.size() > best->path.size()))
                best = field.get();
        if (best == nullptr) {
            unplaced.add(juce::String(p.describe()));
            continue;
        }
        juce::String& text = problems_[best->path];
        text << (text.isEmpty() ? "" : "; ") << juce::String::fromUTF8(p.message.c_str());
    }
    for (auto& field : fields_) {
        field->problem->setText(problemAt(field->path), juce::dontSendNotification);
        field->problem->setTooltip(problemAt(field->path));
        field->editor->setColour(juce::TextEditor::outlineColourId, problemAt(field->path).isEmpty()
                                                                        ? DeskColours::panelEdge
                                                                        : DeskColours::onAir);
    }
    if (!problems.empty())
        summary_.setText(juce::String(static_cast<int>(problems.size())) +
                             " problem(s): nothing applied. " + unplaced.joinIntoString("; "),
                         juce::dontSendNotification);
    summary_.setColour(juce::Label::textColourId,
                       problems.empty() ? DeskColours::dimText : DeskColours::onAir);
    repaint();
}

Problems SessionEditor::apply() {
    const Problems problems = desk_.applySession(edited_);
    showProblems(problems);
    if (problems.empty())
        summary_.setText("Applied: the session is live.", juce::dontSendNotification);
    return problems;
}

Problems SessionEditor::load(const juce::File& file) {
    const SessionLoad loaded = loadSessionFile(file.getFullPathName().toStdString());
    if (!loaded.problems.empty() && loaded.session.channels.empty()) {
        showProblems(loaded.problems); // unreadable or malformed: keep the form
        return loaded.problems;
    }
    edited_ = loaded.session;
    rebuild();
    showProblems(loaded.problems);
    if (loaded.problems.empty())
        summary_.setText("Loaded " + file.getFileName() + ": Apply to make it live.",
                         juce::dontSendNotification);
    return loaded.problems;
}

void SessionEditor::save(const juce::File& file) const {
    saveSessionFile(edited_, file.getFullPathName().toStdString());
}

void SessionEditor::resized() {
    auto top = getLocalBounds().removeFromTop(48).reduced(12, 8);
    for (juce::TextButton* b : {&apply_, &revert_, &open_, &save_, &addChannel_, &addBooth_})
        b->setBounds(top.removeFromLeft(b == &apply_ ? 110 : 100).reduced(3, 0));
    summary_.setBounds(top.reduced(8, 0));
    viewport_.setBounds(getLocalBounds().withTrimmedTop(48));
    form_.setSize(std::max(1060, viewport_.getWidth() - 12), rows_ * kRowHeight + 16);
    for (auto& field : fields_) {
        const int x = kColumnX[field->column];
        const int y = 8 + field->row * kRowHeight;
        field->caption->setBounds(x, y, field->width, 14);
        field->editor->setBounds(x, y + 14, field->width, 24);
        // The problem goes under its field, as wide as the space before the next column (the
        // full text is the label's tooltip).
        const int next = field->column + 1 < static_cast<int>(std::size(kColumnX))
                             ? kColumnX[field->column + 1]
                             : form_.getWidth();
        field->problem->setBounds(x, y + 38, std::max(field->width, next - x - 6), 16);
    }
    for (auto& button : rowButtons_)
        button->setBounds(kColumnX[static_cast<int>(button->getProperties()["column"])],
                          8 + static_cast<int>(button->getProperties()["row"]) * kRowHeight + 12,
                          90, 28);
}

void SessionEditor::paint(juce::Graphics& g) {
    g.fillAll(DeskColours::background);
}

} // namespace dragoman::gui
